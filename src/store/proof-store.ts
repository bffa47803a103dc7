/**
 * The proof store of a tree folder (solvent-tree-v2): every account's proof, in sharded, compressed files.
 *
 * A shard holds 2^h consecutive leaves (tree order) with their ids and salts, every level of their subtree,
 * and the siblings above it: all a proof of any of its leaves needs, each shared record stored once.
 * Records are stored compressed: the hash, then each sum as a length byte and its significant bytes
 * (real balances are short, and the 32-byte words are mostly zeros). This takes a 4-asset record from 160
 * to about 50 bytes; gzip on top saved nothing (the hashes do not compress) and cost most of the time.
 * An index, bucketed by a hash of the id, maps ids to leaf positions. A lookup reads one index bucket and
 * one shard: a few hundred kilobytes.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError, invariant } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import { keccakEngine, toHex } from "../spec/bytes.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";
import { accountKey, emptyNode, nodeAt, nodeSize } from "../spec/encoding.js";
import type { MerkleSumTree } from "../tree/build.js";
import type { AccountColumns } from "../tree/columns.js";
import { decodeNode, type InclusionProof, type ProofSibling } from "../tree/proof.js";
import { writeQueue } from "../io/write-queue.js";
import { SHARD_HEIGHT } from "../tree/part-shape.js";
import { keepTouched, TOUCH_BLOCK } from "../tree/cache-touch.js";

const MAGIC = 0x534c5653; // "SLVS"
const VERSION = 1;
/** Leaves per shard: 2^10, so a lookup decompresses about 100 KB. */
export { SHARD_HEIGHT };
/** Ids per index bucket, about. */
const BUCKET_TARGET = 512;

export interface StoreLayout {
  shardHeight: number;
  shards: number;
  buckets: number;
}

export function storeLayout(leafCount: number, depth: number): StoreLayout {
  const shardHeight = Math.min(SHARD_HEIGHT, depth);
  const buckets = 2 ** Math.max(0, Math.ceil(Math.log2(Math.ceil(leafCount / BUCKET_TARGET))));
  return { shardHeight, shards: Math.ceil(leafCount / 2 ** shardHeight), buckets };
}

export const shardFile = (s: number) => join("store", "shards", `${String(s).padStart(6, "0")}.bin`);
export const bucketFile = (b: number) => join("store", "index", `${String(b).padStart(6, "0")}.bin`);
export const INDEX_MAGIC = 0x534c5649; // "SLVI"

/** Writes the store of `tree` into `folder` (which must exist). Files are owner-only: they hold salts. */
export async function writeProofStore(
  folder: string,
  tree: MerkleSumTree,
  onProgress?: (written: number, total: number) => void,
): Promise<StoreLayout> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  await mkdir(join(folder, "store", "shards"), { recursive: true, mode: 0o700 });
  await mkdir(join(folder, "store", "index"), { recursive: true, mode: 0o700 });
  const writes = writeQueue();
  for (let s = 0; s < layout.shards; s++) {
    const bytes = encodeShard(tree, s, layout.shardHeight);
    await writes.add(() => writeFile(join(folder, shardFile(s)), bytes, { mode: 0o600 }));
    onProgress?.(Math.min(tree.leafCount, (s + 1) * 2 ** layout.shardHeight), tree.leafCount);
  }
  for (const [b, bytes] of encodeBuckets(tree.columns, tree.order, layout.buckets)) {
    await writes.add(() => writeFile(join(folder, bucketFile(b)), bytes, { mode: 0o600 }));
  }
  await writes.drain();
  return layout;
}

/** What a proof needs from the tree's summary. */
export interface TreeFacts {
  assets: readonly Asset[];
  leafCount: number;
  depth: number;
  root: string;
  totals: readonly bigint[];
}

