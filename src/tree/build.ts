import { validateAssets, type Asset } from "../spec/assets.js";
import { hashOnPool, hashOnThisThread, type MerkleSumTree } from "./build-columns.js";
import { columnsFromAccounts, idOf, type AccountColumns, type AccountInput } from "./columns.js";
import type { TaskRunner } from "./tasks.js";

export type { AccountInput } from "./columns.js";
export type { MerkleSumTree } from "./build-columns.js";

export interface BuildOptions {
  /** Source of salts for accounts given without one; fresh random salts by default. */
  randomSalt?: () => Uint8Array;
  /** Threads to hash on (`HashPool.start()`); the build then returns a promise of the same tree. */
  pool?: TaskRunner;
}

/**
 * Builds the Merkle sum tree of a set of accounts, the one way to build a tree in memory (to write a
 * tree folder with every proof without holding the tree, use `buildTreeStore`). Accounts come as objects
 * (checked and laid out as columns here) or already as columns (`readBalancesColumns`). Validates every
 * input, derives the account keys, sorts the leaves by key and hashes every level; throws an InputError
 * naming the account on anything the spec forbids. With `pool` the hashing is spread over its threads
 * and the result, byte for byte the same tree, comes as a promise.
 */
export function buildTree(
  assets: readonly Asset[],
  accounts: readonly AccountInput[] | AccountColumns,
  options?: BuildOptions & { pool?: undefined },
): MerkleSumTree;
export function buildTree(
  assets: readonly Asset[],
  accounts: readonly AccountInput[] | AccountColumns,
  options: BuildOptions & { pool: TaskRunner },
): Promise<MerkleSumTree>;
export function buildTree(
  assets: readonly Asset[],
  accounts: readonly AccountInput[] | AccountColumns,
  options: BuildOptions = {},
): MerkleSumTree | Promise<MerkleSumTree> {
  validateAssets(assets);
  const { pool } = options;
  const columns = isColumns(accounts)
    ? accounts
    : columnsFromAccounts(assets, accounts, options.randomSalt ?? pooledRandomSalts(), { shared: pool !== undefined });
  return pool ? hashOnPool(assets, columns, pool) : hashOnThisThread(assets, columns);
}

function isColumns(accounts: readonly AccountInput[] | AccountColumns): accounts is AccountColumns {
  return !Array.isArray(accounts);
}

/** A leaf of the tree, by tree position: its account's id, salt and key. */
export interface TreeLeaf {
  accountId: string;
  salt: Uint8Array;
  key: Uint8Array;
}

/** The leaf at tree position `position` (0 … leafCount − 1). */
export function leafAt(tree: MerkleSumTree, position: number): TreeLeaf {
  const account = tree.order[position]!;
  return {
    accountId: idOf(tree.columns, account),
    salt: tree.columns.salts.subarray(32 * account, 32 * account + 32),
    key: tree.keys.subarray(32 * account, 32 * account + 32),
  };
}

/**
 * Fresh 32-byte salts cut from large draws of the platform's CSPRNG (Web Crypto, in Node and browsers alike:
 * one call per 2048 salts, not per account; 65,536 bytes is the most one getRandomValues call gives).
 */
export function pooledRandomSalts(): () => Uint8Array {
  const perDraw = 2048;
  let pool = new Uint8Array(0);
  let next = 0;
  return () => {
    if (next === pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(32 * perDraw));
      next = 0;
    }
    next += 32;
    return pool.subarray(next - 32, next);
  };
}
