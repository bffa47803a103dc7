/**
 * What every build strategy is given (ops/build-from-csv.ts sets it up): the CSV and the output folder,
 * the snapshot time and the salt key it binds, the hashing threads and the hash scheme, the clock and the
 * progress callbacks. A strategy (store/build-whole.ts, store/build-bounded.ts, store/build-part.ts) reads
 * the CSV (store/read-on-threads.ts), runs the batch step (store/batch.ts) and writes through the store's
 * one writer (store/store-writer.ts); only what it holds in memory, and what it writes at the end, differ.
 */
import { join } from "node:path";
import { readBalancesColumns, type ReadColumnsOptions } from "../io/balances-columns.js";
import type { HashScheme } from "../tree/hash-scheme.js";
import type { HashPool } from "./hash-pool.js";
import { SECRET_FILE, writeBuildSecret } from "./build-secret.js";

export type BuildStage = "parse" | "salts" | "hash" | "write";

export interface BuildContext {
  csv: string;
  out: string;
  force: boolean;
  /** The CSV's size in bytes (0 when it cannot be read: the reader then says why). */
  csvBytes: number;
  /** Snapshot time, unix seconds. */
  asOf: bigint;
  /** The build secret the operator gave, if any; else `drawnSecret` was drawn for this build. */
  givenSecret: Uint8Array | undefined;
  drawnSecret: Uint8Array;
  /** What the salts derive from: the secret bound to the snapshot time (store/build-secret.ts). */
  saltKey: Uint8Array;
  scheme: HashScheme;
  pool: HashPool | undefined;
  /** The clock, in milliseconds, and when the build started by it. */
  now: () => number;
  started: number;
  onStage: (stage: BuildStage, done: number, total: number | undefined) => void;
  /** Rows read so far, and the bytes they took: the reading phase's progress. */
  onRows: (rows: number, bytesRead: number) => void;
}

/** The CSV read on this thread, every row's salt slot holding the salt key until the batch step derives it. */
export function readHere(context: BuildContext, more: Partial<ReadColumnsOptions> = {}) {
  return readBalancesColumns(context.csv, {
    randomSalt: () => context.saltKey,
    // Shared memory costs nothing extra and lets the hashing threads read the columns in place.
    shared: context.pool !== undefined,
    onProgress: context.onRows,
    progressEvery: 10_000,
    ...more,
  });
}

/**
 * Keeps a secret drawn for this build (owner-only, beside the store it is as secret as): it rebuilds the
 * same salts. Nothing to keep when the CSV gave the salts or the operator gave the secret.
 */
export async function keepDrawnSecret(context: BuildContext, folder: string, hasSaltColumn: boolean): Promise<void> {
  if (!hasSaltColumn && !context.givenSecret) await writeBuildSecret(join(folder, SECRET_FILE), context.drawnSecret);
}
