/**
 * How buildTree hashes: accounts as columns, in batches on the WebAssembly engine, on the calling thread
 * (hashOnThisThread) or split over a pool's threads (hashOnPool). Both produce the same bytes;
 * test/tree/build-columns.test.ts holds them to each other and to the spec vectors.
 */
import { InputError, invariant } from "../errors.js";
import { validateAssets, type Asset } from "../spec/assets.js";
import { AMOUNT_BYTES, keccakEngine, readWord, toHex, WORD_BYTES, type Hex } from "../spec/bytes.js";
import { depthFor, nodeSize } from "../spec/encoding.js";
import { hashParents } from "./levels.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";
import { idOf, type AccountColumns } from "./columns.js";
import { findDuplicateId } from "./duplicate-ids.js";
import type { TaskRunner } from "./tasks.js";
import { keyOrder } from "./key-order.js";
import { gatherLeafRecords, hashAccounts, shareColumns, type LeafSource } from "./leaves.js";

/**
 * A built Merkle sum tree. Leaf p (tree order, ascending account key) is account `order[p]` of `columns`;
 * `levels[0]` holds the leaf records, `levels[depth]` the root.
 */
export interface MerkleSumTree {
  assets: readonly Asset[];
  leafCount: number;
  depth: number;
  /** levels[j] holds ceil(leafCount / 2^j) records; the rest of each level is implied padding. */
  levels: Uint8Array[];
  root: Hex;
  totals: bigint[];
  order: Uint32Array;
  /** Account keys by input index, 32 bytes each. */
  keys: Uint8Array;
  columns: AccountColumns;
}

/** Builds on this thread. */
export function hashOnThisThread(assets: readonly Asset[], columns: AccountColumns): MerkleSumTree {
  checkColumns(assets, columns);
  const engine = keccakEngine();
  const count = columns.count;
  const size = nodeSize(assets.length);
  const keys = new Uint8Array(32 * count);
  const leafHashes = new Uint8Array(32 * count);
  hashAccounts(engine, columns, undefined, keys, leafHashes, size, 0, count);
  const layout = layOut(assets, columns, keys, (bytes) => new Uint8Array(bytes));
  hashSubtree(
    engine,
    layout.levels,
    assets.length,
    { order: layout.order, leafHashes, balances: columns.balances },
    0,
    count,
    layout.depth,
  );
  return finish(assets, columns, keys, layout);
}

/**
 * Builds with the pool's worker threads in two parallel phases: each worker hashes the account keys and
 * then the leaves of an equal slice of the input (this thread sorts the keys meanwhile), then gathers the
 * leaf records of one subtree of the tree and hashes it. This thread hashes the few levels above the subtrees.
 */
export async function hashOnPool(
  assets: readonly Asset[],
  input: AccountColumns,
  pool: TaskRunner,
): Promise<MerkleSumTree> {
  checkShapes(assets, input);
  const columns = shareColumns(input);
  const count = columns.count;
  const size = nodeSize(assets.length);
  const keys = shared(32 * count);
  const leafHashes = shared(32 * count);
  // Keys on the workers while this thread runs the range and duplicate-id checks; then leaves on the
  // workers while this thread sorts the keys.
  const keysDone = pool.runSlices(count, (first, end) => pool.run({ kind: "keys", columns, keys, first, end }));
  const checked = (async () => checkContents(columns))();
  await Promise.all([keysDone, checked]);
  const leavesDone = pool.runSlices(count, (first, end) =>
    pool.run({ kind: "leaves", columns, keys, leafHashes, size, first, end }),
  );
  // Awaited below; handled now so a worker's failure is not unhandled while this thread sorts.
  leavesDone.catch(() => undefined);
  const layout = layOut(assets, columns, keys, shared);
  await leavesDone;
  const split = Math.min(Math.floor(Math.log2(pool.size)), layout.depth);
  const height = layout.depth - split;
  const tasks: Promise<void>[] = [];
  for (let first = 0; first < count; first += 2 ** height) {
    const end = Math.min(first + 2 ** height, count);
    const leaves = { order: layout.order, leafHashes, balances: columns.balances };
    tasks.push(
      pool.run({
        kind: "subtree",
        levels: layout.levels,
        assetCount: assets.length,
        leaves,
        first,
        count: end - first,
        height,
      }),
    );
  }
  await Promise.all(tasks);
  const engine = keccakEngine();
  for (let level = height; level < layout.depth; level++)
    hashParents(engine, layout.levels[level]!, layout.levels[level + 1]!, assets.length, level);
  return finish(assets, columns, keys, layout);
}

/**
 * Phase two: gathers the leaf records of tree positions [first, first + count) into level 0 and hashes
 * every level of their subtree up to `height` (first is a multiple of 2^height).
 */