/** The proof of one account (id trimmed and NFC-normalised) from a tree folder's store. */
export async function readProofFromStore(folder: string, accountId: string, tree: TreeFacts): Promise<InclusionProof> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const id = accountId.trim().normalize("NFC");
  const bucketPath = join(folder, bucketFile(bucketOf(Buffer.from(id, "utf8"), layout.buckets)));
  const position = findInBucket(await readStoreFile(bucketPath), Buffer.from(id, "utf8"), bucketPath);
  if (position === undefined)
    throw new InputError(`no account ${JSON.stringify(id)} in this tree`, { file: bucketPath });
  return readProofAtPosition(folder, position, tree);
}

/** The proof of the leaf at tree position `position` from a tree folder's store. */
export async function readProofAtPosition(folder: string, position: number, tree: TreeFacts): Promise<InclusionProof> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const shardPath = join(folder, shardFile(Math.floor(position / 2 ** layout.shardHeight)));
  return proofFromShard(await readStoreFile(shardPath), position, tree, shardPath);
}

/**
 * A whole store file, read synchronously: it is small (a shard is about 150 KB) and almost always in the
 * page cache, and an asynchronous read's round trips through libuv's thread pool made the slowest lookups
 * several times slower than the typical one.
 */
async function readStoreFile(path: string): Promise<Buffer> {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InputError(
      `cannot read the proof store (${(error as Error).message}); is this a folder written by 'solvent build'?`,
      { file: path },
    );
  }
}

/**
 * The index: bucket b lists the accounts whose id hashes to b, as "SLVI", a u32 count, then per account
 * a u32 leaf position, a u16 id length and the id's UTF-8 bytes. Built without a string per account.
 * Yields [bucket, bytes] pairs in bucket order, a group of buckets at a time: at most
 * about `groupBytes` of them are held at once (plus 4 bytes per account), so the index of a large tree is
 * never in memory whole. `order[p]` is the account at tree position positionOffset + p (a part's accounts).
 */
export function* encodeBuckets(
  columns: AccountColumns,
  order: Uint32Array,
  bucketCount: number,
  groupBytes = 16 << 20,
  positionOffset = 0,
): Generator<[number, Buffer]> {
  const leafCount = order.length;
  const bucketOfPosition = bucketCount <= 0x10000 ? new Uint16Array(leafCount) : new Uint32Array(leafCount);
  const bytes = new Float64Array(bucketCount).fill(8);
  const counts = new Uint32Array(bucketCount);
  const { ids, idOffsets } = columns;
  for (let block = 0; block < leafCount; block += TOUCH_BLOCK) {
    const blockEnd = Math.min(leafCount, block + TOUCH_BLOCK);
    touchIds(ids, idOffsets, order, block, blockEnd);
    for (let p = block; p < blockEnd; p++) {
      const account = order[p]!;
      const start = idOffsets[account]!;
      const length = idOffsets[account + 1]! - start;
      if (length > 0xffff) throw new InputError(`account ${p + 1}: an id longer than 65535 bytes cannot be indexed`);
      const b = bucketOfRange(ids, start, start + length, bucketCount);
      bucketOfPosition[p] = b;
      bytes[b]! += 6 + length;
      counts[b]!++;
    }
  }
  for (let first = 0; first < bucketCount;) {
    let end = first + 1;
    for (let total = bytes[first]!; end < bucketCount && total + bytes[end]! <= groupBytes; end++) total += bytes[end]!;
    // One allocation for the group: a part of a large tree has hundreds of thousands of small buckets.
    const block = Buffer.alloc(bytes.subarray(first, end).reduce((sum, size) => sum + size, 0));
    let blockAt = 0;
    const buckets = Array.from(bytes.subarray(first, end), (size) => block.subarray(blockAt, (blockAt += size)));
    const at = new Uint32Array(end - first).fill(8);
    buckets.forEach((bucket, g) => {
      bucket.writeUInt32BE(INDEX_MAGIC, 0);
      bucket.writeUInt32BE(counts[first + g]!, 4);
    });
    for (let p = 0; p < leafCount; p++) {
      // The ids of the group's positions are touched ahead, a block at a time (tree/cache-touch.ts).
      if (p % TOUCH_BLOCK === 0) {
        let touched = 0;
        for (let q = p, to = Math.min(leafCount, p + TOUCH_BLOCK); q < to; q++) {
          const g = bucketOfPosition[q]! - first;
          if (g >= 0 && g < end - first) touched ^= ids[idOffsets[order[q]!]!]!;
        }
        keepTouched(touched);
      }
      const g = bucketOfPosition[p]! - first;
      if (g < 0 || g >= end - first) continue;
      const account = order[p]!;
      const start = idOffsets[account]!;
      const length = idOffsets[account + 1]! - start;
      const bucket = buckets[g]!;
      const position = positionOffset + p;
      // Byte by byte, not writeUInt32BE and a subarray: no call or object per account.
      let w = at[g]!;
      bucket[w] = position >>> 24;
      bucket[w + 1] = (position >>> 16) & 0xff;
      bucket[w + 2] = (position >>> 8) & 0xff;
      bucket[w + 3] = position & 0xff;
      bucket[w + 4] = length >>> 8;
      bucket[w + 5] = length & 0xff;
      w += 6;
      for (let k = start; k < start + length; k++) bucket[w++] = ids[k]!;
      at[g] = w;
    }
    for (let g = 0; g < buckets.length; g++) yield [first + g, buckets[g]!];
    first = end;
  }
}

