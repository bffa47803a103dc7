import { randomBytes } from "node:crypto";
import { InputError, invariant, type SourceLocation } from "../errors.js";
import { validateAssets, type Asset } from "../spec/assets.js";
import { compareBytes, keccakEngine, readWord, toHex, WORD_BYTES, writeWord, type Hex } from "../spec/bytes.js";
import { keyOrder } from "./key-order.js";
import { accountKeys, checkAmount, depthFor, emptyRecord, MAX_AMOUNT, recordSize } from "../spec/encoding.js";



/** One customer account as the exchange exports it. Balances are base units. */
export interface AccountInput {
  accountId: string;
  balances: readonly bigint[];
  /** 32 bytes; a fresh random salt is drawn when absent. */
  salt?: Uint8Array;
  /** Where the account came from, for error messages (e.g. a file line). */
  location?: SourceLocation;
}

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
  if (accounts.length === 0) throw new InputError("there are no accounts: a tree needs at least one");
  const assetCount = assets.length;
  const randomSalt = options.randomSalt ?? pooledRandomSalts();
  const totals = new Array<bigint>(assetCount).fill(0n);
  const firstSeen = new Map<string, AccountInput>();
  const salts: Uint8Array[] = [];
  const ids: string[] = [];

  for (const account of accounts) {
    const id = account.accountId.normalize("NFC");
    if (id.length === 0) throw new InputError("an account id is empty", account.location);
    const earlier = firstSeen.get(id);
    if (earlier !== undefined) {
      throw new InputError(
        `account ${JSON.stringify(id)} appears twice (first at ${describe(earlier.location)}); merge its balances into one row`,
        account.location,
      );
    }
    firstSeen.set(id, account);
    if (account.balances.length !== assetCount) {
      throw new InputError(
        `account ${JSON.stringify(id)} has ${account.balances.length} balances but there are ${assetCount} assets`,
        account.location,
      );
    }
    account.balances.forEach((balance, a) => {
      const symbol = assets[a]!.symbol;
      if (balance < 0n || balance > MAX_AMOUNT) {
        checkWithLocation(() => checkAmount(balance, `the ${symbol} balance of ${JSON.stringify(id)}`), account.location);
      }
      totals[a]! += balance;
      if (totals[a]! > MAX_AMOUNT) {
        throw new InputError(
          `the ${symbol} total reaches 2^128 base units at account ${JSON.stringify(id)}; amounts this large cannot be attested`,
          account.location,
        );
      }
    });
    const salt = account.salt ?? randomSalt();
    if (salt.length !== 32) throw new InputError(`a salt must be 32 bytes, got ${salt.length}`, account.location);
    salts.push(salt);
    ids.push(id);
  }
  const keys = accountKeys(salts, ids);
  const sorted = Array.from(keyOrder(keys, ids.length), (i) => ({
    accountId: ids[i]!,
    salt: salts[i]!,
    key: keys.subarray(32 * i, 32 * i + 32),
    balances: accounts[i]!.balances,
  }));
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1]!.key, sorted[i]!.key) === 0) {
      throw new InputError(
        `accounts ${JSON.stringify(sorted[i - 1]!.accountId)} and ${JSON.stringify(sorted[i]!.accountId)} have the same account key; give them different salts`,
      );
    }
  }

  return buildTreeFromSortedLeaves(assets, sorted);
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
  const levels = [leafLevel];
  for (let level = 0; level < depth; level++) {
    const below = levels[level]!;
    const above = new Uint8Array(Math.ceil(below.length / size / 2) * size);
    if (!engine.buildLevel(below, above, size, assetCount, emptyRecord(assetCount, level))) {
      throw new InputError(`a sum reaches 2^128 at level ${level + 1}; the totals are too large to attest`);
    }
    levels.push(above);
  }

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
function pooledRandomSalts(): () => Uint8Array {
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

function checkWithLocation<T>(check: () => T, location: SourceLocation | undefined): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError && location !== undefined) throw new InputError(error.message, location);
    throw error;
  }
}

function describe(location: SourceLocation | undefined): string {
  if (location === undefined) return "an earlier entry";
  if (location.line !== undefined) return `${location.file ?? "line"}${location.file ? ":" : " "}${location.line}`;
  return location.file ?? "an earlier entry";
}
