import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { InputError } from "../errors.js";
import { checkOutputFolder } from "../io/atomic.js";
import { KECCAK_SCHEME } from "../tree/hash-scheme.js";
import { checkSecret } from "../tree/derived-salts.js";
import type { Partition } from "../tree/partition.js";
import type { BuildContext, BuildStage } from "../store/build-context.js";
import { BOUNDED_FROM_BYTES, BOUNDED_GROUP_ACCOUNTS, buildBounded } from "../store/build-bounded.js";
import { buildPartition, type PartSummary } from "../store/build-part.js";
import { newBuildSecret, snapshotSaltKey } from "../store/build-secret.js";
import { buildWhole } from "../store/build-whole.js";
import { HashPool } from "../store/hash-pool.js";
import type { TreeSummary } from "../store/tree-folder.js";

export type { BuildStage, PartSummary };
export { BOUNDED_FROM_BYTES, BOUNDED_GROUP_ACCOUNTS };

/** Below this many bytes of CSV (some 50,000 accounts), starting worker threads costs more than it saves. */
const PARALLEL_FROM_BYTES = 1 << 20;

export interface BuildFromCsvOptions {
  csv: string;
  out: string;
  /** Snapshot time in unix seconds; the build time when absent (required with `partition`). */
  asOf?: bigint;
  force?: boolean;
  /** Hashing threads (default: one per core; 1 hashes on this thread). */
  threads?: number;
  /**
   * The build secret salts are derived from when the CSV has no salt column. Without it a fresh one is
   * drawn and written, owner-only, to `<out>/secret`.
   */
  secret?: Uint8Array;
  /** Build only this part (`solvent join` assembles the parts); `out` then holds the part. */
  partition?: Partition;
  /** The clock, in milliseconds (tests fix it to compare whole folders). */
  now?: () => number;
  /** Rows a part reads between two filterings (default PART_BATCH_ROWS): its memory beyond its own accounts. */
  partBatchRows?: number;
  /**
   * Build in bounded memory (store/build-bounded.ts), at most this many accounts held at once; by default
   * CSVs of BOUNDED_FROM_BYTES and more are built so, BOUNDED_GROUP_ACCOUNTS at a time.
   */
  groupAccounts?: number;
  /** Hold every account at once (the in-memory build) whatever the CSV's size. */
  inMemory?: boolean;
  onStage?: (stage: BuildStage, done: number, total: number | undefined) => void;
}

/**
 * `solvent build`: CSV → columns (on all cores) → the batch step (salts, keys, leaves) → the tree and its
 * proof store, with summary.json; with `partition`, one part of it for `solvent join`. The strategy is
 * the one choice made here: whole (every account in memory, store/build-whole.ts), bounded (key buckets
 * on disk, a group at a time, store/build-bounded.ts) or one part (store/build-part.ts).
 */
export async function buildFromCsv(options: BuildFromCsvOptions & { partition?: undefined }): Promise<TreeSummary>;
export async function buildFromCsv(options: BuildFromCsvOptions & { partition: Partition }): Promise<PartSummary>;
export async function buildFromCsv(options: BuildFromCsvOptions): Promise<TreeSummary | PartSummary>;
export async function buildFromCsv(options: BuildFromCsvOptions): Promise<TreeSummary | PartSummary> {
  const now = options.now ?? (() => Date.now());
  await checkOutputFolder(options.out, options.force);
  if (options.partition && options.asOf === undefined)
    throw new InputError("a partitioned build needs --as-of: every part must record the same snapshot time");
  if (options.secret) checkSecret(options.secret);
  const started = now();
  const onStage = (stage: BuildStage, done: number, total: number | undefined) => options.onStage?.(stage, done, total);
  onStage("parse", 0, undefined);
  const threads = options.threads ?? availableParallelism();
  const drawnSecret = options.secret ?? newBuildSecret();
  const asOf = options.asOf ?? BigInt(Math.floor(now() / 1000));
  const csvBytes = await stat(options.csv).then(
    (s) => s.size,
    () => 0,
  );
  // Started now, the threads load while this one begins reading (the reader reports a missing file).
  const pool = threads > 1 && csvBytes >= PARALLEL_FROM_BYTES ? HashPool.start(threads) : undefined;
  const context: BuildContext = {
    ...{ csv: options.csv, out: options.out, force: options.force ?? false, csvBytes, asOf },
    ...{ givenSecret: options.secret, drawnSecret, scheme: KECCAK_SCHEME, pool, now, started, onStage },
    // The salts come from the secret bound to the snapshot time: a secret reused next month moves every account.
    saltKey: snapshotSaltKey(drawnSecret, asOf),
    // Rows in the whole file, estimated from the bytes read so far: the reading phase's ETA.
    onRows: (rows, bytesRead) =>
      onStage("parse", rows, bytesRead > 0 ? Math.max(rows, Math.round((rows * csvBytes) / bytesRead)) : undefined),
  };
  const groupAccounts = options.inMemory
    ? undefined
    : (options.groupAccounts ?? (csvBytes >= BOUNDED_FROM_BYTES ? BOUNDED_GROUP_ACCOUNTS : undefined));
  try {
    if (options.partition)
      return await buildPartition(context, options.partition, { batchRows: options.partBatchRows });
    if (groupAccounts !== undefined) return await buildBounded(context, groupAccounts);
    return await buildWhole(context);
  } finally {
    await pool?.close();
  }
}
