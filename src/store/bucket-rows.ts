/**
 * The bounded build's bucket files: accounts by their key's first byte. Each write appends a chunk of one
 * batch's accounts of that bucket, column by column (so reading it back is a few block copies): u32 count,
 * u32 id bytes, a u32 id length per account, then the ids, keys, salts and balances. Each reader of the
 * CSV (this thread, or each thread reading a range) writes files of its own, `BBB-T.bin`; a bucket is all
 * its files. They are temporary (deleted when the build ends), so their layout is nobody's format.
 */
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readBalancesColumns, type BalancesHeader } from "../io/balances-columns.js";
import { AMOUNT_BYTES } from "../spec/bytes.js";
import { invariant } from "../errors.js";
import type { AccountColumns } from "../tree/columns.js";
import { hashSchemeNamed, type HashSchemeName } from "../tree/hash-scheme.js";
import { hashBatchHere } from "./batch.js";

export const BUCKETS = 256;
/** Rows read between two bucket writes. */
export const BUCKET_BATCH_ROWS = 1 << 18;
const CHUNK_HEADER = 8;

export const keyBucketFile = (folder: string, bucket: number, tag: number) =>
  join(folder, `${String(bucket).padStart(3, "0")}-${tag}.bin`);

/** What pass one wrote per bucket: accounts and id bytes. */
export interface BucketCounts {
  counts: Float64Array;
  idBytes: Float64Array;
}

export const bucketCounts = (): BucketCounts => ({
  counts: new Float64Array(BUCKETS),
  idBytes: new Float64Array(BUCKETS),
});

/** Appends each account of the batch, with its key, to the bucket of its key's first byte; counts them. */
export function appendToBuckets(
  batch: AccountColumns,
  keys: Uint8Array,
  assetCount: number,
  target: { folder: string; tag: number } & BucketCounts,
): void {
  const perRow = AMOUNT_BYTES * assetCount;
  const { ids, idOffsets, salts, balances } = batch;
  const counts = new Float64Array(BUCKETS);
  const idBytes = new Float64Array(BUCKETS);
  for (let i = 0; i < batch.count; i++) {
    const b = keys[32 * i]!;
    counts[b]!++;
    idBytes[b]! += idOffsets[i + 1]! - idOffsets[i]!;
  }
  // Each bucket's chunk, and a cursor per column in it; the rows are then read once, in order.
  const chunks: Buffer[] = [];
  const cursors = new Float64Array(5 * BUCKETS);
  for (let b = 0; b < BUCKETS; b++) {
    const n = counts[b]!;
    const chunk = Buffer.allocUnsafe(n === 0 ? 0 : CHUNK_HEADER + 4 * n + idBytes[b]! + (64 + perRow) * n);
    chunks.push(chunk);
    if (n === 0) continue;
    chunk.writeUInt32BE(n, 0);
    chunk.writeUInt32BE(idBytes[b]!, 4);
    cursors[5 * b] = CHUNK_HEADER; // id lengths
    cursors[5 * b + 1] = CHUNK_HEADER + 4 * n; // ids
    cursors[5 * b + 2] = cursors[5 * b + 1]! + idBytes[b]!; // keys
    cursors[5 * b + 3] = cursors[5 * b + 2]! + 32 * n; // salts
    cursors[5 * b + 4] = cursors[5 * b + 3]! + 32 * n; // balances
  }
  // Byte loops, not subarray copies: no object per account.
  for (let i = 0; i < batch.count; i++) {
    const b = keys[32 * i]!;
    const out = chunks[b]!;
    const start = idOffsets[i]!;
    const length = idOffsets[i + 1]! - start;
    let p = cursors[5 * b]!;
    out[p] = length >>> 24;
    out[p + 1] = (length >>> 16) & 0xff;
    out[p + 2] = (length >>> 8) & 0xff;
    out[p + 3] = length & 0xff;
    cursors[5 * b] = p + 4;
    p = cursors[5 * b + 1]!;
    for (let k = 0; k < length; k++) out[p + k] = ids[start + k]!;
    cursors[5 * b + 1] = p + length;
    p = cursors[5 * b + 2]!;
    for (let k = 0; k < 32; k++) out[p + k] = keys[32 * i + k]!;
    cursors[5 * b + 2] = p + 32;
    p = cursors[5 * b + 3]!;
    for (let k = 0; k < 32; k++) out[p + k] = salts[32 * i + k]!;
    cursors[5 * b + 3] = p + 32;
    p = cursors[5 * b + 4]!;
    for (let k = 0; k < perRow; k++) out[p + k] = balances[perRow * i + k]!;
    cursors[5 * b + 4] = p + perRow;
  }
  for (let b = 0; b < BUCKETS; b++) {
    if (counts[b] === 0) continue;
    appendFileSync(keyBucketFile(target.folder, b, target.tag), chunks[b]!, { mode: 0o600 });
    target.counts[b]! += counts[b]!;
    target.idBytes[b]! += idBytes[b]!;
  }
}