export function hashSubtree(
  engine: KeccakEngine,
  levels: Uint8Array[],
  assetCount: number,
  leaves: LeafSource,
  first: number,
  count: number,
  height: number,
): void {
  const size = nodeSize(assetCount);
  gatherLeafRecords(levels[0]!, first, leaves, size, first, count);
  let lo = first;
  let hi = first + count;
  for (let level = 0; level < height; level++) {
    const parentsLo = lo / 2;
    const parentsHi = Math.ceil(hi / 2);
    hashParents(
      engine,
      levels[level]!.subarray(lo * size, hi * size),
      levels[level + 1]!.subarray(parentsLo * size, parentsHi * size),
      assetCount,
      level,
    );
    lo = parentsLo;
    hi = parentsHi;
  }
}

interface Layout {
  depth: number;
  levels: Uint8Array[];
  order: Uint32Array;
}

/** Sorts the leaves by key, refuses equal keys and allocates every level. */
function layOut(
  assets: readonly Asset[],
  columns: AccountColumns,
  keys: Uint8Array,
  allocate: (bytes: number) => Uint8Array,
): Layout {
  const count = columns.count;
  const size = nodeSize(assets.length);
  const order = treeOrder(columns, keys, (n) => new Uint32Array(allocate(4 * n).buffer));
  const depth = depthFor(count);
  const levels = Array.from({ length: depth + 1 }, (_, level) => allocate(Math.ceil(count / 2 ** level) * size));
  return { depth, levels, order };
}

/** The accounts in tree order (by key); refuses two accounts with the same key. */
export function treeOrder(
  columns: AccountColumns,
  keys: Uint8Array,
  allocate?: (count: number) => Uint32Array,
): Uint32Array {
  const order = keyOrder(keys, columns.count, allocate);
  const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.byteLength / 4);
  for (let p = 1; p < columns.count; p++) {
    if (sameKey(keyWords, order[p - 1]!, order[p]!)) {
      // One id with one salt twice (derived salts always do this): a repeated row, not a salt to change.
      // (No row numbers: the columns may be a bounded build's group, not the file's order.)
      if (idOf(columns, order[p - 1]!) === idOf(columns, order[p]!))
        throw new InputError(
          `account ${JSON.stringify(idOf(columns, order[p]!))} appears twice; merge its balances into one row`,
        );
      throw new InputError(
        `accounts ${JSON.stringify(idOf(columns, order[p - 1]!))} and ${JSON.stringify(idOf(columns, order[p]!))} have the same account key; give them different salts`,
      );
    }
  }
  return order;
}

function finish(assets: readonly Asset[], columns: AccountColumns, keys: Uint8Array, layout: Layout): MerkleSumTree {
  const top = layout.levels[layout.depth]!;
  invariant(top.length === nodeSize(assets.length), "the top level holds exactly the root");
  return {
    assets,
    leafCount: columns.count,
    depth: layout.depth,
    levels: layout.levels,
    root: toHex(top.slice(0, WORD_BYTES)),
    totals: Array.from({ length: assets.length }, (_, a) => readWord(top, WORD_BYTES * (a + 1))),
    order: layout.order,
    keys,
    columns,
  };
}

/** Shapes, non-empty ids and duplicate ids (16-byte balances are below 2^128 by construction). */
function checkColumns(assets: readonly Asset[], columns: AccountColumns): void {
  checkShapes(assets, columns);
  checkContents(columns);
}

export function checkShapes(assets: readonly Asset[], columns: AccountColumns): void {
  validateAssets(assets);
  const { count } = columns;
  if (count === 0) throw new InputError("there are no accounts: a tree needs at least one");
  invariant(Number.isInteger(count) && count < 2 ** 32, "account count out of range");
  invariant(
    columns.idOffsets.length === count + 1 && columns.idOffsets[count] === columns.ids.length,
    "id offsets do not match the ids",
  );
  invariant(columns.salts.length === 32 * count, "one 32-byte salt per account");
  invariant(
    columns.balances.length === AMOUNT_BYTES * assets.length * count,
    "one 16-byte amount per account and asset",
  );
  invariant(columns.balances.byteOffset % 4 === 0, "balances must be 4-byte aligned");
}

export function checkContents(columns: AccountColumns): void {
  const { count } = columns;
  for (let i = 0; i < count; i++) {
    if (columns.idOffsets[i + 1]! <= columns.idOffsets[i]!) throw new InputError(`account ${i + 1} has an empty id`);
  }
  const duplicate = findDuplicateId(columns);
  if (duplicate !== undefined) {
    throw new InputError(
      `account ${JSON.stringify(idOf(columns, duplicate[1]))} appears twice (accounts ${duplicate[0] + 1} and ${duplicate[1] + 1}); merge its balances into one row`,
    );
  }
}

function sameKey(words: Uint32Array, a: number, b: number): boolean {
  for (let w = 0; w < 8; w++) if (words[8 * a + w] !== words[8 * b + w]) return false;
  return true;
}

function shared(bytes: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(bytes));
}
