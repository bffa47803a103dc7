import type { VerifyReport } from "./verify-proof.js";

/** The one-word answer a customer gets, and why, in words. */
export interface Verdict {
  kind: "included" | "exchange-endpoint" | "endpoints-disagree" | "not-included" | "not-verified" | "off-chain-only";
  /** The kind in words: "Included", "Not included", … (VERDICT_TITLES). */
  title: string;
  /** Why, in words a customer understands. */
  reason: string;
}

/** Each verdict's title, as the page shows it and the README names it. */
export const VERDICT_TITLES: Record<Verdict["kind"], string> = {
  included: "Included",
  "exchange-endpoint": "Included only according to the exchange's own endpoint",
  "endpoints-disagree": "Not verified: the endpoints disagree",
  "not-included": "Not included",
  "not-verified": "Not verified",
  "off-chain-only": "Checked off-chain only",
};

/**
 * Whose word the chain's answers rest on. The customer's: their wallet or an endpoint they entered
 * ("customer"), or the link's endpoint once an independent public endpoint agreed ("cross-checked"). Only the
 * exchange's: the link's endpoint, which no independent endpoint could confirm ("exchange"). Or the
 * independent endpoint contradicted the link's ("disagreement"). Hosts are named in the verdict's words.
 */
export type Answers =
  | { from: "customer" }
  | {
      from: "cross-checked";
      endpoint: string;
      independent: string;
      /**
       * The same verification read from the independent endpoint: what the page shows (audit, snapshot age,
       * reserves, warnings), so nothing the two endpoints were not compared on rests on the exchange's.
       */
      report?: VerifyReport;
    }
  | { from: "exchange"; endpoint: string; why: string }
  | { from: "disagreement"; endpoint: string; independent: string; differences: readonly string[] };

const verdict = (kind: Verdict["kind"], reason: string): Verdict => ({ kind, title: VERDICT_TITLES[kind], reason });

/**
 * The verdict of a report: "Included" only when the chain was asked, the registry came from the customer (or
 * a deployment record), the file is bound to the account, the registry accepted the proof and the answers
 * rest on the customer's word (`answers`; the CLI's endpoint is always the customer's own).
 */
export function verdictOf(report: VerifyReport, accountId?: string, answers: Answers = { from: "customer" }): Verdict {
  const { offChain, onChain, refused } = report;
  if (refused !== undefined) return verdict("not-verified", sentence(refused.message));
  if (onChain !== undefined && answers.from === "disagreement") {
    return verdict(
      "endpoints-disagree",
      `${answers.endpoint}, the endpoint the link chose, answered differently from ${answers.independent}, a public endpoint of chain ${onChain.chainId} independent of the exchange (its answer first): ${answers.differences.join("; ")}. One of them is not showing chain ${onChain.chainId} as it is, so nothing here shows your balance is included. Check with your browser wallet or an RPC endpoint you trust, and ask the exchange why.`,
    );
  }
  if (!report.bound) {
    return verdict(
      "not-included",
      "The file has no account id and salt, so nothing shows this balance is yours (the exchange could show one balance to two customers). Ask the exchange for your full proof file.",
    );
  }
  if (onChain?.error !== undefined)
    return verdict("not-included", registryErrorInWords(onChain.error, onChain.errorArgs));
  if (!offChain.valid) return verdict("not-included", sentence(`The proof does not add up: ${offChain.reason}`));
  if (onChain === undefined) {
    return verdict(
      "off-chain-only",
      "The file is consistent with its own root, but the chain was not asked, so this does not show that the exchange posted that root. Connect to the chain to check.",
    );
  }
  if (!report.trustedRegistry) {
    return verdict(
      "not-verified",
      "Included only in the registry the proof file names, which the exchange chose. Check the registry address against one you trust.",
    );
  }
  if (!report.valid) return verdict("not-included", "The registry did not accept the proof.");
  if (answers.from === "exchange") {
    return verdict(
      "exchange-endpoint",
      `The account ${JSON.stringify(accountId ?? "")} is in epoch ${onChain.epoch} of ${JSON.stringify(onChain.exchange.name)} according to ${answers.endpoint}, the endpoint the exchange's link chose, and only according to it: ${answers.why}. An endpoint the exchange runs can show a chain of its own making. For a check the exchange cannot influence, choose "My browser wallet" or enter an RPC endpoint you trust, then press "Verify again".`,
    );
  }
  return verdict(
    "included",
    `The account ${JSON.stringify(accountId ?? "")} is in epoch ${onChain.epoch} of ${JSON.stringify(onChain.exchange.name)}, exactly as the exchange posted it on-chain. Check that this is your account id and that the balances below are what you held at the snapshot time.`,
  );
}

/** A registry custom error (or one of verify's own refusals) in words. */
export function registryErrorInWords(error: string, args: readonly string[] = []): string {
  switch (error) {
    case "RootMismatch":
      return "The root this proof leads to does not match the one posted on-chain: your balances or the proof differ from what the exchange committed to.";
    case "TotalMismatch":
      return "The totals this proof adds up to do not match the liabilities the exchange posted on-chain.";
    case "LeafIndexOutOfRange":
      return "The proof places your account beyond the number of accounts the exchange posted.";
    case "ProofLengthMismatch":
      return "The proof has the wrong number of steps for the tree the exchange posted on-chain.";
    case "BalanceCountMismatch":
      return "The proof has a different number of balances than the assets the exchange posted.";
    case "UnknownAttestation":
      return "The exchange has posted no such epoch.";
    case "RevokedAttestation":
      return "The exchange revoked this epoch: its figures no longer stand.";
    case "UnknownExchange":
      return "The registry has no such exchange.";
    case "AssetListMismatch":
    case "NotLatestEpoch":
      return sentence(capitalized(args[0] ?? error));
    default:
      return `The registry refused the proof (${error}${args.length > 0 ? `: ${args.join(", ")}` : ""}).`;
  }
}

/** Why a file that is not a readable proof was refused (`message`: the InputError's), in words. */
export function unreadableFileReason(message: string): string {
  return `This is not a proof file Solvent can read: ${endSentence(message)} Use the file your exchange gave you for your account, unchanged.`;
}

/**
 * A message that may end in its own punctuation ("…; is this the right file?"), ended as a sentence: a full
 * stop only where it has none, so embedding a message never prints "?.".
 */
export function endSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  return endSentence(capitalized(text));
}
