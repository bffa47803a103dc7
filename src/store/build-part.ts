/**
 * One part of a partitioned build. While the CSV is read, each batch of rows gets its salts and keys
 * hashed (partSelector): the part keeps its own accounts and only counts the others, those whose keys
 * come before its range (its first leaf's position) and all of them (the tree's leaf count). Its own
 * accounts then go through the one store builder. Memory: the part's accounts and one batch.
 */
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
  options: { offset: number; leafCount: number; pool?: HashPool; onProgress?: BuildProgress },
): Promise<BuiltRange> {
  if (own.count > 0) return buildStoreRange(assets, own, folder, { ...options, part: true });
  // A part whose key range holds no account (a small tree split many ways): nothing but an empty index.
  const shape = partShape(options.leafCount, options.offset, 0);
  const layout = storeLayout(options.leafCount, shape.depth);
  await openStore(folder, { index: false });
  await writePartIndex(folder, [], layout.buckets);
  return { shape, layout, blocks: [], fragments: [] };
}
