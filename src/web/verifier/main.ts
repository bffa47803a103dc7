/**
 * The verifier page (docs: README, "Verify in your browser"): reads a customer's proof file, checks it
 * off-chain and then on-chain against the registry and exchange the link or the customer chose (never the
 * file's alone), with the same code as `solvent verify`. Bundled into dist/verifier.html by
 * scripts/build-verifier.ts.
 */
import { isAddress } from "ethers";
import { InputError } from "../../errors.js";
import { parseProof } from "../../io/proof-format.js";
import { verdictOf } from "../../ops/verdict.js";
import { verifyProofOffChain, verifyProofOnChain, type TrustChoice } from "../../ops/verify-proof.js";
import type { InclusionProof } from "../../tree/proof.js";
import { connect, hasWallet } from "./connect.js";
import { readLink } from "./link.js";
import { showDetails, showVerdict } from "./render.js";

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
/** Each run's number: a slower earlier run never overwrites a newer one's result. */
let runs = 0;

/** The customer's choices from the fields: a field that is filled in wrongly is an error, not ignored. */
function choiceFromFields(): TrustChoice {
  const registry = fields.registry.value.trim();
  if (registry === "")
    throw new InputError("no registry address: open the link your exchange published, or enter the address you trust");
  if (!isAddress(registry)) throw new InputError(`the registry ${JSON.stringify(registry)} is not an address`);
  const whole = (input: HTMLInputElement, what: string): bigint | undefined => {
    const text = input.value.trim();
    if (text === "") return undefined;
    if (!/^[0-9]{1,30}$/.test(text)) throw new InputError(`the ${what} ${JSON.stringify(text)} is not a whole number`);
    return BigInt(text);
  };
  const exchangeId = whole(fields.exchange, "exchange id");
  if (exchangeId === undefined)
    throw new InputError("no exchange id: open the link your exchange published, or enter its id on the registry");
  const chainId = whole(fields.chain, "chain id");
  return {
    registry,
    exchangeId,
    ...(chainId !== undefined ? { chainId } : {}),
    ...(link.lens !== undefined && registry.toLowerCase() === link.registry?.toLowerCase() ? { lens: link.lens } : {}),
  };
}

async function verify(): Promise<void> {
  if (proofSource === undefined) return;
  const run = ++runs;
  const current = () => run === runs;
  showVerdict("checking", "Checking…", "");
  let proof: InclusionProof;
  try {
    proof = parseProof(proofSource.text, proofSource.name);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    showVerdict(
      "invalid-file",
      "Invalid file",
      `This is not a proof file Solvent can read: ${error.message}. Use the file your exchange gave you for your account, unchanged.`,
    );
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
    if (current()) offChainOnly(`Not checked on-chain: ${error.message}.`);
    return;
  }
  const via = field("via-wallet").checked ? "wallet" : "rpc";
  let connection;
  try {
    connection = await connect(via, fields.rpc.value.trim());
  } catch (error) {
    if (current())
      offChainOnly(
        `Not checked on-chain: ${(error as Error).message}. Check the RPC URL, or try another endpoint or your wallet.`,
      );
    return;
  }
  try {
    const report = await verifyProofOnChain(proof, connection, choice, {
      registryChoiceName: "the registry of the link you opened (or the one you entered)",
    });
    if (!current()) return;
    const verdict = verdictOf(report);
    showVerdict(verdict.kind, verdict.title, verdict.reason);
    showDetails(proof, report);
  } catch (error) {
    if (!current()) return;
    if (error instanceof InputError) {
      showVerdict("not-verified", "Not verified", `${error.message}.`);
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

function useProof(text: string, name: string): void {
  proofSource = { text, name };
  void verify();
}

field("file").addEventListener("change", () => {
  const file = field("file").files?.[0];
  if (file !== undefined) void file.text().then((text) => useProof(text, file.name));
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
  if (file !== undefined) void file.text().then((text) => useProof(text, file.name));
});
let pasteTimer: ReturnType<typeof setTimeout> | undefined;
const paste = document.getElementById("paste") as HTMLTextAreaElement;
paste.addEventListener("input", () => {
  clearTimeout(pasteTimer);
  pasteTimer = setTimeout(() => {
    if (paste.value.trim() !== "") useProof(paste.value, "the pasted text");
  }, 300);
});
document.getElementById("again")!.addEventListener("click", () => void verify());
for (const choice of [field("via-rpc"), walletChoice]) choice.addEventListener("change", () => void verify());
