/**
 * A shard of the proof store (solvent-tree-v2, docs/spec.md): 2^h consecutive leaves (tree order) with
 * their ids and salts, every level of their subtree, and the siblings above it: all a proof of any of its
 * leaves needs, each shared record stored once. Records are stored compact: the hash, then each sum as a
 * length byte and its significant bytes (real balances are short, and the 32-byte words mostly zeros;
 * docs/scale.md has the sizes). The compaction itself runs in the WebAssembly engine (spec/keccak-batch.ts);
 * this module is its API for the store.
 */
import { InputError, invariant } from "../../errors.js";
import { toHex } from "../../spec/bytes.js";
import { compactBound, type KeccakEngine } from "../../spec/keccak-batch.js";
import { accountKey, emptyNode, nodeSize } from "../../spec/encoding.js";
import type { AccountColumns } from "../../tree/columns.js";
import { decodeNode, type InclusionProof, type ProofSibling } from "../../tree/proof.js";
import { keepTouched } from "../../tree/cache-touch.js";
import type { TreeFacts } from "./tree-facts.js";

const MAGIC = 0x534c5653; // "SLVS"
const VERSION = 1;

/** The most bytes the compact form of `count` records of `assetCount` sums takes. */
export { compactBound };

/** Compacts `count` records that lie in the engine's workspace at `srcAt`, to `dstAt`; returns the end. */
export function compactRecordsIn(
  engine: KeccakEngine,
  srcAt: number,
  count: number,
  assetCount: number,
  dstAt: number,
): number {
  return engine.compactRecordsIn(srcAt, count, nodeSize(assetCount), assetCount, dstAt);
}

/** The compact form of `records` (node records of `assetCount` sums, back to back). */
export function compactRecords(engine: KeccakEngine, records: Uint8Array, assetCount: number): Uint8Array {
  return engine.compactRecords(records, nodeSize(assetCount), assetCount);
}

/**
 * A shard without the siblings above it: header, ids, salts, and its records of levels 0 … h, given as
 * `shardLevels[j]` (the shard's own records at level j). `order` lists the shard's accounts (indexes into
 * `columns`) in tree order. The siblings above follow (encodeUpperSiblings), written at once or appended
 * once the top of the tree is known. (store/store-writer.ts writes the same bytes from records it hashed in
 * the engine's workspace, with encodeShardAccounts and compactRecordsIn.)
 */
export function encodeShardBody(
  engine: KeccakEngine,
  columns: AccountColumns,
  order: Uint32Array,
  shape: ShardShape,
  shardLevels: readonly Uint8Array[],
): Buffer {
  const records = shardLevels.map((level) => compactRecords(engine, level, shape.assetCount));
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

/** The siblings of a shard's subtree root at levels h … depth − 1, as the shard's last part. */
export function encodeUpperSiblings(engine: KeccakEngine, records: readonly Uint8Array[], assetCount: number): Buffer {
  // One call for all of them: the encoding is record by record.
  const compact = compactRecords(engine, Buffer.concat(records), assetCount);
  return Buffer.from(compact.buffer, compact.byteOffset, compact.length);
}

/**
 * The proof of the leaf at `position` from its shard's bytes. Walks the compact records once and expands
 * only the leaf and its siblings: a lookup allocates a few kilobytes, not the whole shard.
 */
export function proofFromShard(bytes: Buffer, position: number, tree: TreeFacts, file: string): InclusionProof {
  const bad = (what: string) =>
    new InputError(`this shard of the proof store is damaged (${what}); rebuild the tree`, { file });
  const { assetCount, depth, height, first, count } = shardHeader(bytes, bad);
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
  const { assetCount, depth, height, first, count } = shardHeader(bytes, bad);
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

/** A shard's 16-byte header (encodeShardAccounts writes it), refused unless it is one of this version. */
function shardHeader(bytes: Buffer, bad: (what: string) => InputError) {
  if (bytes.length < 16 || bytes.readUInt32BE(0) !== MAGIC) throw bad("no shard header");
  if (bytes.readUInt8(4) !== VERSION) throw bad(`version ${bytes.readUInt8(4)}`);
  return {
    assetCount: bytes.readUInt8(5),
    depth: bytes.readUInt8(6),
    height: bytes.readUInt8(7),
    first: bytes.readUInt32BE(8),
    count: bytes.readUInt32BE(12),
  };
}
