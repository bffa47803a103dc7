import type { AccountColumns } from "../tree/columns.js";
import type { HashSchemeName } from "../tree/hash-scheme.js";

/** What phase two needs for a range of shards. */
export interface ShardWork {
  scheme: HashSchemeName;
  columns: AccountColumns;
  /** The accounts in tree order, from tree position `offset` on; leaf hashes and balances by input index. */
  order: Uint32Array;
  leafHashes: Uint8Array;
  offset: number;
  leafCount: number;
  assetCount: number;
  depth: number;
  height: number;
  folder: string;
  firstShard: number;
  endShard: number;
  /** One record per shard from `rootBase` on: its subtree's root, written here. */
  roots: Uint8Array;
  rootBase: number;
}