/** The leaf position of `id` in an index bucket, or undefined. */
function findInBucket(bucket: Buffer, id: Buffer, file: string): number | undefined {
  const bad = (what: string) =>
    new InputError(`this index file of the proof store is damaged (${what}); rebuild the tree`, { file });
  if (bucket.length < 8 || bucket.readUInt32BE(0) !== INDEX_MAGIC) throw bad("no index header");
  const count = bucket.readUInt32BE(4);
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + 6 > bucket.length) throw bad("truncated");
    const length = bucket.readUInt16BE(at + 4);
    if (at + 6 + length > bucket.length) throw bad("truncated");
    if (length === id.length && bucket.compare(id, 0, length, at + 6, at + 6 + length) === 0)
      return bucket.readUInt32BE(at);
    at += 6 + length;
  }
  return undefined;
}

/**
 * A shard without the siblings above it: header, ids, salts, and its records of levels 0 … h, given as
 * `shardLevels[j]` (the shard's own records at level j). `order` lists the shard's accounts (indexes into
 * `columns`) in tree order. The siblings above follow (encodeUpperSiblings), written at once or appended
 * once the top of the tree is known. (store/build-store.ts writes the same bytes from records it hashed in
 * the engine's workspace, with encodeShardAccounts and compactRecordsIn.)
 */
export function encodeShardBody(
  engine: KeccakEngine,
  columns: AccountColumns,
  order: Uint32Array,
  shape: ShardShape,
  shardLevels: readonly Uint8Array[],
): Buffer {
  const size = nodeSize(shape.assetCount);
  const records = shardLevels.map((level) => engine.compactRecords(level, size, shape.assetCount));
  const out = Buffer.allocUnsafe(shardAccountsBytes(columns, order) + records.reduce((sum, r) => sum + r.length, 0));
  let at = encodeShardAccounts(out, 0, columns, order, shape);
  for (const compact of records) {
    out.set(compact, at);
    at += compact.length;
  }
  // Every byte written: the buffer is not zeroed, and the file holds salts.
  invariant(at === out.length, "encodeShardBody: the shard's size was misjudged");
  return out;
}

/** Where a shard sits in its tree: its first leaf and leaf count, and the tree's shape. */
export interface ShardShape {
  assetCount: number;
  depth: number;
  height: number;
  first: number;
  count: number;
}

/**
 * The bytes of a shard's header, ids and salts (encodeShardAccounts) for its accounts `order`. This pass
 * also touches each account's id and salt (tree/cache-touch.ts) for the copy that follows.
 */
