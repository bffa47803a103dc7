import type { Asset } from "../../spec/assets.js";

/** What a proof needs from the tree's summary. */
export interface TreeFacts {
  assets: readonly Asset[];
  leafCount: number;
  depth: number;
  root: string;
  totals: readonly bigint[];
}
