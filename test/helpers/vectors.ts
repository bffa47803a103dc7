import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Asset } from "../../src/index.js";

export interface VectorAccount {
  accountId: string;
  salt: string;
  balances: string[];
  accountKey: string;
  leafHash: string;
}

export interface VectorCase {
  name: string;
  assets: Asset[];
  accounts: VectorAccount[];
  expected: { leafCount: number; depth: number; root: string; totals: string[]; sortedAccountKeys: string[] };
  proofs: Record<string, unknown>[];
}

export interface Vectors {
  format: string;
  emptySubtreeHashes: Record<string, string[]>;
  cases: VectorCase[];
}

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The shared vectors (copied from ../shared/vectors into test/fixtures/vectors). */
export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(fixturePath("vectors/tree-v1.json"), "utf8")) as Vectors;
}
