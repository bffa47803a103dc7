import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { readBalancesColumns } from "../io/balances-columns.js";
import { checkOutputFolder, TREE_FORMAT, writeTreeFolder, type TreeSummary } from "../store/tree-folder.js";
import { pooledRandomSalts } from "../tree/build.js";
import { buildTreeStore } from "../store/build-store.js";
import { HashPool } from "../store/hash-pool.js";

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
  // The line numbers it also returns are only for its own error messages: not kept, 4 bytes an account.
  const { assets, columns, sha256, bytes } = await readBalancesColumns(options.csv, {
    randomSalt: pooledRandomSalts(),
    // Shared memory costs nothing extra and lets the hashing threads read the columns in place.
    shared: threads > 1,
    onProgress: (rows) => options.onStage?.("parse", rows, undefined),
    progressEvery: 10_000,
  });
  options.onStage?.("hash", 0, columns.count);
  const parallel = threads > 1 && columns.count >= PARALLEL_FROM;
  const pool = parallel ? HashPool.start(threads) : undefined;
  try {
    return await writeTreeFolder(
      options.out,
      async (folder) => {
        const built = await buildTreeStore(assets, columns, folder, {
          ...(pool ? { pool } : {}),
          onProgress: (stage, done, total) => options.onStage?.(stage, done, total),
        });
        return {
          format: TREE_FORMAT,
          assets,
          leafCount: built.leafCount,
          depth: built.depth,
          root: built.root,
          totals: built.totals,
          asOf: options.asOf ?? BigInt(Math.floor(Date.now() / 1000)),
          input: { file: basename(options.csv), sha256, bytes },
          builtAt: new Date().toISOString(),
          // From reading the CSV to the last file of the store.
          buildMilliseconds: Math.round(performance.now() - started),
        };
      },
      { force: options.force ?? false },
    );
  } finally {
    await pool?.close();
  }
}
