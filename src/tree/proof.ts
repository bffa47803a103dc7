import { invariant } from "../errors.js";
import { fromHex, readSums, toHex, WORD_BYTES, writeWord, type Hex } from "../spec/bytes.js";
import { accountKey, depthFor, nodeAt, leafHash, MAX_AMOUNT, nodeSize, writeNode } from "../spec/encoding.js";
import { leafAt, type MerkleSumTree } from "./build.js";
import { idOf } from "./columns.js";

export interface ProofSibling {
  hash: Hex;
  sums: bigint[];
}

/** Everything needed to check one account against a root (the content of a solvent-proof-v1 file). */
export interface InclusionProof {
  assets: string[];
  /** Not part of the hash: lets tools show display units. */
  decimals?: number[];
  leafCount: bigint;
  root: Hex;
  totals: bigint[];
  leaf: {
    index: bigint;
    accountId?: string;
    salt?: Hex;
    accountKey: Hex;
    balances: bigint[];
  };
  siblings: ProofSibling[];
  /** Where the root was posted, when known. */
  chainId?: bigint;
  registry?: string;
  exchangeId?: bigint;
  epoch?: bigint;
}

/** The proof of the leaf at `index` (tree order). */
export function proofAt(tree: MerkleSumTree, index: number): InclusionProof {
  invariant(Number.isInteger(index) && index >= 0 && index < tree.leafCount, `no leaf at index ${index}`);
  const assetCount = tree.assets.length;
  const size = nodeSize(assetCount);
  const leaf = leafAt(tree, index);
  const leafRecord = tree.levels[0]!.subarray(index * size, (index + 1) * size);
  const siblings: ProofSibling[] = [];
  for (let level = 0; level < tree.depth; level++) {
    siblings.push(decodeNode(nodeAt(tree.levels[level]!, (index >>> level) ^ 1, assetCount, level), assetCount));
  }
  return {
    assets: tree.assets.map((asset) => asset.symbol),
    decimals: tree.assets.map((asset) => asset.decimals),
    leafCount: BigInt(tree.leafCount),
    root: tree.root,
    totals: [...tree.totals],
    leaf: {
      index: BigInt(index),
      ...(leaf.accountId !== "" ? { accountId: leaf.accountId } : {}),
      ...(leaf.salt.length === 32 ? { salt: toHex(leaf.salt) } : {}),
      accountKey: toHex(leaf.key),
      balances: decodeNode(leafRecord, assetCount).sums,
    },
    siblings,
  };
}

/** The checks of the spec, in the order the contract runs them; names match its custom errors. */
export type FailedCheck =
  | "BalanceCountMismatch"
  | "TotalCountMismatch"
  | "ProofLengthMismatch"
  | "LeafIndexOutOfRange"
  | "SiblingSumCountMismatch"
  | "AmountOutOfRange"
  | "AccountKeyMismatch"
  | "RootMismatch"
  | "TotalMismatch";

export type VerifyResult = { valid: true } | { valid: false; check: FailedCheck; reason: string };

/**
 * Checks a proof off-chain exactly as `AttestationRegistry.verifyInclusion` does, against the root and
 * totals the proof itself names. When the proof carries accountId and salt, it also checks that the
 * account key is really derived from them: that is what stops one leaf being shown to two customers.
 */
