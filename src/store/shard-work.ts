import type { AccountColumns } from "../tree/columns.js";

/** What phase two needs for a range of shards. */
export interface ShardWork {
  columns: AccountColumns;
  order: Uint32Array;
  leafHashes: Uint8Array;
  /** Accounts in tree order; leaf hashes and balances by input index. */
  assetCount: number;
  depth: number;
  height: number;
  folder: string;
  firstShard: number;
  endShard: number;
  /** One record per shard: its subtree's root, written here. */
  roots: Uint8Array;
}
