/**
 * The reference writer of the proof store: the files of a whole tree held in memory, record by record,
 * from the format's encoders (src/store/format/). The store's one writer (src/store/store-writer.ts) must
 * write these bytes; tests and the bench compare against it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keccakEngine } from "../../src/spec/bytes.js";
import { nodeAt, nodeSize } from "../../src/spec/encoding.js";
import type { MerkleSumTree } from "../../src/tree/build.js";
import { writeQueue } from "../../src/io/write-queue.js";
import { encodeIndexBuckets } from "../../src/store/format/index-bucket.js";
import { indexBucketFile, shardFile, storeLayout, type StoreLayout } from "../../src/store/format/layout.js";
import { encodeShardBody, encodeUpperSiblings } from "../../src/store/format/shard.js";

/** Writes the store of `tree` into `folder` (which must exist). Files are owner-only: they hold salts. */
export async function writeProofStore(
  folder: string,
  tree: MerkleSumTree,
  onProgress?: (written: number, total: number) => void,
): Promise<StoreLayout> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  await mkdir(join(folder, "store", "shards"), { recursive: true, mode: 0o700 });
  await mkdir(join(folder, "store", "index"), { recursive: true, mode: 0o700 });
  const writes = writeQueue();
  for (let s = 0; s < layout.shards; s++) {
    const bytes = encodeShard(tree, s, layout.shardHeight);
    await writes.add(() => writeFile(join(folder, shardFile(s)), bytes, { mode: 0o600 }));
    onProgress?.(Math.min(tree.leafCount, (s + 1) * 2 ** layout.shardHeight), tree.leafCount);
  }
  for (const [b, bytes] of encodeIndexBuckets(tree.columns, tree.order, layout.buckets)) {
    await writes.add(() => writeFile(join(folder, indexBucketFile(b)), bytes, { mode: 0o600 }));
  }
  await writes.drain();
  return layout;
}

function encodeShard(tree: MerkleSumTree, s: number, height: number): Buffer {
  const size = nodeSize(tree.assets.length);
  const assetCount = tree.assets.length;
  const first = s * 2 ** height;
  const count = Math.min(2 ** height, tree.leafCount - first);
  const shardLevels = Array.from({ length: height + 1 }, (_, j) =>
    tree.levels[j]!.subarray((first / 2 ** j) * size, Math.ceil((first + count) / 2 ** j) * size),
  );
  const upper: Uint8Array[] = [];
  for (let j = height; j < tree.depth; j++) {
    upper.push(nodeAt(tree.levels[j]!, (first / 2 ** j) ^ 1, assetCount, j));
  }
  const engine = keccakEngine();
  const body = encodeShardBody(
    engine,
    tree.columns,
    tree.order.subarray(first, first + count),
    { assetCount, depth: tree.depth, height, first, count },
    shardLevels,
  );
  return Buffer.concat([body, encodeUpperSiblings(engine, upper, assetCount)]);
}
