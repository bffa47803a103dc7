import type { AccountColumns } from "./columns.js";
import type { LeafSource } from "./leaves.js";

/** Hashing work the tree builders hand to other threads, on shared memory (SharedArrayBuffer-backed arrays). */
export type TreeTask =
  | {
      kind: "subtree";
      levels: Uint8Array[];
      assetCount: number;
      leaves: LeafSource;
      first: number;
      count: number;
      height: number;
    }
  | { kind: "keys"; columns: AccountColumns; keys: Uint8Array; first: number; end: number }
  | {
      kind: "leaves";
      columns: AccountColumns;
      keys: Uint8Array;
      leafHashes: Uint8Array;
      size: number;
      first: number;
      end: number;
    };

/**
 * What a tree builder needs of a pool of threads. The tree layer names it and the store layer's HashPool
 * implements it, so the builders do not depend on the workers (which also run the store's tasks).
 */
export interface TaskRunner {
  /** Number of threads. */
  readonly size: number;
  /** Runs one task on a free thread. */
  run(task: TreeTask): Promise<void>;
  /** Splits [0, count) into one contiguous slice per thread and runs `task` on each; resolves when all are done. */
  runSlices(count: number, task: (first: number, end: number) => Promise<void>): Promise<void>;
}
