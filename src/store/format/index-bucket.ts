/**
 * The store's index (docs/spec.md): bucket b lists the accounts whose id hashes to b (FNV-1a, low bits),
 * as "SLVI", a u32 count, then per account a u32 leaf position, a u16 id length and the id's UTF-8 bytes.
 */
import { InputError } from "../../errors.js";
import type { AccountColumns } from "../../tree/columns.js";
import { keepTouched, TOUCH_BLOCK } from "../../tree/cache-touch.js";

export const INDEX_MAGIC = 0x534c5649; // "SLVI"
/** An index bucket's header: magic and count. */
export const INDEX_HEADER_BYTES = 8;

/**
 * The index buckets of `columns` in tree order `order`. Built without a string per account.
 * Yields [bucket, bytes] pairs in bucket order, a group of buckets at a time: at most
 * about `groupBytes` of them are held at once (plus 4 bytes per account), so the index of a large tree is
 * never in memory whole. `order[p]` is the account at tree position positionOffset + p (a part's accounts).
 */
export function* encodeIndexBuckets(
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
export function findInIndexBucket(bucket: Buffer, id: Buffer, file: string): number | undefined {
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

/** The header of an index bucket of `count` entries. */
export function indexBucketHeader(count: number): Buffer {
  const header = Buffer.alloc(INDEX_HEADER_BYTES);
  header.writeUInt32BE(INDEX_MAGIC, 0);
  header.writeUInt32BE(count, 4);
  return header;
}

/**
 * Throws `repeated(id)` when an index bucket lists one id twice (the index of a join of parts built with
 * the CSV's salts: one id on two rows may have two keys, and so land in two parts).
 */
export function refuseRepeatedIndexIds(bucket: Buffer, repeated: (id: string) => Error): void {
  const seen = new Set<string>();
  for (let at = INDEX_HEADER_BYTES; at < bucket.length;) {
    const length = bucket.readUInt16BE(at + 4);
    const id = bucket.toString("latin1", at + 6, at + 6 + length);
    if (seen.has(id)) throw repeated(Buffer.from(id, "latin1").toString("utf8"));
    seen.add(id);
    at += 6 + length;
  }
}

/** Touches the first byte of the ids of positions [from, to) (tree/cache-touch.ts). */
function touchIds(ids: Uint8Array, idOffsets: Uint32Array, order: Uint32Array, from: number, to: number): void {
  let touched = 0;
  for (let p = from; p < to; p++) touched ^= ids[idOffsets[order[p]!]!]!;
  keepTouched(touched);
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
