import { mkdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { readBalancesColumns } from "../io/balances-columns.js";
import { checkOutputFolder, writeFolderAtomically } from "../io/atomic.js";
import { treeSummary, writeTreeFolder, type TreeSummary } from "../store/tree-folder.js";
import { buildTreeStore, type Prehashed } from "../store/build-store.js";
import { buildPart, partSelector, PART_BATCH_ROWS } from "../store/build-part.js";
import { buildBoundedStore } from "../store/build-bounded.js";
import { readBalancesParallel } from "../store/parse-parallel.js";
import type { AccountColumns } from "../tree/columns.js";
import {
  newBuildSecret,
  secretFingerprint,
  SECRET_FILE,
  snapshotSaltKey,
  writeBuildSecret,
} from "../store/build-secret.js";
import { hashBatch } from "../store/batch.js";
import { KECCAK_SCHEME } from "../tree/hash-scheme.js";
import { boundedBuildBytes, checkFreeSpace, storeBytesPerAccount } from "../store/disk-space.js";
import { HashPool } from "../store/hash-pool.js";
import { digestPartFiles } from "../store/part-files.js";
import { writePartManifest } from "../store/part-folder.js";
import { checkSecret } from "../tree/derived-salts.js";
import type { Partition } from "../tree/partition.js";

/** Below this many bytes of CSV (some 50,000 accounts), starting worker threads costs more than it saves. */
const PARALLEL_FROM_BYTES = 1 << 20;
/** From this many bytes of CSV (some 2.5 million accounts at 4 assets), the build holds a group at a time. */
export const BOUNDED_FROM_BYTES = 128 << 20;
/**
 * Accounts held at once by a bounded build (about 200 bytes an account, twice that while building): small
 * enough to keep the build under 1 GB, large enough that at 10^8 accounts a group still spans two of the
 * 256 key buckets (docs/scale.md, "The bounded build's peak varies").
 */
export const BOUNDED_GROUP_ACCOUNTS = 800_000;

export type BuildStage = "parse" | "salts" | "hash" | "write";

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

/** What a part's build reports; its folder holds part.json rather than summary.json. */
export interface PartSummary {
  part: number;
  parts: number;
  leafCount: number;
  offset: number;
  count: number;
}

/**
 * `solvent build`: CSV → validated accounts → tree → summary.json and the proof store (every account's
 * proof); with `partition`, one part of it for `solvent join`.
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
  options.onStage?.("parse", 0, undefined);
  const threads = options.threads ?? availableParallelism();
  const secret = options.secret ?? newBuildSecret();
  const asOf = options.asOf ?? BigInt(Math.floor(now() / 1000));
  // The salts come from the secret bound to the snapshot time: a secret reused next month moves every account.
  const saltKey = snapshotSaltKey(secret, asOf);
  // Started now, the threads load while this one parses (the reader reports a missing file).
  const csvBytes = await stat(options.csv).then(
    (s) => s.size,
    () => 0,
  );
  const pool = threads > 1 && csvBytes >= PARALLEL_FROM_BYTES ? HashPool.start(threads) : undefined;
  const { partition } = options;
  // Rows in the whole file, estimated from the bytes read so far: the reading phase's ETA.
  const rowsRead = (rows: number, bytesRead: number) =>
    options.onStage?.(
      "parse",
      rows,
      bytesRead > 0 ? Math.max(rows, Math.round((rows * csvBytes) / bytesRead)) : undefined,
    );
  // A part keeps only its own accounts while reading, each batch's salts derived and keys hashed at once.
  const selector = partition ? partSelector(partition, { secret: saltKey, pool }) : undefined;
  const groupAccounts = options.inMemory
    ? undefined
    : (options.groupAccounts ?? (csvBytes >= BOUNDED_FROM_BYTES ? BOUNDED_GROUP_ACCOUNTS : undefined));
  try {
    if (!partition && groupAccounts !== undefined) {
      await mkdir(dirname(resolve(options.out)), { recursive: true });
      // The buckets and the store are both on disk before the buckets are deleted (several times the CSV,
      // docs/scale.md; short rows of many assets need far more, hence the estimate).
      await checkFreeSpace(
        dirname(resolve(options.out)),
        Math.max(7 * csvBytes, await boundedBuildBytes(options.csv, csvBytes)),
        "this build",
      );
      return await writeTreeFolder(
        options.out,
        async (folder) => {
          const built = await buildBoundedStore(options.csv, folder, {
            ...{ secret: saltKey, groupAccounts },
            ...(pool ? { pool } : {}),
            onRows: rowsRead,
            onProgress: (_stage, done, total) => options.onStage?.("write", done, total),
          });
          if (!built.read.hasSaltColumn && !options.secret) await writeBuildSecret(join(folder, SECRET_FILE), secret);
          const { sha256, bytes } = built.read;
          const input = { file: basename(options.csv), sha256, bytes };
          return treeSummary(built, { asOf, input, started, now });
        },
        { force: options.force ?? false },
      );
    }
    // The reader's line numbers are only for error messages (after a read on threads they are kept for
    // the repeated-id check, 4 bytes an account). A whole build on threads reads the file on all of them;
    // a part filters as it reads, on this one.
    const readHere = () =>
      readBalancesColumns(options.csv, {
        // Without a salt column each row's salt slot gets the salt key, and its derived salt replaces it below.
        randomSalt: () => saltKey,
        // Shared memory costs nothing extra and lets the hashing threads read the columns in place.
        shared: pool !== undefined,
        onProgress: rowsRead,
        progressEvery: 10_000,
        ...(selector && partition
          ? {
              filter: {
                batchRows: options.partBatchRows ?? PART_BATCH_ROWS,
                expectedShare: Math.min(1, 1.2 / partition.parts),
                select: async (batch: AccountColumns, salted: boolean) => {
                  if (!salted && !options.secret)
                    throw new InputError(
                      "the parts of a build must derive the same salts: make one secret (openssl rand -hex 32 > build.secret; chmod 600 build.secret) and pass --secret build.secret to every part",
                      { file: options.csv },
                    );
                  return selector.select(batch, !salted);
                },
              },
            }
          : {}),
      });
    // On every thread with a pool (this thread's reading is the fallback), else here.
    const loaded = pool
      ? await readBalancesParallel(options.csv, pool, {
          ...{ secret: saltKey, onProgress: rowsRead, fallback: readHere },
          ...(partition ? { partition } : { deferIdCheck: true }),
        })
      : await readHere();
    const { assets, columns, sha256, bytes, hasSaltColumn } = loaded;
    // A read on threads hashed the keys and leaves as it went, and left the repeated-id check to the builder.
    const fromThreads: { prehashed?: Prehashed; checkIds?: () => void } = pool
      ? (loaded as Awaited<ReturnType<typeof readBalancesParallel>>)
      : {};
    if (partition && !hasSaltColumn && !options.secret)
      throw new InputError(
        "the parts of a build must derive the same salts: make one secret (openssl rand -hex 32 > build.secret; chmod 600 build.secret) and pass --secret build.secret to every part",
        { file: options.csv },
      );
    // What came before the part's key range, and how many accounts there are: counted as it was read.
    const countedHere = { below: selector?.below ?? 0, total: selector?.total ?? columns.count };
    const counted: { below: number; total: number } =
      (loaded as { counted?: { below: number; total: number } }).counted ?? countedHere;
    const perAccount = storeBytesPerAccount(assets.length, columns.ids.length / Math.max(1, columns.count));
    await mkdir(dirname(resolve(options.out)), { recursive: true });
    await checkFreeSpace(dirname(resolve(options.out)), columns.count * perAccount, "this build");
    const input = { file: basename(options.csv), sha256, bytes };
    const onProgress = (stage: "hash" | "write", done: number, total: number) => options.onStage?.(stage, done, total);
    // A part's salts were derived as it read, and so were those a parallel read's threads derived.
    if (!hasSaltColumn && !partition && !("saltsDerived" in loaded && loaded.saltsDerived)) {
      options.onStage?.("salts", 0, columns.count);
      await hashBatch(KECCAK_SCHEME, columns, { secret: saltKey }, pool);
      options.onStage?.("salts", columns.count, columns.count);
    }
    options.onStage?.("hash", 0, columns.count);
    if (partition && selector) {
      return await writeFolderAtomically(
        options.out,
        async (folder): Promise<PartSummary> => {
          const { below: offset, total: leafCount } = counted;
          const built = await buildPart(assets, columns, folder, {
            ...{ offset, leafCount, onProgress },
            ...(pool ? { pool } : {}),
          });
          const { depth, count } = built.shape;
          await writePartManifest(folder, {
            ...partition,
            ...{ assets, leafCount, depth, offset, count, asOf, input },
            salts: hasSaltColumn ? "csv" : secretFingerprint(saltKey),
            blocks: built.blocks,
            fragments: built.fragments,
            // Read back once written: the join checks every byte it takes against these.
            files: await digestPartFiles(folder),
          });
          return { ...partition, leafCount, offset, count };
        },
        { force: options.force ?? false },
      );
    }
    return await writeTreeFolder(
      options.out,
      async (folder) => {
        const built = await buildTreeStore(assets, columns, folder, {
          ...{ ...(pool ? { pool } : {}), onProgress },
          // Handed over: the builder drops the keys from it once sorted.
          ...(fromThreads.prehashed ? { prehashed: fromThreads.prehashed } : {}),
          ...(fromThreads.checkIds ? { checkIds: fromThreads.checkIds, idsUniqueByKey: !hasSaltColumn } : {}),
        });
        // A secret drawn here is kept (owner-only, with the store it is as secret as): it rebuilds the same salts.
        if (!hasSaltColumn && !options.secret) await writeBuildSecret(join(folder, SECRET_FILE), secret);
        // Timed from reading the CSV to the last file of the store.
        return treeSummary({ assets, ...built }, { asOf, input, started, now });
      },
      { force: options.force ?? false },
    );
  } finally {
    await pool?.close();
  }
}
