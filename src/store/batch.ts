/**
 * The batch step every build strategy shares: for a batch of accounts (a read's whole columns, a part's
 * batch of rows, a bounded build's batch on its way to the key buckets), derive the salts, hash the keys
 * and, when asked, the leaves, with the build's hash scheme, on the pool's threads (shared memory) or on
 * this one. A reading thread runs it on its own range with hashBatchHere.
 */
import type { AccountColumns } from "../tree/columns.js";
import type { HashScheme, HashSchemeName, SchemeEngine } from "../tree/hash-scheme.js";

/** What the batch step makes; each output is 32 bytes an account, input order. */
export interface BatchWork {
  /** Derive each salt from this build secret (the CSV reader left it in every salt slot). */
  secret?: Uint8Array | undefined;
  /** The accounts' keys go here; with `keysMade`, they are already here (hashed before a sort). */
  keys?: Uint8Array | undefined;
  keysMade?: boolean;
  /** The accounts' leaf hashes go here (may be `keys` itself with `keysMade`), records of `size` bytes. */
  leafHashes?: Uint8Array | undefined;
  size?: number;
}

/** The batch step of accounts [first, end) as a task for a thread of the pool (shared memory). */
export interface BatchTask {
  kind: "batch";
  scheme: HashSchemeName;
  columns: AccountColumns;
  work: BatchWork;
  first: number;
  end: number;
}

/** What the batch step needs of a pool of threads (store/hash-pool.ts is one). */
export interface BatchPool {
  run(task: BatchTask): Promise<void>;
  runSlices(count: number, task: (first: number, end: number) => Promise<void>): Promise<void>;
}

/** The batch step for accounts [first, end) on this thread's engine. */
export function hashBatchHere(
  scheme: HashScheme,
  engine: SchemeEngine,
  batch: AccountColumns,
  work: BatchWork,
  first = 0,
  end = batch.count,
): void {
  const { secret, keys, leafHashes, size } = work;
  if (keys && leafHashes && !work.keysMade)
    return scheme.hashAccounts(engine, batch, secret, keys, leafHashes, size!, first, end);
  if (secret && !work.keysMade) scheme.deriveSalts(engine, batch, first, end);
  if (keys && !work.keysMade) scheme.hashKeys(engine, batch, keys, first, end);
  if (keys && leafHashes) scheme.hashLeaves(engine, batch, keys, leafHashes, size!, first, end);
}

/** The batch step for every account of `batch`: a slice per thread of the pool when given, else here. */
export async function hashBatch(
  scheme: HashScheme,
  batch: AccountColumns,
  work: BatchWork,
  pool?: BatchPool,
): Promise<void> {
  if (!pool) return hashBatchHere(scheme, scheme.engine(), batch, work);
  await pool.runSlices(batch.count, (first, end) =>
    pool.run({ kind: "batch", scheme: scheme.name, columns: batch, work, first, end }),
  );
}
