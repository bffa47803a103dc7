/**
 * The verifier page (docs: README, "Verify in your browser"): reads a customer's proof file, checks it
 * off-chain and then against the epoch on-chain, for the registry and exchange the link or the customer
 * chose (never the file's alone), with the same code as `solvent verify`. Inclusion is checked on this
 * device against the epoch read on-chain, so the RPC endpoint never sees the account key or balances.
 * Bundled into dist/verifier.html by scripts/build-verifier.ts.
 */
import { isAddress } from "ethers";
import { InputError } from "../../errors.js";
import { parseProof } from "../../io/proof-format.js";
import { endSentence, unreadableFileReason, verdictOf, type Answers } from "../../ops/verdict.js";
import {
  verifyProofOffChain,
  verifyProofOnChain,
  type ChainConnection,
  type TrustChoice,
} from "../../ops/verify-proof.js";
import type { InclusionProof } from "../../tree/proof.js";
import { connect, hasWallet } from "./connect.js";
import { answersFor } from "./independent-check.js";
import { readLink } from "./link.js";
import { showDetails, showSource, showVerdict, showWarnings } from "./render.js";

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
const fields = { rpc: field("rpc"), registry: field("registry"), exchange: field("exchange"), chain: field("chain") };

const link = readLink(location.search);
fields.rpc.value = link.rpc ?? "";
fields.registry.value = link.registry ?? "";
fields.exchange.value = link.exchange ?? "";
fields.chain.value = link.chain ?? "";
document.getElementById("link-note")!.textContent =
  link.problems.length > 0
    ? `This link has problems: ${link.problems.join("; ")}. Ask the exchange for a correct link, or fill in the fields yourself.`
    : link.registry !== undefined
      ? "Filled in from the link you opened. Change them if you have an address you trust more (from the exchange's announcements, or Solvent's list of deployments)."
      : "Enter the registry, exchange id and chain id your exchange announced, and an RPC endpoint of that chain (or use your wallet).";

const walletChoice = field("via-wallet");
const noWallet = document.createElement("span");
noWallet.textContent = " (none found in this browser)";
if (!hasWallet()) {
  walletChoice.disabled = true;
  walletChoice.parentElement!.append(noWallet);
  // Wallets that inject late announce it with this event (MetaMask's convention).
  window.addEventListener(
    "ethereum#initialized",
    () => {
      walletChoice.disabled = false;
      noWallet.remove();
    },
    { once: true },
  );
}

let proofSource: { text: string; name: string } | undefined;
/** Each proof given and each verification gets a number: a slower earlier one never overwrites a newer one. */
let latest = 0;

/** The customer's choices from the fields: a field that is filled in wrongly is an error, not ignored. */
function choiceFromFields(): TrustChoice {
  const registry = fields.registry.value.trim();
  if (registry === "")
    throw new InputError("no registry address: open the link your exchange published, or enter the address you trust");
  if (!isAddress(registry)) throw new InputError(`the registry ${JSON.stringify(registry)} is not an address`);
  const whole = (input: HTMLInputElement, what: string, advice: string): bigint => {
    const text = input.value.trim();
    if (text === "") throw new InputError(`no ${what}: ${advice}`);
    if (!/^[0-9]{1,30}$/.test(text)) throw new InputError(`the ${what} ${JSON.stringify(text)} is not a whole number`);
    return BigInt(text);
  };
  const exchangeId = whole(fields.exchange, "exchange id", "enter your exchange's id on the registry");
  // Required: the same registry address can hold something else on another chain.
  const chainId = whole(fields.chain, "chain id", "enter the id of the chain the registry is on (1 for Ethereum)");
  const lensApplies = link.lens !== undefined && registry.toLowerCase() === link.registry?.toLowerCase();
  return { registry, exchangeId, chainId, ...(lensApplies ? { lens: link.lens } : {}) };
}

/**
 * Whether the endpoint in the field is the link's (so, the exchange's). The host decides, not the text: a
 * URL parser ignores spaces and line breaks the field drops, and any endpoint on the link's host is the
 * exchange's whatever its path.
 */
function endpointFromLink(via: "rpc" | "wallet", rpc: string): boolean {
  if (via !== "rpc" || link.rpc === undefined) return false;
  try {
    return new URL(rpc).host === new URL(link.rpc).host;
  } catch {
    return true;
  }
}

/** Where the answers come from, and who chose it, in words. */
function sourceOf(connection: ChainConnection, via: "rpc" | "wallet", answers: Answers, fromLink: boolean): string {
  if (via === "wallet") return "Answers came from your browser wallet's connection to the chain.";
  const host = new URL(connection.label).host;
  switch (answers.from) {
    case "customer":
      // Nothing was cross-checked when the proof was refused before its inclusion was read: say who chose it.
      return fromLink
        ? `Answers came from ${host}, the endpoint the link chose (so, the exchange).`
        : `Answers came from ${host}, the endpoint you entered.`;
    case "cross-checked":
      return `The link chose ${host} (so, the exchange); ${answers.independent}, a public endpoint independent of the exchange, gave the same registry code and epoch, and everything shown here was read from it.`;
    case "exchange":
      return `Answers came from ${host}, the endpoint the link chose (so, the exchange), and nothing independent confirmed them. For a check the exchange cannot influence, use your wallet or an RPC endpoint you choose.`;
    case "disagreement":
      return `Answers came from ${host}, the endpoint the link chose (so, the exchange), and ${answers.independent}, a public endpoint independent of the exchange, contradicts them.`;
  }
}

