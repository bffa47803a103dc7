/**
 * The Solvent tree encoding (docs/spec.md), mirrored by contracts/libraries/SumTree.sol.
 * This is the only TypeScript module that knows how leaves and nodes are hashed.
 *
 * A "record" is how a node is laid out in memory and in hash preimages: hash ‖ sum_1 ‖ … ‖ sum_K,
 * every field a 32-byte big-endian word. Then
 *   leaf hash = keccak256(0x00 ‖ accountKey ‖ b_1 … b_K)
 *   node hash = keccak256(0x01 ‖ left record ‖ right record)
 * so a parent is hashed straight from its two children's bytes.
 *
 * The batched WebAssembly module (keccak-wat.ts) hashes whole levels with the same prefixes and layout;
 * test/spec/keccak-batch.test.ts holds the two to each other.
 */
import { InputError, invariant } from "../errors.js";
import { keccak256, keccakEngine, utf8Bytes, WORD_BYTES, writeWord } from "./bytes.js";
import { MAX_BATCHED_ID_BYTES, type KeccakEngine } from "./keccak-batch.js";

export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;
/** Every balance and every sum must be at most this: 2^128 - 1. */
export const MAX_AMOUNT = (1n << 128n) - 1n;

export function nodeSize(assetCount: number): number {
  return WORD_BYTES * (assetCount + 1);
}

/** ceil(log2(leafCount)); 0 for one leaf. */
export function depthFor(leafCount: number | bigint): number {
  const count = BigInt(leafCount);
  invariant(count >= 1n, "leaf count must be positive");
  return (count - 1n).toString(2).length - (count === 1n ? 1 : 0);
}

/** accountKey = keccak256(salt ‖ utf8(NFC(accountId))). */
export function accountKey(salt: Uint8Array, accountId: string): Uint8Array {
  if (salt.length !== 32) throw new InputError(`a salt must be 32 bytes, got ${salt.length}`);
  const id = utf8Bytes(accountId.normalize("NFC"));
  if (id.length === 0) throw new InputError("an account id cannot be empty");
  const preimage = new Uint8Array(32 + id.length);
  preimage.set(salt, 0);
  preimage.set(id, 32);
  return keccak256(preimage);
}

/**
 * accountKey of accounts [first, end) given as columns: salts back to back (32 bytes each) and NFC UTF-8
 * ids, id i being `ids[idOffsets[i], idOffsets[i + 1])`. Key i goes to `out` at 32 (i - first).
 * Hashed in batches on the WebAssembly engine; an id too long for its scratch is hashed alone.
 */
export function accountKeysOfColumns(
  salts: Uint8Array,
  ids: Uint8Array,
  idOffsets: Uint32Array,
  first: number,
  end: number,
  out: Uint8Array,
  engine: KeccakEngine = keccakEngine(),
): void {
  let start = first;
  for (let i = first; i <= end; i++) {
    const long = i < end && idOffsets[i + 1]! - idOffsets[i]! > MAX_BATCHED_ID_BYTES;
    if (i === end || long) {
      if (i > start) engine.hashKeys(salts, ids, idOffsets, start, i, out.subarray(32 * (start - first)));
      if (long)
        out.set(
          accountKeyBytes(salts.subarray(32 * i, 32 * i + 32), ids.subarray(idOffsets[i]!, idOffsets[i + 1]!)),
          32 * (i - first),
        );
      start = i + 1;
    }
  }
}

function accountKeyBytes(salt: Uint8Array, id: Uint8Array): Uint8Array {
  const preimage = new Uint8Array(32 + id.length);
  preimage.set(salt, 0);
  preimage.set(id, 32);
  return keccak256(preimage);
}

/** Throws unless 0 <= amount <= MAX_AMOUNT. */
export function checkAmount(amount: bigint, what: string): void {
  if (amount < 0n) throw new InputError(`${what} is negative (${amount}); balances cannot be below zero`);
  if (amount > MAX_AMOUNT) throw new InputError(`${what} is ${amount}, which is not below 2^128`);
}