export function shardAccountsBytes(columns: AccountColumns, order: Uint32Array): number {
  const { ids, idOffsets, salts } = columns;
  let bytes = 16 + 36 * order.length;
  let touched = 0;
  for (let i = 0; i < order.length; i++) {
    const account = order[i]!;
    const start = idOffsets[account]!;
    bytes += idOffsets[account + 1]! - start;
    touched ^= ids[start]! ^ salts[32 * account]!;
  }
  keepTouched(touched);
  return bytes;
}

/**
 * A shard's header, then its accounts' id lengths, ids and salts (tree order), written into `out` from
 * `at` (which has shardAccountsBytes of room). Returns where they end: the compact records follow.
 */
export function encodeShardAccounts(
  out: Uint8Array,
  at: number,
  columns: AccountColumns,
  order: Uint32Array,
  shape: ShardShape,
): number {
  const { assetCount, depth, height, first, count } = shape;
  const view = new DataView(out.buffer, out.byteOffset + at, 16 + 4 * count);
  view.setUint32(0, MAGIC);
  view.setUint8(4, VERSION);
  view.setUint8(5, assetCount);
  view.setUint8(6, depth);
  view.setUint8(7, height);
  view.setUint32(8, first);
  view.setUint32(12, count);
  let to = at + 16 + 4 * count;
  // Four bytes a step through DataViews (unaligned, byte order kept), not subarray copies: no object per
  // account, and a quarter of the steps of a byte loop.
  const { ids, idOffsets, salts } = columns;
  const bytes = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const idBytes = new DataView(ids.buffer, ids.byteOffset, ids.byteLength);
  const saltBytes = new DataView(salts.buffer, salts.byteOffset, salts.byteLength);
  for (let i = 0; i < count; i++) {
    const account = order[i]!;
    const start = idOffsets[account]!;
    const end = idOffsets[account + 1]!;
    view.setUint32(16 + 4 * i, end - start);
    let k = start;
    for (; k + 4 <= end; k += 4, to += 4) bytes.setUint32(to, idBytes.getUint32(k, true), true);
    for (; k < end; k++) out[to++] = ids[k]!;
  }
  for (let i = 0; i < count; i++) {
    for (let k = 32 * order[i]!, end = k + 32; k < end; k += 4, to += 4)
      bytes.setUint32(to, saltBytes.getUint32(k, true), true);
  }
  return to;
}

/** Touches the first byte of the ids of positions [from, to) (tree/cache-touch.ts). */
function touchIds(ids: Uint8Array, idOffsets: Uint32Array, order: Uint32Array, from: number, to: number): void {
  let touched = 0;
  for (let p = from; p < to; p++) touched ^= ids[idOffsets[order[p]!]!]!;
  keepTouched(touched);
}

/** The siblings of a shard's subtree root at levels h … depth − 1, as the shard's last part. */
export function encodeUpperSiblings(engine: KeccakEngine, records: readonly Uint8Array[], assetCount: number): Buffer {
  // One call for all of them: the encoding is record by record.
  const compact = engine.compactRecords(Buffer.concat(records), nodeSize(assetCount), assetCount);
  return Buffer.from(compact.buffer, compact.byteOffset, compact.length);
}

function encodeShard(tree: MerkleSumTree, s: number, height: number): Buffer {
  const size = nodeSize(tree.assets.length);
  const assetCount = tree.assets.length;
  const first = s * 2 ** height;
  const count = Math.min(2 ** height, tree.leafCount - first);
  const shardLevels = Array.from({ length: height + 1 }, (_, j) =>
    tree.levels[j]!.subarray((first / 2 ** j) * size, Math.ceil((first + count) / 2 ** j) * size),
  );
  const upper: Uint8Array[] = [];
  for (let j = height; j < tree.depth; j++) {
    upper.push(nodeAt(tree.levels[j]!, (first / 2 ** j) ^ 1, assetCount, j));
  }
  const engine = keccakEngine();
  const body = encodeShardBody(
    engine,
    tree.columns,
    tree.order.subarray(first, first + count),
    { assetCount, depth: tree.depth, height, first, count },
    shardLevels,
  );
  return Buffer.concat([body, encodeUpperSiblings(engine, upper, assetCount)]);
}

