import { basename } from "node:path";
import { readBalancesCsv } from "../io/balances-csv.js";
import { checkOutputFolder, writeTreeFolder, type TreeSummary } from "../io/tree-store.js";
import { buildTree } from "../tree/build.js";

export interface BuildFromCsvOptions {
  csv: string;
  out: string;
  /** Snapshot time in unix seconds; the build time when absent. */
  asOf?: bigint;
  force?: boolean;
  onStage?: (stage: "parse" | "hash" | "write", done: number, total: number | undefined) => void;
}

/** `solvent build`: CSV → validated accounts → tree → summary, accounts index and every proof file. */
export async function buildFromCsv(options: BuildFromCsvOptions): Promise<TreeSummary> {
  await checkOutputFolder(options.out, options.force);
  const started = performance.now();
  options.onStage?.("parse", 0, undefined);
  const balances = await readBalancesCsv(options.csv, { onProgress: (rows) => options.onStage?.("parse", rows, undefined), progressEvery: 10_000 });
  options.onStage?.("hash", 0, balances.accounts.length);
  const tree = buildTree(balances.assets, balances.accounts);
  options.onStage?.("hash", tree.leafCount, tree.leafCount);
  const summary: TreeSummary = {
    format: "solvent-tree-v1",
    assets: balances.assets,
    leafCount: tree.leafCount,
    depth: tree.depth,
    root: tree.root,
    totals: tree.totals,
    asOf: options.asOf ?? BigInt(Math.floor(Date.now() / 1000)),
    input: { file: basename(options.csv), sha256: balances.sha256, bytes: balances.bytes },
    builtAt: new Date().toISOString(),
    // Parse and hash time; writing proof files comes after and is reported by the caller.
    buildMilliseconds: Math.round(performance.now() - started),
  };
  await writeTreeFolder(options.out, tree, summary, {
    force: options.force ?? false,
    onProgress: (written, total) => options.onStage?.("write", written, total),
  });
  return summary;
}