/**
 * Writes the leaf's record (hash ‖ balances) at `offset`. Balances must already be range-checked.
 * `scratch` must hold at least 1 + 32 * (K + 1) bytes and is overwritten.
 */
export function writeLeafRecord(
  target: Uint8Array,
  offset: number,
  key: Uint8Array,
  balances: readonly bigint[],
  scratch: Uint8Array,
): void {
  const size = nodeSize(balances.length);
  scratch[0] = LEAF_PREFIX;
  scratch.set(key, 1);
  for (let a = 0; a < balances.length; a++) writeWord(scratch, 1 + WORD_BYTES * (a + 1), balances[a]!);
  const preimage = scratch.subarray(0, 1 + size);
  target.set(preimage.subarray(1 + WORD_BYTES), offset + WORD_BYTES);
  target.set(keccak256(preimage), offset);
}

/** The leaf hash alone, for verifiers. */
export function leafHash(key: Uint8Array, balances: readonly bigint[]): Uint8Array {
  const record = new Uint8Array(nodeSize(balances.length));
  writeLeafRecord(record, 0, key, balances, new Uint8Array(1 + record.length));
  return record.subarray(0, WORD_BYTES);
}

/**
 * Writes the parent record of two adjacent child records. `children` holds left ‖ right
 * (2 * nodeSize bytes). Returns false, writing nothing, when a sum would reach 2^128.
 * `scratch` must hold at least 1 + 2 * nodeSize bytes and is overwritten.
 */
export function writeNode(
  target: Uint8Array,
  offset: number,
  children: Uint8Array,
  assetCount: number,
  scratch: Uint8Array,
): boolean {
  const size = nodeSize(assetCount);
  const view = new DataView(children.buffer, children.byteOffset, children.byteLength);
  const out = new DataView(target.buffer, target.byteOffset + offset, size);
  // Sums live in the low 16 bytes of each word (they are below 2^128); add them as four 32-bit limbs.
  for (let a = 0; a < assetCount; a++) {
    const left = WORD_BYTES * (a + 1) + 16;
    const right = left + size;
    let carry = 0;
    for (let limb = 12; limb >= 0; limb -= 4) {
      const sum = view.getUint32(left + limb) + view.getUint32(right + limb) + carry;
      out.setUint32(left + limb, sum >>> 0);
      carry = sum > 0xffff_ffff ? 1 : 0;
    }
    if (carry !== 0) return false;
    out.setBigUint64(left - 16, 0n);
    out.setBigUint64(left - 8, 0n);
  }
  scratch[0] = NODE_PREFIX;
  scratch.set(children.subarray(0, 2 * size), 1);
  target.set(keccak256(scratch.subarray(0, 1 + 2 * size)), offset);
  return true;
}

/** The record at `index` of tree level `level` (records back to back), or padding past the level's end. */
export function nodeAt(records: Uint8Array, index: number, assetCount: number, level: number): Uint8Array {
  const size = nodeSize(assetCount);
  return index * size < records.length
    ? records.subarray(index * size, (index + 1) * size)
    : emptyNode(assetCount, level);
}

const emptyRecordCache = new Map<number, Uint8Array[]>();

/** The record of an all-padding subtree of height `level` (level 0 is the empty leaf: all zeros). */
export function emptyNode(assetCount: number, level: number): Uint8Array {
  let chain = emptyRecordCache.get(assetCount);
  if (chain === undefined) {
    chain = [new Uint8Array(nodeSize(assetCount))];
    emptyRecordCache.set(assetCount, chain);
  }
  const size = nodeSize(assetCount);
  const scratch = new Uint8Array(1 + 2 * size);
  while (chain.length <= level) {
    const below = chain[chain.length - 1]!;
    const children = new Uint8Array(2 * size);
    children.set(below, 0);
    children.set(below, size);
    const record = new Uint8Array(size);
    invariant(writeNode(record, 0, children, assetCount, scratch), "empty sums cannot overflow");
    chain.push(record);
  }
  return chain[level]!;
}
