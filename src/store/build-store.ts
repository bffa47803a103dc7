/**
 * The builder behind `solvent build`, whole or one part of a partitioned build: the tree is never held
 * whole. Phase one gets each account's key and leaf hash (32 bytes each, input order: made by the CSV
 * reader's threads as they parsed, or here) and sorts the keys; phase two assembles, hashes and writes one
 * shard (1,024 leaves and their subtree) at a time on each thread, keeping only its root record, while
 * this thread writes the index; the levels above the shards are hashed here, and each shard then gets the
 * siblings above it appended, all through the store's one writer (store/store-writer.ts). A part (store/part-shape.ts) does the same for the shards wholly inside its
 * positions and hands its edges to the join; a whole build is the one part of 1. The files are byte for
 * byte those the reference writer (test/helpers/reference-store.ts) writes from a whole tree.
 */
import { storeLayout, type StoreLayout } from "./format/layout.js";
import { encodeIndexBuckets } from "./format/index-bucket.js";
import type { Asset } from "../spec/assets.js";
import { readWord, toHex, WORD_BYTES, type Hex } from "../spec/bytes.js";
import { nodeSize } from "../spec/encoding.js";
import { KECCAK_SCHEME, type HashScheme } from "../tree/hash-scheme.js";
import { checkContents, checkShapes, treeOrder } from "../tree/build-columns.js";
import type { AccountColumns } from "../tree/columns.js";
import type { HashPool } from "./hash-pool.js";
import { gatherLeafRecords, shareColumns } from "../tree/leaves.js";
import { hashBatch } from "./batch.js";
import {
  blockNodes,
  fragmentRanges,
  isPadding,
  knownSiblingLevels,
  ownNodes,
  partShape,
  type PartShape,
} from "./part-shape.js";
import { appendUpperSiblings, buildShards, openStore, writePartIndex, writeStoreIndex } from "./store-writer.js";
import { InputError, invariant } from "../errors.js";

export interface BuiltStore {
  leafCount: number;
  depth: number;
  root: Hex;
  totals: bigint[];
  layout: StoreLayout;
}

/** A node the part computed and the join needs: one of its topmost nodes. */
export interface PartBlock {
  level: number;
  index: number;
  record: Uint8Array;
}

/** Leaves of a shard the part shares with a neighbour: ids (NFC UTF-8), salts and leaf records. */
export interface PartFragment {
  first: number;
  ids: Uint8Array[];
  salts: Uint8Array;
  records: Uint8Array;
}

export interface BuiltRange {
  shape: PartShape;
  layout: StoreLayout;
  blocks: PartBlock[];
  fragments: PartFragment[];
}

export type BuildProgress = (stage: "hash" | "write", done: number, total: number) => void;

/**
 * How the ids are checked (none empty, none repeated). By default checkContents does it in phase one.
 * The caller's own check (`checkIds`: the CSV reader's names the lines) instead runs on this thread while
 * the threads build the shards, a failure then discarding them. With `idsUniqueByKey` every salt derives
 * from its id, so a repeated id repeats its key and the sort finds it: `checkIds` then only names it.
 * Either way the caller vouches that no id is empty (the CSV reader refuses an empty account cell).
 */
export interface IdChecks {
  checkIds?: (() => void) | undefined;
  idsUniqueByKey?: boolean | undefined;
}

/**
 * Hashes a reader made on its threads while it parsed, handed to the builder: each account's key and,
 * optionally, its leaf hash (32 bytes an account each, input order; shared memory when there is a pool).
 * The builder drops `keys` from this object once sorted (so it is not held through the shards) and, when
 * `leafHashes` is absent, writes the leaf hashes over the keys.
 */
export interface Prehashed {
  keys?: Uint8Array;
  leafHashes?: Uint8Array;
}

/**
 * Phase one: every account's key, the tree order by key, then every leaf hash. Keys and leaf hashes the
 * reader made (`given.prehashed`) are not made again. Otherwise the keys are hashed here (on the pool's
 * threads, while this thread checks the ids), and each leaf hash is written over the key it was made
 * from (phase two needs only the order and the leaf hashes, so one 32-byte buffer serves both). With a
 * pool every buffer is shared memory, so the workers read and write them in place.
 */