/**
 * The proof of the leaf at `position` from its shard's bytes. Walks the compact records once and expands
 * only the leaf and its siblings: a lookup allocates a few kilobytes, not the whole shard.
 */
function proofFromShard(bytes: Buffer, position: number, tree: TreeFacts, file: string): InclusionProof {
  const bad = (what: string) =>
    new InputError(`this shard of the proof store is damaged (${what}); rebuild the tree`, { file });
  if (bytes.length < 16 || bytes.readUInt32BE(0) !== MAGIC) throw bad("no shard header");
  if (bytes.readUInt8(4) !== VERSION) throw bad(`version ${bytes.readUInt8(4)}`);
  const assetCount = bytes.readUInt8(5);
  const depth = bytes.readUInt8(6);
  const height = bytes.readUInt8(7);
  const first = bytes.readUInt32BE(8);
  const count = bytes.readUInt32BE(12);
  invariant(depth === tree.depth && assetCount === tree.assets.length, "the shard does not belong to this tree");
  const i = position - first;
  invariant(i >= 0 && i < count, "the index points outside its shard");
  const size = nodeSize(assetCount);
  if (16 + 4 * count > bytes.length) throw bad("truncated");
  let idStart = 16 + 4 * count;
  let idsLength = 0;
  for (let k = 0; k < count; k++) {
    const length = bytes.readUInt32BE(16 + 4 * k);
    if (k < i) idStart += length;
    idsLength += length;
  }
  const idLength = bytes.readUInt32BE(16 + 4 * i);
  const saltsAt = 16 + 4 * count + idsLength;
  let at = saltsAt + 32 * count;
  if (at > bytes.length) throw bad("truncated");
  const accountId = bytes.toString("utf8", idStart, idStart + idLength);
  const salt = bytes.subarray(saltsAt + 32 * i, saltsAt + 32 * i + 32);

  // Walks one compact record; expands it when `keep`.
  const record = (keep: boolean): Uint8Array | undefined => {
    if (at + 32 > bytes.length) throw bad("truncated");
    const out = keep ? new Uint8Array(size) : undefined;
    out?.set(bytes.subarray(at, at + 32));
    at += 32;
    for (let a = 1; a <= assetCount; a++) {
      const length = bytes[at++];
      if (length === undefined || at + length > bytes.length) throw bad("truncated");
      if (length > 16) throw bad("a sum longer than 16 bytes");
      out?.set(bytes.subarray(at, at + length), 32 * (a + 1) - length);
      at += length;
    }
    return out;
  };
  let leafRecord: Uint8Array | undefined;
  const siblings: ProofSibling[] = [];
  for (let j = 0; j <= height; j++) {
    const lo = first / 2 ** j;
    const hi = Math.ceil((first + count) / 2 ** j);
    const sibling = (position >>> j) ^ 1;
    let found: Uint8Array | undefined;
    for (let r = lo; r < hi; r++) {
      const kept = record((j < height && r === sibling) || (j === 0 && r === position));
      if (j === 0 && r === position) leafRecord = kept;
      else if (kept) found = kept;
    }
    if (j < height) siblings.push(decodeNode(found ?? emptyNode(assetCount, j), assetCount));
  }
  for (let j = height; j < depth; j++) siblings.push(decodeNode(record(true)!, assetCount));
  if (at !== bytes.length) throw bad("trailing bytes");
  return {
    assets: tree.assets.map((asset) => asset.symbol),
    decimals: tree.assets.map((asset) => asset.decimals),
    leafCount: BigInt(tree.leafCount),
    root: tree.root as InclusionProof["root"],
    totals: [...tree.totals],
    leaf: {
      index: BigInt(position),
      accountId,
      salt: toHex(salt),
      // The leaf record holds the leaf hash, not the key: derive the key from salt and id.
      accountKey: toHex(accountKey(salt, accountId)),
      balances: decodeNode(leafRecord!, assetCount).sums,
    },
    siblings,
  };
}

