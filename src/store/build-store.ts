/**
 * The bounded-memory build behind `solvent build`: the tree is never held whole. Phase one hashes each
 * account's key and leaf (32 bytes each, input order); the keys are sorted; phase two assembles, hashes
 * and writes one shard (1,024 leaves and their subtree) at a time, keeping only its root record; the
 * levels above the shards are hashed here, and each shard then gets the siblings above it appended.
 * The files are byte for byte those writeProofStore writes from a whole tree.
 */
import { writeFileSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  encodeBuckets,
  encodeShardBody,
  encodeUpperSiblings,
  shardFile,
  bucketFile,
  storeLayout,
  type StoreLayout,
} from "./proof-store.js";
import { writeQueue } from "../io/write-queue.js";
import type { Asset } from "../spec/assets.js";
import { keccakEngine, readWord, toHex, WORD_BYTES, type Hex } from "../spec/bytes.js";
import { depthFor, nodeAt, nodeSize } from "../spec/encoding.js";
import { hashParents, parentLevel } from "../tree/levels.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";
import { checkContents, checkShapes, treeOrder } from "../tree/build-columns.js";
import type { AccountColumns } from "../tree/columns.js";
import type { HashPool } from "./hash-pool.js";
import type { ShardWork } from "./shard-work.js";
import { gatherLeafRecords, hashKeys, hashLeaves, shareColumns } from "../tree/leaves.js";

export interface BuiltStore {
  leafCount: number;
  depth: number;
  root: Hex;
  totals: bigint[];
  layout: StoreLayout;
}

/** Phase two for shards [firstShard, endShard): assemble, hash and write each; record its root. */
export function buildShards(engine: KeccakEngine, work: ShardWork): void {
  const { columns, order, leafHashes, assetCount, depth, height } = work;
  const size = nodeSize(assetCount);
  const source = { order, leafHashes, balances: columns.balances };
  // One set of level buffers and one output buffer for every shard of the run: nothing per shard to collect.
  const buffers = Array.from({ length: height + 1 }, (_, j) => new Uint8Array(2 ** (height - j) * size));
  const scratch = { buffer: Buffer.alloc(0) };
  for (let s = work.firstShard; s < work.endShard; s++) {
    const first = s * 2 ** height;
    const count = Math.min(2 ** height, order.length - first);
    const levels: Uint8Array[] = [buffers[0]!.subarray(0, count * size)];
    gatherLeafRecords(levels[0]!, 0, source, size, first, count);
    for (let j = 0; j < height; j++) {
      const above = buffers[j + 1]!.subarray(0, Math.ceil(levels[j]!.length / size / 2) * size);
      hashParents(engine, levels[j]!, above, assetCount, j);
      levels.push(above);
    }
    const body = encodeShardBody(columns, order, { assetCount, depth, height, first, count }, levels, scratch);
    writeFileSync(join(work.folder, shardFile(s)), body, { mode: 0o600 });
    work.roots.set(levels[height]!, s * size);
  }
}

/**
 * Phase one, with the range and duplicate-id checks on this thread meanwhile: every account's key, the
 * tree order by key, then every leaf hash, written over the key it was made from (phase two needs only the
 * order and the leaf hashes, so one 32-byte buffer serves both). With a pool the buffer and the order are
 * shared memory, so the workers read them in place instead of each task receiving a copy.
 */
async function hashAndOrder(
  engine: KeccakEngine,
  columns: AccountColumns,
  size: number,
  pool: HashPool | undefined,
): Promise<{ order: Uint32Array; leafHashes: Uint8Array }> {
  const count = columns.count;
  if (!pool) {
    const keys = new Uint8Array(32 * count);
    checkContents(columns);
    hashKeys(engine, columns, keys, 0, count);
    const order = treeOrder(columns, keys);
    hashLeaves(engine, columns, keys, keys, size, 0, count);
    return { order, leafHashes: keys };
  }
  const keys = new Uint8Array(new SharedArrayBuffer(32 * count));
  // The tasks are posted first; the checks then run on this thread while the workers hash.
  const hashed = pool.runSlices(count, (first, end) => pool.run({ kind: "keys", columns, keys, first, end }));
  const checked = (async () => checkContents(columns))();
  await Promise.all([hashed, checked]);
  const order = treeOrder(columns, keys, (n) => new Uint32Array(new SharedArrayBuffer(4 * n)));
  await pool.runSlices(count, (first, end) =>
    pool.run({ kind: "leaves", columns, keys, leafHashes: keys, size, first, end }),
  );
  return { order, leafHashes: keys };
}