async function hashAndOrder(
  scheme: HashScheme,
  columns: AccountColumns,
  size: number,
  pool: HashPool | undefined,
  given: IdChecks & { prehashed?: Prehashed | undefined },
): Promise<{ order: Uint32Array; leafHashes: Uint8Array }> {
  const count = columns.count;
  const checkHere = !given.checkIds && !given.idsUniqueByKey;
  const allocate = pool ? (n: number) => new Uint32Array(new SharedArrayBuffer(4 * n)) : undefined;
  const words = (bytes: number) => (pool ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes));
  let keys: Uint8Array;
  for (const buffer of [given.prehashed?.keys, given.prehashed?.leafHashes])
    invariant(
      buffer === undefined ||
        (buffer.length === 32 * count &&
          buffer.byteOffset % 4 === 0 &&
          (!pool || buffer.buffer instanceof SharedArrayBuffer)),
      "prehashed keys and leaf hashes: 32 bytes an account, aligned, in shared memory with a pool",
    );
  if (given.prehashed?.keys) {
    keys = given.prehashed.keys;
    if (checkHere) checkContents(columns);
  } else if (pool) {
    keys = words(32 * count);
    // The tasks are posted first; the checks then run on this thread while the workers hash.
    const hashed = hashBatch(scheme, columns, { keys }, pool);
    await Promise.all([hashed, (async () => (checkHere ? checkContents(columns) : undefined))()]);
  } else {
    keys = words(32 * count);
    if (checkHere) checkContents(columns);
    await hashBatch(scheme, columns, { keys });
  }
  let order: Uint32Array;
  try {
    order = treeOrder(columns, keys, allocate);
  } catch (error) {
    // Two rows with one key are most often one id twice: the caller's check names its lines.
    if (error instanceof InputError) given.checkIds?.();
    throw error;
  }
  const leafHashes = given.prehashed?.leafHashes;
  if (given.prehashed) delete given.prehashed.keys;
  if (leafHashes) return { order, leafHashes };
  // Each leaf hash over the key it is made from.
  await hashBatch(scheme, columns, { keys, keysMade: true, leafHashes: keys, size }, pool);
  return { order, leafHashes: keys };
}

/**
 * Builds the tree of `input` straight into the proof store under `folder` (which must exist), with the
 * pool's threads when given. Returns the root and totals; the tree itself is never held whole.
 */
export async function buildTreeStore(
  assets: readonly Asset[],
  input: AccountColumns,
  folder: string,
  options: { pool?: HashPool; scheme?: HashScheme; onProgress?: BuildProgress; prehashed?: Prehashed } & IdChecks = {},
): Promise<BuiltStore> {
  checkShapes(assets, input);
  const built = await buildStoreRange(assets, input, folder, { ...options, offset: 0, leafCount: input.count });
  const root = built.blocks[0]!;
  return {
    leafCount: input.count,
    depth: built.shape.depth,
    root: toHex(root.record.slice(0, WORD_BYTES)),
    totals: assets.map((_, a) => readWord(root.record, WORD_BYTES * (a + 1))),
    layout: built.layout,
  };
}

/**
 * Builds the part of a tree of `leafCount` leaves whose accounts are `input` (nonempty) and whose first
 * leaf sits at tree position `offset`: its full shards, with the siblings above them that it knows, into
 * `folder`/store/shards, and its index entries (into `folder`/store/index, or into one part index file
 * with `part`; a part without `part` must be the whole tree). Returns its topmost nodes and its edge leaves, which the join needs.
 */
