/**
 * The leaf phase shared by both builders: account keys and leaf hashes per account in input order, then
 * leaf records (leaf hash ‖ balances) gathered in tree order. Word copies through 32-bit views: no object
 * per account.
 */
import { accountKeysOfColumns } from "../spec/encoding.js";
import { MAX_BATCHED_ID_BYTES, type KeccakEngine } from "../spec/keccak-batch.js";
import { deriveSalts } from "./derived-salts.js";
import type { AccountColumns } from "./columns.js";
import { keepTouched, TOUCH_BLOCK } from "./cache-touch.js";

/** Leaves hashed per batch. */
const LEAF_BATCH = 4096;

/** Where leaf records come from: the tree order, and leaf hashes and balances by input index. */
export interface LeafSource {
  order: Uint32Array;
  leafHashes: Uint8Array;
  balances: Uint8Array;
}

const words = (bytes: Uint8Array) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/**
 * For accounts [first, end), what deriveSalts (with a `secret`), hashKeys and hashLeaves make, one after
 * another: salts (into the columns), keys and leaf hashes. In one pass of the engine when every id is
 * short enough for its batches (each account's bytes are then copied in once, not three times), else by
 * those three.
 */
export function hashAccounts(
  engine: KeccakEngine,
  columns: AccountColumns,
  secret: Uint8Array | undefined,
  keys: Uint8Array,
  leafHashes: Uint8Array,
  size: number,
  first: number,
  end: number,
): void {
  const { idOffsets } = columns;
  let short = true;
  for (let i = first; i < end && short; i++) short = idOffsets[i + 1]! - idOffsets[i]! <= MAX_BATCHED_ID_BYTES;
  if (short) return engine.hashAccounts(columns, size / 32 - 1, secret, { keys, leafHashes }, first, end);
  if (secret) {
    // deriveSalts reads the secret from each salt slot.
    for (let i = first; i < end; i++) columns.salts.set(secret, 32 * i);
    deriveSalts(engine, columns, first, end);
  }
  hashKeys(engine, columns, keys, first, end);
  hashLeaves(engine, columns, keys, leafHashes, size, first, end);
}

/** For accounts [first, end): account keys into `keys` (32 bytes each, by input index). */
export function hashKeys(
  engine: KeccakEngine,
  columns: AccountColumns,
  keys: Uint8Array,
  first: number,
  end: number,
): void {
  accountKeysOfColumns(
    columns.salts,
    columns.ids,
    columns.idOffsets,
    first,
    end,
    keys.subarray(32 * first, 32 * end),
    engine,
  );
}

/**
 * For accounts [first, end): leaf hashes from their keys into `leafHashes` (32 bytes each, by input index).
 * `leafHashes` may be `keys` itself: each batch's keys are copied out before its hashes are written back.
 */
export function hashLeaves(
  engine: KeccakEngine,
  columns: AccountColumns,
  keys: Uint8Array,
  leafHashes: Uint8Array,
  size: number,
  first: number,
  end: number,
): void {
  const records = new Uint8Array(LEAF_BATCH * size);
  const recordWords = words(records);
  const keyWords = words(keys);
  const hashWords = words(leafHashes);
  const balanceWords = words(columns.balances);
  const perRecord = size / 4;
  const assetCount = perRecord / 8 - 1;
  // The record buffer's high halves of the sum words stay zero: amounts are 16 bytes (below 2^128).
  for (let start = first; start < end; start += LEAF_BATCH) {
    const count = Math.min(LEAF_BATCH, end - start);
    for (let i = 0; i < count; i++) {
      const account = start + i;
      for (let w = 0; w < 8; w++) recordWords[i * perRecord + w] = keyWords[8 * account + w]!;
      copyAmounts(recordWords, i * perRecord, balanceWords, account, assetCount);
    }
    engine.hashLeaves(records.subarray(0, count * size), size);
    for (let i = 0; i < count; i++)
      for (let w = 0; w < 8; w++) hashWords[8 * (start + i) + w] = recordWords[i * perRecord + w]!;
  }
}

/** Writes the leaf records of tree positions [first, first + count) into `target`, starting at its record `at`. */
export function gatherLeafRecords(
  target: Uint8Array,
  at: number,
  source: LeafSource,
  size: number,
  first: number,
  count: number,
): void {
  const to = words(target);
  const hashWords = words(source.leafHashes);
  const balanceWords = words(source.balances);
  const perRecord = size / 4;
  const assetCount = perRecord / 8 - 1;
  for (let block = 0; block < count; block += TOUCH_BLOCK) {
    const blockEnd = Math.min(count, block + TOUCH_BLOCK);
    // First only touch each account's leaf hash and amounts (tree/cache-touch.ts).
    let touched = 0;
    for (let i = block; i < blockEnd; i++) {
      const account = source.order[first + i]!;
      touched ^= hashWords[8 * account]! ^ balanceWords[4 * assetCount * account]!;
    }
    keepTouched(touched);
    for (let i = block; i < blockEnd; i++) {
      const account = source.order[first + i]!;
      const base = (at + i) * perRecord;
      for (let w = 0; w < 8; w++) to[base + w] = hashWords[8 * account + w]!;
      copyAmounts(to, base, balanceWords, account, assetCount);
    }
  }
}

/** An account's 16-byte amounts into the low halves of its record's sum words; the high halves are zeroed. */
function copyAmounts(
  record: Uint32Array,
  base: number,
  amounts: Uint32Array,
  account: number,
  assetCount: number,
): void {
  for (let a = 0; a < assetCount; a++) {
    const word = base + 8 * (a + 1);
    const from = 4 * (account * assetCount + a);
    record[word] = record[word + 1] = record[word + 2] = record[word + 3] = 0;
    for (let w = 0; w < 4; w++) record[word + 4 + w] = amounts[from + w]!;
  }
}

/** The columns in SharedArrayBuffers (worker threads read them in place); already shared ones are kept. */
export function shareColumns(columns: AccountColumns): AccountColumns {
  const share = (array: Uint8Array): Uint8Array => {
    if (array.buffer instanceof SharedArrayBuffer) return array;
    const target = new Uint8Array(new SharedArrayBuffer(array.byteLength));
    target.set(array);
    return target;
  };
  const offsets =
    columns.idOffsets.buffer instanceof SharedArrayBuffer
      ? columns.idOffsets
      : new Uint32Array(
          share(new Uint8Array(columns.idOffsets.buffer, columns.idOffsets.byteOffset, columns.idOffsets.byteLength))
            .buffer,
        );
  return {
    count: columns.count,
    ids: share(columns.ids),
    idOffsets: offsets,
    salts: share(columns.salts),
    balances: share(columns.balances),
  };
}
