import { formatAmount } from "../io/decimal.js";
import type { TreeSummary } from "../store/tree-folder.js";

/** What `solvent build` and `solvent join` print about the tree folder they wrote, after their headline. */
export function treeSummaryLines(summary: TreeSummary): string[] {
  return [
    `  root      ${summary.root}`,
    ...summary.assets.map(
      (asset, a) => `  ${asset.symbol.padEnd(9)} ${formatAmount(summary.totals[a]!, asset.decimals)} owed to customers`,
    ),
    `  snapshot  ${new Date(Number(summary.asOf) * 1000).toISOString()}`,
    `  input     ${summary.input.file} (sha256 ${summary.input.sha256})`,
    `Compare the account count (${summary.leafCount}) and the totals with the source system before you post: an export cut short or run twice builds a tree that owes less or more.`,
    `The store is secret (it holds salts). 'solvent proof <dir> <account>' prints one customer's proof: give each customer only their own.`,
  ];
}
