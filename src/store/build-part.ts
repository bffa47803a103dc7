/**
 * One part of a partitioned build. While the CSV is read, each batch of rows gets its salts and keys
 * hashed (partSelector): the part keeps its own accounts and only counts the others, those whose keys
 * come before its range (its first leaf's position) and all of them (the tree's leaf count). Its own
 * accounts then go through the one store builder. Memory: the part's accounts and one batch.
 */
import { mkdir } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { InputError } from "../errors.js";
import { writeFolderAtomically } from "../io/atomic.js";
import type { Asset } from "../spec/assets.js";
import type { AccountColumns } from "../tree/columns.js";
import { KECCAK_SCHEME, type HashScheme } from "../tree/hash-scheme.js";
import { selectPart, type Partition } from "../tree/partition.js";
import { storeLayout } from "./format/layout.js";
import { partShape } from "./part-shape.js";
import { buildStoreRange, type BuildProgress, type BuiltRange } from "./build-store.js";
import { hashBatch } from "./batch.js";
import type { HashPool } from "./hash-pool.js";
import { openStore, writePartIndex } from "./store-writer.js";
import { readHere, type BuildContext } from "./build-context.js";
import { secretFingerprint } from "./build-secret.js";
import { checkFreeSpace, storeBytesPerAccount } from "./disk-space.js";
import { digestPartFiles } from "./part-files.js";
import { writePartManifest } from "./part-folder.js";
import { readBalancesParallel } from "./parse-parallel.js";

/** What a part's build reports; its folder holds part.json rather than summary.json. */
export interface PartSummary {
  part: number;
  parts: number;
  leafCount: number;
  offset: number;
  count: number;
}

/**
 * The partition strategy, `solvent build --partition i/n`: the part's own accounts kept while the CSV is
 * read (on every thread, or here), then built into a part folder (part.json, its shards, index.bin) for
 * `solvent join`. Memory: the part's accounts and a batch.
 */
export async function buildPartition(
  context: BuildContext,
  partition: Partition,
  options: { batchRows?: number | undefined } = {},
): Promise<PartSummary> {
  const { pool, scheme, saltKey, csv } = context;
  const sameSalts = () =>
    new InputError(
      "the parts of a build must derive the same salts: make one secret (openssl rand -hex 32 > build.secret; chmod 600 build.secret) and pass --secret build.secret to every part",
      { file: csv },
    );
  // Each batch's salts derived and keys hashed as it is read (the batch step); only the part's accounts kept.
  const selector = partSelector(partition, { secret: saltKey, pool, scheme });
  const filter = {
    batchRows: options.batchRows ?? PART_BATCH_ROWS,
    expectedShare: Math.min(1, 1.2 / partition.parts),
    select: async (batch: AccountColumns, salted: boolean) => {
      if (!salted && !context.givenSecret) throw sameSalts();
      return selector.select(batch, !salted);
    },
  };
  // On every thread with a pool (this thread's filtered reading is the fallback), else here.
  const loaded = pool
    ? await readBalancesParallel(csv, pool, {
        ...{ secret: saltKey, scheme, onProgress: context.onRows, partition },
        fallback: () => readHere(context, { filter }),
      })
    : await readHere(context, { filter });
  const { assets, columns, sha256, bytes, hasSaltColumn } = loaded;
  if (!hasSaltColumn && !context.givenSecret) throw sameSalts();
  // What came before the part's key range, and how many accounts there are: counted as it was read.
  const counted = (loaded as { counted?: { below: number; total: number } }).counted ?? {
    below: selector.below,
    total: selector.total,
  };
  const perAccount = storeBytesPerAccount(assets.length, columns.ids.length / Math.max(1, columns.count));
  await mkdir(dirname(resolve(context.out)), { recursive: true });
  await checkFreeSpace(dirname(resolve(context.out)), columns.count * perAccount, "this build");
  const input = { file: basename(csv), sha256, bytes };
  context.onStage("hash", 0, columns.count);
  return writeFolderAtomically(
    context.out,
    async (folder): Promise<PartSummary> => {
      const { below: offset, total: leafCount } = counted;
      const built = await buildPart(assets, columns, folder, {
        ...{ offset, leafCount, scheme, onProgress: context.onStage },
        ...(pool ? { pool } : {}),
      });
      const { depth, count } = built.shape;
      await writePartManifest(folder, {
        ...partition,
        ...{ assets, leafCount, depth, offset, count, asOf: context.asOf, input },
        salts: hasSaltColumn ? "csv" : secretFingerprint(saltKey),
        blocks: built.blocks,
        fragments: built.fragments,
        // Read back once written: the join checks every byte it takes against these.
        files: await digestPartFiles(folder),
      });
      return { ...partition, leafCount, offset, count };
    },
    { force: context.force },
  );
}

/** Rows hashed per batch while reading: a few tens of megabytes. */
export const PART_BATCH_ROWS = 1 << 18;

export interface PartSelector {
  /** The batch's accounts to keep (ascending); with `derive`, first turns its salt slots into derived salts. */
  select(batch: AccountColumns, derive: boolean): Promise<Uint32Array>;
  /** Accounts seen before the part's key range, and in all. */
  readonly below: number;
  readonly total: number;
}

export function partSelector(
  partition: Partition,
  options: { secret: Uint8Array; pool?: HashPool | undefined; scheme?: HashScheme },
): PartSelector {
  const { pool, secret } = options;
  const scheme = options.scheme ?? KECCAK_SCHEME;
  let below = 0;
  let total = 0;
  let keyBuffer: Uint8Array = new Uint8Array(0);
  return {
    async select(batch, derive) {
      // One keys buffer for every batch, grown when a batch is larger: nothing per batch to free.
      if (keyBuffer.length < 32 * batch.count)
        keyBuffer = pool ? new Uint8Array(new SharedArrayBuffer(32 * batch.count)) : new Uint8Array(32 * batch.count);
      const keys = keyBuffer.subarray(0, 32 * batch.count);
      await hashBatch(scheme, batch, { secret: derive ? secret : undefined, keys }, pool);
      const { offset, chosen } = selectPart(keys, batch.count, partition);
      below += offset;
      total += batch.count;
      return chosen;
    },
    get below() {
      return below;
    },
    get total() {
      return total;
    },
  };
}

/** Builds the part whose accounts are `own` (possibly none), its first leaf at `offset` of `leafCount`. */
export async function buildPart(
  assets: readonly Asset[],
  own: AccountColumns,
  folder: string,
  options: { offset: number; leafCount: number; pool?: HashPool; scheme?: HashScheme; onProgress?: BuildProgress },
): Promise<BuiltRange> {
  if (own.count > 0) return buildStoreRange(assets, own, folder, { ...options, part: true });
  // A part whose key range holds no account (a small tree split many ways): nothing but an empty index.
  const shape = partShape(options.leafCount, options.offset, 0);
  const layout = storeLayout(options.leafCount, shape.depth);
  await openStore(folder, { index: false });
  await writePartIndex(folder, [], layout.buckets);
  return { shape, layout, blocks: [], fragments: [] };
}