/** A shard's bytes, every record expanded: what `solvent check` re-hashes. */
export interface DecodedShard {
  assetCount: number;
  depth: number;
  height: number;
  first: number;
  /** Its accounts in tree order: ids (NFC UTF-8, back to back), salts; no balances (they are in `levels[0]`). */
  accounts: { count: number; ids: Uint8Array; idOffsets: Uint32Array; salts: Uint8Array };
  /** Level j holds the shard's records of positions ⌈first / 2^j⌉ … ⌈(first + count) / 2^j⌉ − 1. */
  levels: Uint8Array[];
  /** The siblings of the shard's subtree root at levels height … depth − 1. */
  upper: Uint8Array[];
}

/** Every part of a shard file, checked for shape (not for hashes: see store/check-store.ts). */
export function decodeShard(bytes: Buffer, file: string): DecodedShard {
  const bad = (what: string) => new InputError(`this shard of the proof store is damaged (${what})`, { file });
  if (bytes.length < 16 || bytes.readUInt32BE(0) !== MAGIC) throw bad("no shard header");
  if (bytes.readUInt8(4) !== VERSION) throw bad(`version ${bytes.readUInt8(4)}`);
  const assetCount = bytes.readUInt8(5);
  const depth = bytes.readUInt8(6);
  const height = bytes.readUInt8(7);
  const first = bytes.readUInt32BE(8);
  const count = bytes.readUInt32BE(12);
  const size = nodeSize(assetCount);
  if (16 + 4 * count > bytes.length) throw bad("truncated");
  const idOffsets = new Uint32Array(count + 1);
  for (let k = 0; k < count; k++) idOffsets[k + 1] = idOffsets[k]! + bytes.readUInt32BE(16 + 4 * k);
  const idsAt = 16 + 4 * count;
  const saltsAt = idsAt + idOffsets[count]!;
  let at = saltsAt + 32 * count;
  if (at > bytes.length) throw bad("truncated");
  const record = (out: Uint8Array, offset: number) => {
    if (at + 32 > bytes.length) throw bad("truncated");
    out.set(bytes.subarray(at, at + 32), offset);
    at += 32;
    for (let a = 1; a <= assetCount; a++) {
      const length = bytes[at++];
      if (length === undefined || at + length > bytes.length) throw bad("truncated");
      if (length > 16) throw bad("a sum longer than 16 bytes");
      out.set(bytes.subarray(at, at + length), offset + 32 * (a + 1) - length);
      at += length;
    }
  };
  const levels: Uint8Array[] = [];
  for (let j = 0; j <= height; j++) {
    const records = Math.ceil((first + count) / 2 ** j) - Math.floor(first / 2 ** j);
    const level = new Uint8Array(records * size);
    for (let r = 0; r < records; r++) record(level, r * size);
    levels.push(level);
  }
  const upper: Uint8Array[] = [];
  for (let j = height; j < depth; j++) {
    const sibling = new Uint8Array(size);
    record(sibling, 0);
    upper.push(sibling);
  }
  if (at !== bytes.length) throw bad("trailing bytes");
  return {
    ...{ assetCount, depth, height, first, levels, upper },
    accounts: {
      count,
      ids: bytes.subarray(idsAt, saltsAt),
      idOffsets,
      salts: bytes.subarray(saltsAt, saltsAt + 32 * count),
    },
  };
}

/** FNV-1a of the id bytes, masked to the bucket count (a power of two). */
export function bucketOf(id: Uint8Array, buckets: number): number {
  return bucketOfRange(id, 0, id.length, buckets);
}

/** bucketOf the id held at bytes[start, end). */
function bucketOfRange(bytes: Uint8Array, start: number, end: number, buckets: number): number {
  return idHash(bytes, start, end) & (buckets - 1);
}

/** FNV-1a (32 bits) of the id held at bytes[start, end): its index bucket is the low bits. */
export function idHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}
