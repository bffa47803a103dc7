import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { readBalancesColumns } from "../io/balances-columns.js";
import { checkOutputFolder, TREE_FORMAT, writeTreeFolder, type TreeSummary } from "../io/tree-store.js";
import { pooledRandomSalts } from "../tree/build.js";
import { buildColumnTree, buildColumnTreeParallel, type ColumnTree } from "../tree/build-columns.js";
import { HashPool } from "../tree/hash-pool.js";

/** Below this many accounts, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 50_000;

export interface BuildFromCsvOptions {
  csv: string;
  out: string;
  /** Snapshot time in unix seconds; the build time when absent. */
  asOf?: bigint;
  force?: boolean;
  /** Hashing threads (default: one per core; 1 hashes on this thread). */
  threads?: number;
  onStage?: (stage: "parse" | "hash" | "write", done: number, total: number | undefined) => void;
}

/** `solvent build`: CSV → validated accounts → tree → summary.json and the proof store (every account's proof). */
export async function buildFromCsv(options: BuildFromCsvOptions): Promise<TreeSummary> {
  await checkOutputFolder(options.out, options.force);
  const started = performance.now();
  options.onStage?.("parse", 0, undefined);
  const threads = options.threads ?? availableParallelism();
  const balances = await readBalancesColumns(options.csv, {
    randomSalt: pooledRandomSalts(),
    // Shared memory costs nothing extra and lets the hashing threads read the columns in place.
    shared: threads > 1,
    onProgress: (rows) => options.onStage?.("parse", rows, undefined),
    progressEvery: 10_000,
  });
  const { columns } = balances;
  options.onStage?.("hash", 0, columns.count);
  const parallel = threads > 1 && columns.count >= PARALLEL_FROM;
  let tree: ColumnTree;
  if (parallel) {
    const pool = HashPool.start(threads);
    try {
      tree = await buildColumnTreeParallel(balances.assets, columns, pool);
    } finally {
      await pool.close();
    }
  } else {
    tree = buildColumnTree(balances.assets, columns);
  }
  options.onStage?.("hash", tree.leafCount, tree.leafCount);
  const summary: TreeSummary = {
    format: TREE_FORMAT,
    assets: balances.assets,
    leafCount: tree.leafCount,
    depth: tree.depth,
    root: tree.root,
    totals: tree.totals,
    asOf: options.asOf ?? BigInt(Math.floor(Date.now() / 1000)),
    input: { file: basename(options.csv), sha256: balances.sha256, bytes: balances.bytes },
    builtAt: new Date().toISOString(),
    // Parse and hash time; writing the proof store comes after and is reported by the caller.
    buildMilliseconds: Math.round(performance.now() - started),
  };
  await writeTreeFolder(options.out, tree, summary, {
    force: options.force ?? false,
    onProgress: (written, total) => options.onStage?.("write", written, total),
  });
  return summary;
}
