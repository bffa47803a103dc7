/**
 * Where the proof store of a tree folder (solvent-tree-v2, docs/spec.md) keeps what: shards of 2^h
 * consecutive leaves under store/shards, and an index bucketed by a hash of the id under store/index.
 */
import { join } from "node:path";

/** Leaves per shard as the store lays them out: 2^min(10, depth), so a lookup decompresses one small shard. */
export const SHARD_HEIGHT = 10;
/** Ids per index bucket, about. */
const BUCKET_TARGET = 512;

export interface StoreLayout {
  shardHeight: number;
  shards: number;
  buckets: number;
}

export function storeLayout(leafCount: number, depth: number): StoreLayout {
  const shardHeight = Math.min(SHARD_HEIGHT, depth);
  const buckets = 2 ** Math.max(0, Math.ceil(Math.log2(Math.ceil(leafCount / BUCKET_TARGET))));
  return { shardHeight, shards: Math.ceil(leafCount / 2 ** shardHeight), buckets };
}

export const SHARDS_FOLDER = join("store", "shards");
export const INDEX_FOLDER = join("store", "index");
/** Shard s's file, relative to the tree folder. */
export const shardFile = (s: number) => join(SHARDS_FOLDER, `${String(s).padStart(6, "0")}.bin`);
/** Index bucket b's file, relative to the tree folder. */
export const indexBucketFile = (b: number) => join(INDEX_FOLDER, `${String(b).padStart(6, "0")}.bin`);
