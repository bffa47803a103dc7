/**
 * `solvent build` of exports too large to hold: memory bounded by a group of accounts, not by the file.
 * Pass one reads the CSV once (every row checked as always), derives the salts, hashes the keys and
 * appends each account with its key to one of 256 bucket files by the key's first byte
 * (store/bucket-rows.ts): on every thread, each reading a range of the file (store/read-on-threads.ts),
 * or on this one. Pass two takes runs of buckets in key order ("groups",
 * at most `groupAccounts` accounts each, about 200 bytes an account in memory; the next group is read
 * while one is built, so two are held), builds each with the one store builder as a part of the whole,
 * writing its shards straight into the output, and the join's core (store/join-parts.ts stitchRanges: the
 * groups are ranges to stitch, not parts, and have no manifest) then completes them in place: the same
 * files, byte for byte, as the in-memory build.
 */
import { mkdir, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { readBalancesColumns, type BalancesColumns } from "../io/balances-columns.js";
import type { Asset } from "../spec/assets.js";
import { InputError } from "../errors.js";
import { AMOUNT_BYTES } from "../spec/bytes.js";
import { MAX_AMOUNT } from "../spec/encoding.js";
import type { AccountColumns } from "../tree/columns.js";
import { KECCAK_SCHEME, type HashScheme } from "../tree/hash-scheme.js";
import {
  appendToBuckets,
  BUCKET_BATCH_ROWS,
  bucketCounts,
  BUCKETS,
  readBuckets,
  type BucketCounts,
} from "./bucket-rows.js";
import { buildStoreRange, type BuildProgress } from "./build-store.js";
import { hashBatch } from "./batch.js";
import type { HashPool } from "./hash-pool.js";
import { stitchRanges, type JoinedTree, type StitchRange } from "./join-parts.js";
import { readOnThreads } from "./read-on-threads.js";
import { keepDrawnSecret, type BuildContext } from "./build-context.js";
import { boundedBuildBytes, checkFreeSpace } from "./disk-space.js";
import { treeSummary, writeTreeFolder, type TreeSummary } from "./tree-folder.js";

/** From this many bytes of CSV (some 2.5 million accounts at 4 assets), the build holds a group at a time. */
export const BOUNDED_FROM_BYTES = 128 << 20;
/**
 * Accounts held at once by a bounded build (about 200 bytes an account, twice that while building): small
 * enough to keep the build under 1 GB, large enough that at 10^8 accounts a group still spans two of the
 * 256 key buckets (docs/scale.md, "The bounded build's peak varies").
 */
export const BOUNDED_GROUP_ACCOUNTS = 800_000;

/** The bounded strategy: the tree folder of `solvent build` in memory bounded by `groupAccounts`. */
export async function buildBounded(context: BuildContext, groupAccounts: number): Promise<TreeSummary> {
  const parent = dirname(resolve(context.out));
  await mkdir(parent, { recursive: true });
  // The buckets and the store are both on disk before the buckets are deleted (several times the CSV,
  // docs/scale.md; short rows of many assets need far more, hence the estimate).
  await checkFreeSpace(
    parent,
    Math.max(7 * context.csvBytes, await boundedBuildBytes(context.csv, context.csvBytes)),
    "this build",
  );
  return writeTreeFolder(
    context.out,
    async (folder) => {
      const built = await buildBoundedStore(context.csv, folder, {
        ...{ secret: context.saltKey, groupAccounts, scheme: context.scheme },
        ...(context.pool ? { pool: context.pool } : {}),
        onRows: context.onRows,
        onProgress: (_stage, done, total) => context.onStage("write", done, total),
      });
      await keepDrawnSecret(context, folder, built.read.hasSaltColumn);
      const { sha256, bytes } = built.read;
      const { asOf, started, now } = context;
      return treeSummary(built, { asOf, input: { file: basename(context.csv), sha256, bytes }, started, now });
    },
    { force: context.force },
  );
}

export interface BoundedBuildOptions {
  /** Salt slots of rows without a salt column hold this secret until derived. */
  secret: Uint8Array;
  groupAccounts: number;
  pool?: HashPool;
  /** How the tree hashes (default keccak). */
  scheme?: HashScheme;
  onRows?: (rows: number, bytesRead: number) => void;
  onProgress?: BuildProgress;
}

export interface BoundedBuild extends JoinedTree {
  assets: Asset[];
  read: Omit<BalancesColumns, "columns" | "lines">;
}

/** What pass one leaves: the accounts and id bytes per bucket, the readers' file tags, and what the CSV says. */
interface Bucketed extends BucketCounts {
  tags: number;
  read: Omit<BalancesColumns, "columns" | "lines">;
}

export async function buildBoundedStore(
  csv: string,
  folder: string,
  options: BoundedBuildOptions,
): Promise<BoundedBuild> {
  const { pool } = options;
  const bucketFolder = join(folder, ".buckets");
  await mkdir(bucketFolder, { mode: 0o700 });
  // On every thread when it can; when a thread's range fails (an error, or a cut inside a quoted cell),
  // again on this thread, which gives the first error exactly or succeeds.
  const onThisThread = async () => {
    await rm(bucketFolder, { recursive: true, force: true });
    await mkdir(bucketFolder, { mode: 0o700 });
    return bucketOnThisThread(csv, bucketFolder, options);
  };
  const bucketed = pool ? await bucketOnThreads(csv, bucketFolder, pool, options, onThisThread) : await onThisThread();
  const { counts, read } = bucketed;
  const assets = read.assets;
  // Derived salts give a repeated id its key again, which the sort refuses; salts from the CSV need the ids checked.
  const idChecks = read.hasSaltColumn ? {} : { idsUniqueByKey: true };

  // Pass two: groups of buckets in key order, each built as a part straight into the store.
  const leafCount = counts.reduce((sum, c) => sum + c, 0);
  const ranges: StitchRange[] = [];
  const groups: [number, number][] = [];
  for (let first = 0; first < BUCKETS;) {
    let end = first + 1;
    for (let rows = counts[first]!; end < BUCKETS && rows + counts[end]! <= options.groupAccounts; end++)
      rows += counts[end]!;
    groups.push([first, end]);
    first = end;
  }
  let offset = 0;
  const load = (g: number) => {
    const [first, end] = groups[g]!;
    const loading = readBuckets(bucketFolder, { ...bucketed, first, end }, assets.length, pool !== undefined);
    loading.catch(() => undefined); // awaited in turn; handled now so it is not unhandled meanwhile
    return loading;
  };
  let next = load(0);
  for (let g = 0; g < groups.length; g++) {
    const { columns, keys } = await next;
    // The next group is read on this thread while the workers hash and write this one.
    if (g + 1 < groups.length) next = load(g + 1);
    if (columns.count === 0) continue;
    const indexFolder = join(folder, ".groups", String(ranges.length));
    await mkdir(indexFolder, { recursive: true, mode: 0o700 });
    const base = offset;
    const built = await buildStoreRange(assets, columns, folder, {
      ...{ offset, leafCount, part: true, indexFolder, prehashed: { keys }, ...idChecks },
      ...{ scheme: options.scheme ?? KECCAK_SCHEME, ...(pool ? { pool } : {}) },
      onProgress: (stage, done) => options.onProgress?.(stage, base + done, leafCount),
    });
    ranges.push({
      ...{ name: `group ${ranges.length}`, indexFolder, shardsFolder: folder, offset, count: columns.count },
      ...{ blocks: built.blocks, fragments: built.fragments },
    });
    offset += columns.count;
  }
  await rm(bucketFolder, { recursive: true, force: true });
  // Duplicate ids in different groups meet in the index. Only a CSV with salts can give one account two
  // keys; derived salts give its rows one key, so one group, whose build refuses them.
  const idInTwoRanges = (id: string) =>
    new InputError(
      `account ${JSON.stringify(id)} appears twice in ${basename(csv)} (on two rows, with different salts); merge its rows into one and build again`,
    );
  const joined = await stitchRanges(
    { assets, leafCount, ranges, idInTwoRanges: read.hasSaltColumn ? idInTwoRanges : undefined },
    folder,
    { scheme: options.scheme ?? KECCAK_SCHEME },
  );
  await rm(join(folder, ".groups"), { recursive: true, force: true });
  return { ...joined, assets, read };
}

/** Pass one on the pool's threads, one range of the file each (with this thread as the fallback). */
async function bucketOnThreads(
  csv: string,
  folder: string,
  pool: HashPool,
  options: BoundedBuildOptions,
  fallback: () => Promise<Bucketed>,
): Promise<Bucketed> {
  type RangeBuckets = { counts: number[]; idBytes: number[]; rows: number; totals: bigint[] };
  const scheme = (options.scheme ?? KECCAK_SCHEME).name;
  let rowsDone = 0;
  return readOnThreads<RangeBuckets, Bucketed>(csv, pool, {
    range: async (start, end, tag, { header }) => {
      const task = { file: csv, start, end, header, secret: options.secret, scheme, folder, tag };
      const result = (await pool.call({ kind: "bucket", task })) as RangeBuckets;
      rowsDone += result.rows;
      options.onRows?.(rowsDone, end);
      return result;
    },
    join: (values, { header, ranges, size }, { sha256 }) => {
      const rows = values.reduce((sum, v) => sum + v.rows, 0);
      // No rows, or a column total at 2^128: this thread's reading names the problem and its row.
      if (rows === 0) return undefined;
      for (let a = 0; a < header.assets.length; a++)
        if (values.reduce((sum, v) => sum + v.totals[a]!, 0n) > MAX_AMOUNT) return undefined;
      const { counts, idBytes } = bucketCounts();
      for (const v of values)
        for (let b = 0; b < BUCKETS; b++) {
          counts[b]! += v.counts[b]!;
          idBytes[b]! += v.idBytes[b]!;
        }
      return {
        ...{ counts, idBytes },
        tags: ranges.length,
        read: { assets: header.assets, hasSaltColumn: header.firstAsset === 2, sha256, bytes: size },
      };
    },
    fallback,
  });
}

/** Pass one on this thread: a batch is copied out and salted, keyed and written on the threads (if any)
 * while the next is parsed. */
async function bucketOnThisThread(csv: string, folder: string, options: BoundedBuildOptions): Promise<Bucketed> {
  const { pool } = options;
  const scheme = options.scheme ?? KECCAK_SCHEME;
  const allocate = (n: number) => (pool ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const target = { folder, tag: 0, ...bucketCounts() };
  let assetCount = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const bucketBatch = async (batch: AccountColumns, salted: boolean) => {
    const keys = allocate(32 * batch.count);
    await hashBatch(scheme, batch, { secret: salted ? undefined : options.secret, keys }, pool);
    appendToBuckets(batch, keys, assetCount, target);
  };
  const reading = readBalancesColumns(csv, {
    randomSalt: () => options.secret,
    shared: pool !== undefined,
    onProgress: (rows, bytesRead) => options.onRows?.(rows, bytesRead),
    progressEvery: 10_000,
    filter: {
      batchRows: BUCKET_BATCH_ROWS,
      expectedShare: 0,
      select: async (batch, salted) => {
        assetCount = batch.balances.length / AMOUNT_BYTES / batch.count;
        await inFlight;
        const copy = copyColumns(batch, allocate);
        inFlight = bucketBatch(copy, salted);
        // Awaited by the next batch or below; handled now so a failure is not unhandled meanwhile.
        inFlight.catch(() => undefined);
        return new Uint32Array(0);
      },
    },
  });
  // The batch in flight (hashing on the threads, then written to the buckets) ends before a failure is
  // passed on: its folder is then removed.
  const read = await reading.catch(async (error: unknown) => {
    await inFlight.catch(() => undefined);
    throw error;
  });
  await inFlight;
  const { columns: _columns, lines: _lines, ...facts } = read;
  return { counts: target.counts, idBytes: target.idBytes, tags: 1, read: facts };
}

/** The batch's columns in buffers of their own (offsets from 0), so the reader can reuse its buffers. */
function copyColumns(batch: AccountColumns, allocate: (bytes: number) => Uint8Array): AccountColumns {
  const base = batch.idOffsets[0]!;
  const ids = allocate(batch.idOffsets[batch.count]! - base);
  ids.set(batch.ids.subarray(base, batch.idOffsets[batch.count]!));
  const idOffsets = new Uint32Array(allocate(4 * (batch.count + 1)).buffer);
  for (let i = 0; i <= batch.count; i++) idOffsets[i] = batch.idOffsets[i]! - base;
  const salts = allocate(batch.salts.length);
  salts.set(batch.salts);
  const balances = allocate(batch.balances.length);
  balances.set(batch.balances);
  return { count: batch.count, ids, idOffsets, salts, balances };
}