export interface BucketRangeTask {
  file: string;
  start: number;
  end: number;
  header: BalancesHeader;
  secret: Uint8Array;
  scheme: HashSchemeName;
  folder: string;
  tag: number;
}

/** A thread's share of pass one: its range of the CSV read, salted, keyed and written to its bucket files. */
export async function bucketRange(
  task: BucketRangeTask,
): Promise<{ counts: number[]; idBytes: number[]; rows: number; totals: bigint[] }> {
  const scheme = hashSchemeNamed(task.scheme);
  const engine = scheme.engine();
  const target = { folder: task.folder, tag: task.tag, ...bucketCounts() };
  const assetCount = task.header.assets.length;
  let keys = new Uint8Array(0);
  let rows = 0;
  const read = await readBalancesColumns(task.file, {
    randomSalt: () => task.secret,
    range: { start: task.start, end: task.end, header: task.header },
    filter: {
      batchRows: BUCKET_BATCH_ROWS,
      expectedShare: 0,
      select: async (batch, salted) => {
        if (keys.length < 32 * batch.count) keys = new Uint8Array(32 * batch.count);
        hashBatchHere(scheme, engine, batch, { secret: salted ? undefined : task.secret, keys });
        appendToBuckets(batch, keys, assetCount, target);
        rows += batch.count;
        return new Uint32Array(0);
      },
    },
  });
  return { counts: Array.from(target.counts), idBytes: Array.from(target.idBytes), rows, totals: read.totals! };
}

/** The accounts of buckets [first, end) (each of its files, tags 0 … tags − 1) and their keys, exactly sized. */
export async function readBuckets(
  folder: string,
  range: { first: number; end: number; tags: number } & BucketCounts,
  assetCount: number,
  shared: boolean,
): Promise<{ columns: AccountColumns; keys: Uint8Array }> {
  const allocate = (n: number) => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const perRow = AMOUNT_BYTES * assetCount;
  let count = 0;
  let idTotal = 0;
  for (let b = range.first; b < range.end; b++) {
    count += range.counts[b]!;
    idTotal += range.idBytes[b]!;
  }
  const ids = allocate(idTotal);
  const idOffsets = new Uint32Array(allocate(4 * (count + 1)).buffer);
  const keys = allocate(32 * count);
  const salts = allocate(32 * count);
  const balances = allocate(perRow * count);
  let row = 0;
  let idAt = 0;
  for (let b = range.first; b < range.end; b++) {
    for (let tag = 0; tag < range.tags; tag++) {
      const file = keyBucketFile(folder, b, tag);
      const data = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return Buffer.alloc(0); // no account there
        throw error;
      });
      for (let p = 0; p < data.length;) {
        invariant(p + CHUNK_HEADER <= data.length, `${file}: a chunk header is cut short`);
        const n = data.readUInt32BE(p);
        const idBytes = data.readUInt32BE(p + 4);
        invariant(
          p + CHUNK_HEADER + 4 * n + idBytes + (64 + perRow) * n <= data.length &&
            row + n <= count &&
            idAt + idBytes <= idTotal,
          `${file}: a chunk is cut short or holds more than pass one counted`,
        );
        p += CHUNK_HEADER;
        for (let i = 0, at = idAt; i < n; i++, p += 4) {
          at += ((data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!) >>> 0;
          idOffsets[row + i + 1] = at;
        }
        ids.set(data.subarray(p, p + idBytes), idAt);
        p += idBytes;
        keys.set(data.subarray(p, p + 32 * n), 32 * row);
        p += 32 * n;
        salts.set(data.subarray(p, p + 32 * n), 32 * row);
        p += 32 * n;
        balances.set(data.subarray(p, p + perRow * n), perRow * row);
        p += perRow * n;
        idAt += idBytes;
        row += n;
        invariant(idOffsets[row] === idAt, `${file}: a chunk's id lengths do not add up to its id bytes`);
      }
    }
  }
  invariant(row === count && idAt === idTotal, "the bucket files hold what pass one counted");
  return { columns: { count, ids, idOffsets, salts, balances }, keys };
}
