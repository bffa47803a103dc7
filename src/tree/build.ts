import { randomBytes } from "node:crypto";
import { InputError, invariant } from "../errors.js";
import { validateAssets, type Asset } from "../spec/assets.js";
import { compareBytes, keccakEngine, readWord, toHex, WORD_BYTES, writeWord, type Hex } from "../spec/bytes.js";
import { checkAmount, depthFor, recordSize } from "../spec/encoding.js";
import { parentLevel } from "./levels.js";
import { buildColumnTree, buildColumnTreeParallel, type ColumnTree } from "./build-columns.js";
import { columnsFromAccounts, idOf, type AccountInput } from "./columns.js";
import type { TaskRunner } from "./tasks.js";

export type { AccountInput } from "./columns.js";

/** A leaf in tree order. */
export interface TreeLeaf {
  accountId: string;
  salt: Uint8Array;
  key: Uint8Array;
}

/**
 * A built Merkle sum tree. `levels[0]` holds the leaf records in key order, `levels[depth]` the root;
 * level j holds ceil(leafCount / 2^j) records and the rest of each level is implied padding.
 */
export interface SumTree {
  assets: readonly Asset[];
  leafCount: number;
  depth: number;
  levels: Uint8Array[];
  leaves: TreeLeaf[];
  root: Hex;
  totals: bigint[];
}

export interface BuildOptions {
  /** Source of salts for accounts without one; crypto.randomBytes by default. */
  randomSalt?: () => Uint8Array;
}

/**
 * Builds the tree for a set of accounts: validates every input, derives account keys, sorts the leaves
 * by key and hashes every level. Throws InputError on anything the spec forbids, naming the account.
 */
export function buildTree(assets: readonly Asset[], accounts: readonly AccountInput[], options: BuildOptions = {}): SumTree {
  validateAssets(assets);
  const columns = columnsFromAccounts(assets, accounts, options.randomSalt ?? pooledRandomSalts());
  return withLeaves(buildColumnTree(assets, columns));
}

/** buildTree with the hashing spread over a pool of worker threads; the same tree, byte for byte. */
export async function buildTreeParallel(assets: readonly Asset[], accounts: readonly AccountInput[], pool: TaskRunner, options: BuildOptions = {}): Promise<SumTree> {
  validateAssets(assets);
  const columns = columnsFromAccounts(assets, accounts, options.randomSalt ?? pooledRandomSalts(), { shared: true });
  return withLeaves(await buildColumnTreeParallel(assets, columns, pool));
}

/** The column tree with a leaf object per position (id, salt, key), as proofs and tree folders use. */
function withLeaves(tree: ColumnTree): SumTree {
  const { columns, keys, order } = tree;
  const leaves = Array.from(order, (account) => ({
    accountId: idOf(columns, account),
    salt: columns.salts.subarray(32 * account, 32 * account + 32),
    key: keys.subarray(32 * account, 32 * account + 32),
  }));
  return { assets: tree.assets, leafCount: tree.leafCount, depth: tree.depth, levels: tree.levels, leaves, root: tree.root, totals: tree.totals };
}

/**
 * Builds the tree from leaves already in key order (the lower layer of buildTree, for callers that sort
 * elsewhere). Rejects keys that are not strictly ascending: that would break the spec's shape and could
 * hide a duplicate account.
 */
export function buildTreeFromSortedLeaves(
  assets: readonly Asset[],
  leaves: readonly { key: Uint8Array; balances: readonly bigint[]; accountId?: string; salt?: Uint8Array }[],
): SumTree {
  validateAssets(assets);
  const assetCount = assets.length;
  const leafCount = leaves.length;
  if (leafCount === 0) throw new InputError("there are no accounts: a tree needs at least one");
  const size = recordSize(assetCount);
  const leafLevel = new Uint8Array(leafCount * size);

  leaves.forEach((leaf, i) => {
    if (leaf.key.length !== 32) throw new InputError(`leaf ${i}: an account key must be 32 bytes`);
    if (i > 0 && compareBytes(leaves[i - 1]!.key, leaf.key) >= 0) {
      throw new InputError(`leaf ${i}: account keys must be strictly ascending (found a duplicate or unsorted key ${toHex(leaf.key)})`);
    }
    if (leaf.balances.length !== assetCount) {
      throw new InputError(`leaf ${i}: ${leaf.balances.length} balances for ${assetCount} assets`);
    }
    leaf.balances.forEach((balance, a) => checkAmount(balance, `leaf ${i}: the ${assets[a]!.symbol} balance`));
    // The key goes where the leaf hash will be: hashLeaves turns key ‖ balances into hash ‖ balances.
    leafLevel.set(leaf.key, i * size);
    leaf.balances.forEach((balance, a) => writeWord(leafLevel, i * size + WORD_BYTES * (a + 1), balance));
  });

  const engine = keccakEngine();
  engine.hashLeaves(leafLevel, size);
  const depth = depthFor(leafCount);
  const levels: Uint8Array[] = [leafLevel];
  for (let level = 0; level < depth; level++) levels.push(parentLevel(engine, levels[level]!, assetCount, level));

  const top = levels[depth]!;
  invariant(top.length === size, "the top level holds exactly the root");
  const totals = Array.from({ length: assetCount }, (_, a) => readWord(top, WORD_BYTES * (a + 1)));
  return {
    assets,
    leafCount,
    depth,
    levels,
    leaves: leaves.map(({ key, accountId, salt }) => ({ key, accountId: accountId ?? "", salt: salt ?? new Uint8Array(0) })),
    root: toHex(top.subarray(0, WORD_BYTES)),
    totals,
  };
}

/** Fresh 32-byte salts cut from large randomBytes draws (one system call per 4096 salts, not per account). */
export function pooledRandomSalts(): () => Uint8Array {
  const perDraw = 4096;
  let pool = new Uint8Array(0);
  let next = 0;
  return () => {
    if (next === pool.length) {
      pool = randomBytes(32 * perDraw);
      next = 0;
    }
    next += 32;
    return pool.subarray(next - 32, next);
  };
}