export async function buildStoreRange(
  assets: readonly Asset[],
  input: AccountColumns,
  folder: string,
  options: {
    pool?: HashPool;
    /** How the tree hashes (default keccak, docs/spec.md). */
    scheme?: HashScheme;
    onProgress?: BuildProgress;
    offset: number;
    leafCount: number;
    part?: boolean;
    /** Where a part's index.bin goes (default: `folder`). */
    indexFolder?: string;
    prehashed?: Prehashed;
  } & IdChecks,
): Promise<BuiltRange> {
  checkShapes(assets, input);
  const { pool, offset, leafCount } = options;
  const columns = pool ? shareColumns(input) : input;
  const count = columns.count;
  const assetCount = assets.length;
  const size = nodeSize(assetCount);
  const allocate = (bytes: number) => (pool ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes));
  const scheme = options.scheme ?? KECCAK_SCHEME;

  const { order, leafHashes } = await hashAndOrder(scheme, columns, size, pool, options);
  options.onProgress?.("hash", count, count);

  // Phase two: the full shards, each thread a contiguous run of them.
  const shape = partShape(leafCount, offset, count);
  const { depth, height, firstShard, endShard } = shape;
  const whole = !options.part;
  invariant(!whole || (offset === 0 && count === leafCount), "a store without part files is the whole tree");
  const layout = storeLayout(leafCount, depth);
  await openStore(folder, { index: whole });
  const roots = allocate((endShard - firstShard) * size);
  const work = {
    scheme: scheme.name,
    ...{ columns, order, leafHashes, offset, leafCount, assetCount, depth, height, folder },
    ...{ roots, rootBase: firstShard },
  };
  const shardCount = endShard - firstShard;
  // Each run of shards on a thread; without a pool, all of them here first.
  const runs: Promise<void>[] = [];
  if (pool && shardCount > 1) {
    const runCount = Math.min(pool.size * 8, shardCount);
    let done = 0;
    for (let r = 0; r < runCount; r++) {
      const from = firstShard + Math.floor((shardCount * r) / runCount);
      const to = firstShard + Math.floor((shardCount * (r + 1)) / runCount);
      if (from === to) continue;
      const run = pool.run({ kind: "shards", work: { ...work, firstShard: from, endShard: to } }).then(() => {
        done += to - from;
        options.onProgress?.("write", Math.min(count, done * 2 ** height), count);
      });
      // Awaited below; handled now so a worker's failure is not unhandled while the index is written.
      run.catch(() => undefined);
      runs.push(run);
    }
  } else {
    buildShards(scheme, { ...work, firstShard, endShard });
  }

  // The ids' check and the index (which needs only the order) run on this thread while the workers build
  // the shards. On any failure every run has ended before the error is passed on, so nothing is still
  // writing into the folder its caller then removes.
  try {
    if (!options.idsUniqueByKey) options.checkIds?.();
    if (whole) await writeStoreIndex(folder, encodeIndexBuckets(columns, order, layout.buckets));
    else
      await writePartIndex(
        options.indexFolder ?? folder,
        encodeIndexBuckets(columns, order, layout.buckets, undefined, offset),
        layout.buckets,
      );
    await Promise.all(runs);
  } catch (error) {
    await Promise.allSettled(runs);
    throw error;
  }

  // The levels above the shards that are the part's own, then each shard's siblings up there.
  const own = ownLevels(scheme, shape, roots, assetCount);
  const nodeOf = (level: number, index: number): Uint8Array | undefined => {
    const nodes = own[level - height]!;
    if (index >= nodes.lo && index < nodes.lo + nodes.records.length / size)
      return nodes.records.subarray((index - nodes.lo) * size, (index - nodes.lo + 1) * size);
    return isPadding(shape, level, index) ? scheme.emptyNode(assetCount, level) : undefined;
  };
  for (let s = firstShard; s < endShard; s++) {
    const upper: Uint8Array[] = [];
    const known = knownSiblingLevels(shape, s);
    for (let j = height; j < height + known; j++) upper.push(nodeOf(j, (s >>> (j - height)) ^ 1)!);
    appendUpperSiblings(scheme, folder, s, upper, assetCount);
  }
  options.onProgress?.("write", count, count);

  const blocks = blockNodes(shape).map(([level, index]) => ({ level, index, record: nodeOf(level, index)!.slice() }));
  const fragments = fragmentRanges(shape).map(([first, end]): PartFragment => {
    const records = new Uint8Array((end - first) * size);
    gatherLeafRecords(records, 0, { order, leafHashes, balances: columns.balances }, size, first - offset, end - first);
    const accounts = Array.from(order.subarray(first - offset, end - offset));
    const salts = new Uint8Array(32 * accounts.length);
    accounts.forEach((a, i) => salts.set(columns.salts.subarray(32 * a, 32 * a + 32), 32 * i));
    const ids = accounts.map((a) => columns.ids.slice(columns.idOffsets[a]!, columns.idOffsets[a + 1]!));
    return { first, ids, salts, records };
  });
  return { shape, layout, blocks, fragments };
}

/** The part's own nodes of each level from the shards' (level height) up: level height + i is own[i]. */
function ownLevels(
  scheme: HashScheme,
  shape: PartShape,
  roots: Uint8Array,
  assetCount: number,
): { lo: number; records: Uint8Array }[] {
  const size = nodeSize(assetCount);
  const own = [{ lo: shape.firstShard, records: roots }];
  for (let j = shape.height; j < shape.depth; j++) {
    const below = own[j - shape.height]!;
    const [lo, hi] = ownNodes(shape, j + 1);
    const records = new Uint8Array((hi - lo) * size);
    if (hi > lo) {
      // Children [2 lo, 2 hi) of the level below, the last one paired with padding when it has no sibling.
      const from = (2 * lo - below.lo) * size;
      const to = Math.min(below.records.length, (2 * hi - below.lo) * size);
      scheme.hashParents(scheme.engine(), below.records.subarray(from, to), records, assetCount, j);
    }
    own.push({ lo, records });
  }
  return own;
}