async function verify(run: number): Promise<void> {
  const current = () => run === latest;
  if (proofSource === undefined) {
    showVerdict("waiting", "Waiting for a proof file", "Choose, drop or paste your proof file first.");
    return;
  }
  showVerdict("checking", "Checking…", "");
  let proof: InclusionProof;
  try {
    proof = parseProof(proofSource.text, proofSource.name);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    showVerdict("invalid-file", "Invalid file", unreadableFileReason(error.message));
    return;
  }
  const offChain = verifyProofOffChain(proof);
  const offChainOnly = (why: string) => {
    const verdict = verdictOf(offChain);
    showVerdict(
      verdict.kind,
      verdict.title,
      verdict.kind === "off-chain-only"
        ? `${why} The file is consistent with its own root, which alone is not inclusion.`
        : verdict.reason,
    );
    showDetails(proof, offChain);
  };
  let choice: TrustChoice;
  try {
    choice = choiceFromFields();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    offChainOnly(`Not checked on-chain: ${endSentence(error.message)}`);
    return;
  }
  const via = walletChoice.checked ? "wallet" : "rpc";
  const rpc = fields.rpc.value.trim();
  let connection: ChainConnection;
  try {
    connection = await connect(via, rpc);
  } catch (error) {
    if (current())
      offChainOnly(
        `Not checked on-chain: ${endSentence((error as Error).message)} Check the RPC URL, or try another endpoint or your wallet.`,
      );
    return;
  }
  try {
    const options = {
      inclusion: "local" as const,
      registryChoiceName: "the registry of the link you opened (or the one you entered)",
    };
    const report = await verifyProofOnChain(proof, connection, choice, options);
    if (!current()) return;
    const fromLink = endpointFromLink(via, rpc);
    if (fromLink && report.onChain !== undefined) showVerdict("checking", "Checking with an independent endpoint…", "");
    const answers = await answersFor(report, connection, via, fromLink, (independent) =>
      verifyProofOnChain(proof, independent, choice, options),
    );
    if (!current()) return;
    // Cross-checked: everything shown is the independent endpoint's reading.
    const shown = (answers.from === "cross-checked" ? answers.report : undefined) ?? report;
    const verdict = verdictOf(shown, proof.leaf.accountId, answers);
    showVerdict(verdict.kind, verdict.title, verdict.reason);
    showSource(sourceOf(connection, via, answers, fromLink));
    showWarnings(shown.onChain?.warnings ?? []);
    showDetails(proof, shown);
  } catch (error) {
    if (!current()) return;
    if (error instanceof InputError) {
      showVerdict("not-verified", "Not verified", endSentence(error.message));
      showDetails(proof, offChain);
    } else {
      offChainOnly(
        `The chain stopped answering (${(error as Error).message.split("\n")[0]}); try again or use another endpoint.`,
      );
    }
  } finally {
    connection.provider.destroy();
  }
}

/** Starts a verification; nothing it throws is left unexplained on the page. */
function start(): void {
  const run = ++latest;
  verify(run).catch((error: unknown) => {
    if (run === latest)
      showVerdict(
        "not-verified",
        "Not verified",
        `Something went wrong: ${endSentence((error as Error).message)} Reload the page and try again; if it persists, tell the exchange.`,
      );
  });
}

/** A proof from the picker or a drop: numbered when given, so a slow read never replaces a newer proof. */
function useFile(file: File): void {
  const given = ++latest;
  showVerdict("checking", "Reading the file…", "");
  file.text().then(
    (text) => {
      if (given !== latest) return;
      proofSource = { text, name: file.name };
      start();
    },
    (error: unknown) => {
      if (given === latest)
        showVerdict("invalid-file", "Invalid file", `The file cannot be read: ${endSentence(String(error))}`);
    },
  );
}

field("file").addEventListener("change", () => {
  const file = field("file").files?.[0];
  if (file !== undefined) useFile(file);
});
const drop = document.getElementById("drop")!;
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) useFile(file);
});
let pasteTimer: ReturnType<typeof setTimeout> | undefined;
const paste = document.getElementById("paste") as HTMLTextAreaElement;
paste.addEventListener("input", () => {
  clearTimeout(pasteTimer);
  pasteTimer = setTimeout(() => {
    if (paste.value.trim() === "") return;
    proofSource = { text: paste.value, name: "the pasted text" };
    start();
  }, 300);
});
document.getElementById("again")!.addEventListener("click", start);
for (const choice of [field("via-rpc"), walletChoice]) choice.addEventListener("change", start);
// A result shown for other settings must not stand: edited fields wait for "Verify again".
for (const input of Object.values(fields)) {
  input.addEventListener("input", () => {
    if (proofSource === undefined) return;
    latest++;
    showVerdict("outdated", "Settings changed", "Press “Verify again” to check with the new settings.");
  });
}
