import type { VerifyReport } from "./verify-proof.js";

/** The one-word answer a customer gets, and why, in words. */
export interface Verdict {
  kind: "included" | "not-included" | "not-verified" | "off-chain-only";
  /** "Included", "Not included", "Not verified" or "Checked off-chain only". */
  title: string;
  /** Why, in words a customer understands. */
  reason: string;
}

const TITLES: Record<Verdict["kind"], string> = {
  included: "Included",
  "not-included": "Not included",
  "not-verified": "Not verified",
  "off-chain-only": "Checked off-chain only",
};

const verdict = (kind: Verdict["kind"], reason: string): Verdict => ({ kind, title: TITLES[kind], reason });

/**
 * The verdict of a report: "Included" only when the chain was asked, the registry came from the customer (or
 * a deployment record), the file is bound to the account and the registry accepted the proof.
 */
export function verdictOf(report: VerifyReport, accountId?: string): Verdict {
  const { offChain, onChain, refused } = report;
  if (refused !== undefined) return verdict("not-verified", sentence(refused.message));
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

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  const capital = capitalized(text);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