export function verifyProof(proof: InclusionProof): VerifyResult {
  const assetCount = proof.assets.length;
  const { leaf } = proof;
  if (leaf.balances.length !== assetCount) {
    return fail("BalanceCountMismatch", `the leaf has ${leaf.balances.length} balances for ${assetCount} assets`);
  }
  if (proof.totals.length !== assetCount) {
    return fail("TotalCountMismatch", `the proof has ${proof.totals.length} totals for ${assetCount} assets`);
  }
  if (proof.leafCount < 1n) return fail("LeafIndexOutOfRange", "the leaf count must be at least 1");
  const depth = depthFor(proof.leafCount);
  if (proof.siblings.length !== depth) {
    return fail(
      "ProofLengthMismatch",
      `a tree of ${proof.leafCount} leaves needs ${depth} siblings, the proof has ${proof.siblings.length}`,
    );
  }
  if (leaf.index < 0n || leaf.index >= proof.leafCount) {
    return fail("LeafIndexOutOfRange", `leaf index ${leaf.index} is not below the leaf count ${proof.leafCount}`);
  }
  for (const [level, sibling] of proof.siblings.entries()) {
    if (sibling.sums.length !== assetCount) {
      return fail(
        "SiblingSumCountMismatch",
        `sibling ${level} has ${sibling.sums.length} sums for ${assetCount} assets`,
      );
    }
  }
  const amounts = [...leaf.balances, ...proof.totals, ...proof.siblings.flatMap((sibling) => sibling.sums)];
  const outOfRange = amounts.find((amount) => amount < 0n || amount > MAX_AMOUNT);
  if (outOfRange !== undefined) return fail("AmountOutOfRange", `${outOfRange} is outside 0 .. 2^128 - 1`);

  const key = fromHex(leaf.accountKey, 32, "accountKey");
  if (leaf.accountId !== undefined && leaf.salt !== undefined) {
    if (leaf.accountId.normalize("NFC") === "") return fail("AccountKeyMismatch", "the account id is empty");
    const derived = toHex(accountKey(fromHex(leaf.salt, 32, "salt"), leaf.accountId));
    if (derived !== leaf.accountKey.toLowerCase()) {
      return fail(
        "AccountKeyMismatch",
        `the account key is not keccak256(salt ‖ "${leaf.accountId}"): this proof is not for that account`,
      );
    }
  }

  const { root, sums } = recomputeRoot(key, leaf.balances, leaf.index, proof.siblings);
  if (sums === undefined) return fail("AmountOutOfRange", "a sum on the path reaches 2^128");
  if (root !== proof.root.toLowerCase()) {
    return fail("RootMismatch", `the proof leads to root ${root}, not ${proof.root}`);
  }
  for (let a = 0; a < assetCount; a++) {
    if (sums[a] !== proof.totals[a]) {
      return fail(
        "TotalMismatch",
        `the ${proof.assets[a]} total is ${sums[a]} by the proof but ${proof.totals[a]} is claimed`,
      );
    }
  }
  return { valid: true };
}

/** Walks the path from a leaf to the root; `sums` is undefined when a sum would reach 2^128. */
export function recomputeRoot(
  key: Uint8Array,
  balances: readonly bigint[],
  index: bigint,
  siblings: readonly ProofSibling[],
): { root: Hex; sums: bigint[] | undefined } {
  const assetCount = balances.length;
  const size = nodeSize(assetCount);
  const children = new Uint8Array(2 * size);
  const scratch = new Uint8Array(1 + 2 * size);
  let current = new Uint8Array(size);
  current.set(leafHash(key, balances), 0);
  balances.forEach((balance, a) => writeWord(current, WORD_BYTES * (a + 1), balance));
  for (const [level, sibling] of siblings.entries()) {
    const isRight = ((index >> BigInt(level)) & 1n) === 1n;
    const siblingRecord = siblingToRecord(sibling, size);
    children.set(isRight ? siblingRecord : current, 0);
    children.set(isRight ? current : siblingRecord, size);
    const parent = new Uint8Array(size);
    if (!writeNode(parent, 0, children, assetCount, scratch)) {
      return { root: toHex(current.subarray(0, WORD_BYTES)), sums: undefined };
    }
    current = parent;
  }
  return { root: toHex(current.subarray(0, WORD_BYTES)), sums: decodeNode(current, assetCount).sums };
}

export function decodeNode(record: Uint8Array, assetCount: number): ProofSibling {
  return { hash: toHex(record.subarray(0, WORD_BYTES)), sums: readSums(record, 0, assetCount) };
}

function siblingToRecord(sibling: ProofSibling, size: number): Uint8Array {
  const record = new Uint8Array(size);
  record.set(fromHex(sibling.hash, 32, "sibling hash"), 0);
  sibling.sums.forEach((sum, a) => writeWord(record, WORD_BYTES * (a + 1), sum));
  return record;
}

function fail(check: FailedCheck, reason: string): VerifyResult {
  return { valid: false, check, reason };
}

/** Index of an account in the tree by its id (NFC-normalised), or -1. */
export function indexOfAccount(tree: MerkleSumTree, accountId: string): number {
  const id = accountId.normalize("NFC");
  return tree.order.findIndex((account) => idOf(tree.columns, account) === id);
}
