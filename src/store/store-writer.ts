/**
 * The one writer of the proof store (format: store/format/): every shard, sibling tail and index file a
 * build or a join writes goes through here, the levels hashed with the build's hash scheme. Files are
 * owner-only: they hold salts.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invariant } from "../errors.js";
import { nodeSize } from "../spec/encoding.js";
import type { HashScheme } from "../tree/hash-scheme.js";
import { sumOverflow } from "../tree/levels.js";
import { gatherLeafRecords } from "../tree/leaves.js";
import { INDEX_FOLDER, indexBucketFile, SHARDS_FOLDER, shardFile } from "./format/layout.js";
import { writePartIndex } from "./format/part-index.js";
import {
  compactBound,
  compactRecordsIn,
  encodeShardAccounts,
  encodeUpperSiblings,
  shardAccountsBytes,
} from "./format/shard.js";
import type { ShardWork } from "./shard-work.js";

export { writePartIndex };

/** Makes `folder`/store/shards and, for a whole tree (not a part), `folder`/store/index. */
export async function openStore(folder: string, options: { index: boolean }): Promise<void> {
  await mkdir(join(folder, SHARDS_FOLDER), { recursive: true, mode: 0o700 });
  if (options.index) await mkdir(join(folder, INDEX_FOLDER), { recursive: true, mode: 0o700 });
}

/**
 * Phase two for shards [firstShard, endShard): assemble, hash and write each; record its root. A shard's
 * levels and its file's bytes are made in the engine's workspace (WebAssembly memory): the leaf records
 * are gathered there, each level hashed from the one below and every level compacted into the file's
 * bytes where they lie, so nothing is copied in or out but the leaves and the file.
 */
export function buildShards(scheme: HashScheme, work: ShardWork): void {
  const engine = scheme.engine();
  const { columns, order, leafHashes, assetCount, depth, height, offset, leafCount } = work;
  const size = nodeSize(assetCount);
  const source = { order, leafHashes, balances: columns.balances };
  // The workspace: each level's padding record, each level's records (room for a full shard), the file.
  const levelAt: number[] = [];
  let fileAt = height * size;
  for (let j = 0; j <= height; j++) {
    levelAt.push(fileAt);
    fileAt += 2 ** (height - j) * size;
  }
  // Made before the workspace is taken: the first time, making one hashes with this thread's engine.
  const paddings = Array.from({ length: height }, (_, j) => scheme.emptyNode(assetCount, j));
  for (let s = work.firstShard; s < work.endShard; s++) {
    const first = s * 2 ** height;
    const count = Math.min(2 ** height, leafCount - first);
    const shardOrder = order.subarray(first - offset, first - offset + count);
    // Records at each level 0 … height: the shard's leaves, then half as many (rounded up) a level.
    const levelCounts = [count];
    for (let j = 0; j < height; j++) levelCounts.push(Math.ceil(levelCounts[j]! / 2));
    const levels = engine.workspace(fileAt);
    paddings.forEach((padding, j) => levels.set(padding, j * size));
    gatherLeafRecords(levels.subarray(levelAt[0]!, levelAt[0]! + count * size), 0, source, size, first - offset, count);
    for (let j = 0; j < height; j++) {
      if (!engine.buildLevelIn(levelAt[j]!, levelCounts[j]!, size, assetCount, levelAt[j + 1]!, j * size))
        throw sumOverflow(j);
    }
    // Sized now, after the hashing: this pass touches the ids and salts the copy that follows reads.
    const accountsBytes = shardAccountsBytes(columns, shardOrder);
    const records = levelCounts.reduce((sum, n) => sum + n, 0);
    const space = engine.workspace(fileAt + accountsBytes + compactBound(records, assetCount) + 16);
    let end = encodeShardAccounts(space, fileAt, columns, shardOrder, { assetCount, depth, height, first, count });
    levelCounts.forEach((n, j) => (end = compactRecordsIn(engine, levelAt[j]!, n, assetCount, end)));
    invariant(end <= space.length, "buildShards: the shard's size was misjudged");
    writeFileSync(join(work.folder, shardFile(s)), space.subarray(fileAt, end), { mode: 0o600 });
    work.roots.set(space.subarray(levelAt[height]!, levelAt[height]! + size), (s - work.rootBase) * size);
  }
}

/** Appends shard s's siblings above its subtree (`upper`, levels from the shard's height up), if any. */
export function appendUpperSiblings(
  scheme: HashScheme,
  folder: string,
  s: number,
  upper: readonly Uint8Array[],
  assetCount: number,
): void {
  // Appended synchronously: a few hundred bytes to a file that exists is cheaper done here than queued
  // through libuv's threads (docs/scale.md).
  if (upper.length > 0)
    appendFileSync(join(folder, shardFile(s)), encodeUpperSiblings(scheme.engine(), upper, assetCount));
}

/** Writes shard s's whole file (a part's shard taken over by a join, its siblings completed). */
export async function writeShardFile(folder: string, s: number, bytes: Uint8Array): Promise<void> {
  await writeFile(join(folder, shardFile(s)), bytes, { mode: 0o600 });
}

/** Writes one index bucket file (its header included). */
export async function writeIndexBucket(folder: string, b: number, bytes: Uint8Array): Promise<void> {
  await writeFile(join(folder, indexBucketFile(b)), bytes, { mode: 0o600 });
}

/**
 * Writes a whole tree's index bucket files, as encodeIndexBuckets yields them, synchronously: a small
 * file through libuv's threads costs several times the CPU (docs/scale.md), and the cores are busy with
 * the shards. Now and then this thread answers the threads' finished runs with new ones.
 */
export async function writeStoreIndex(folder: string, buckets: Iterable<[number, Buffer]>): Promise<void> {
  let written = 0;
  for (const [b, bytes] of buckets) {
    writeFileSync(join(folder, indexBucketFile(b)), bytes, { mode: 0o600 });
    if (++written % 64 === 0) await new Promise(setImmediate);
  }
}