/**
 * Builds the tree of `columns` straight into the proof store under `folder` (which must exist), with the
 * pool's threads when given. Returns the root and totals; the tree itself is never held whole.
 */
export async function buildTreeStore(
  assets: readonly Asset[],
  input: AccountColumns,
  folder: string,
  options: { pool?: HashPool; onProgress?: (stage: "hash" | "write", done: number, total: number) => void } = {},
): Promise<BuiltStore> {
  checkShapes(assets, input);
  const { pool } = options;
  const columns = pool ? shareColumns(input) : input;
  const count = columns.count;
  const assetCount = assets.length;
  const size = nodeSize(assetCount);
  const allocate = (bytes: number) => (pool ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes));
  const engine = keccakEngine();

  const { order, leafHashes } = await hashAndOrder(engine, columns, size, pool);
  options.onProgress?.("hash", count, count);

  // Phase two: shards, each thread a contiguous run of them.
  const depth = depthFor(count);
  const layout = storeLayout(count, depth);
  const height = layout.shardHeight;
  await mkdir(join(folder, "store", "shards"), { recursive: true, mode: 0o700 });
  await mkdir(join(folder, "store", "index"), { recursive: true, mode: 0o700 });
  const roots = allocate(layout.shards * size);
  const work = { columns, order, leafHashes, assetCount, depth, height, folder, roots };
  let shards: Promise<unknown>;
  if (pool) {
    const runs = Math.min(pool.size * 8, layout.shards);
    let done = 0;
    shards = Promise.all(
      Array.from({ length: runs }, async (_, r) => {
        const firstShard = Math.floor((layout.shards * r) / runs);
        const endShard = Math.floor((layout.shards * (r + 1)) / runs);
        if (firstShard === endShard) return;
        await pool.run({ kind: "shards", work: { ...work, firstShard, endShard } });
        done += endShard - firstShard;
        options.onProgress?.("write", Math.min(count, done * 2 ** height), count);
      }),
    );
    // Awaited below; handled now so a worker's failure is not unhandled while the index is written.
    shards.catch(() => undefined);
  } else {
    buildShards(engine, { ...work, firstShard: 0, endShard: layout.shards });
    shards = Promise.resolve();
  }

  // The index needs only the order: this thread writes it while the workers build the shards.
  const writes = writeQueue();
  for (const [b, bytes] of encodeBuckets(columns, order, layout.buckets)) {
    await writes.add(() => writeFile(join(folder, bucketFile(b)), bytes, { mode: 0o600 }));
  }
  await shards;

  // The levels above the shards, then each shard's siblings up there.
  const top: Uint8Array[] = [roots];
  for (let j = height; j < depth; j++) top.push(parentLevel(engine, top[j - height]!, assetCount, j));
  for (let s = 0; s < layout.shards; s++) {
    const upper: Uint8Array[] = [];
    for (let j = height; j < depth; j++) upper.push(nodeAt(top[j - height]!, (s >>> (j - height)) ^ 1, assetCount, j));
    if (upper.length > 0)
      await writes.add(() => appendFile(join(folder, shardFile(s)), encodeUpperSiblings(upper, assetCount)));
  }
  await writes.drain();
  options.onProgress?.("write", count, count);
  const rootRecord = top[top.length - 1]!;
  return {
    leafCount: count,
    depth,
    root: toHex(rootRecord.slice(0, WORD_BYTES)),
    totals: Array.from({ length: assetCount }, (_, a) => readWord(rootRecord, WORD_BYTES * (a + 1))),
    layout,
  };
}
