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
import type { KeccakEngine } from "../spec/keccak-batch.js";
import type { AccountColumns } from "../tree/columns.js";
import { deriveSalts } from "../tree/derived-salts.js";
import { hashKeys } from "../tree/leaves.js";

export const BUCKETS = 256;
/** Rows read between two bucket writes. */
export const BUCKET_BATCH_ROWS = 1 << 18;
const CHUNK_HEADER = 8;

export const bucketFile = (folder: string, bucket: number, tag: number) =>
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
  // The batch's rows grouped by bucket (a counting sort), and each bucket's id bytes.
  const counts = new Uint32Array(BUCKETS + 1);
  const idBytes = new Float64Array(BUCKETS);
  for (let i = 0; i < batch.count; i++) {
    const b = keys[32 * i]!;
    counts[b + 1]!++;
    idBytes[b]! += idOffsets[i + 1]! - idOffsets[i]!;
  }
  const starts = new Uint32Array(BUCKETS + 1);
  for (let b = 0; b < BUCKETS; b++) starts[b + 1] = starts[b]! + counts[b + 1]!;
  const rows = new Uint32Array(batch.count);
  const next = starts.slice(0, BUCKETS);
  for (let i = 0; i < batch.count; i++) rows[next[keys[32 * i]!]!++] = i;
  for (let b = 0; b < BUCKETS; b++) {
    const count = starts[b + 1]! - starts[b]!;
    if (count === 0) continue;
    const out = Buffer.allocUnsafe(CHUNK_HEADER + 4 * count + idBytes[b]! + (64 + perRow) * count);
    out.writeUInt32BE(count, 0);
    out.writeUInt32BE(idBytes[b]!, 4);
    let lengthAt = CHUNK_HEADER;
    let p = CHUNK_HEADER + 4 * count;
    // Byte loops, not subarray copies: no object per account.
    for (let r = starts[b]!; r < starts[b + 1]!; r++) {
      const i = rows[r]!;
      const start = idOffsets[i]!;
      const length = idOffsets[i + 1]! - start;
      out.writeUInt32BE(length, lengthAt);
      lengthAt += 4;
      for (let k = 0; k < length; k++) out[p++] = ids[start + k]!;
    }
    for (const column of [keys, salts]) {
      for (let r = starts[b]!; r < starts[b + 1]!; r++)
        for (let k = 32 * rows[r]!, end = k + 32; k < end; k++) out[p++] = column[k]!;
    }
    for (let r = starts[b]!; r < starts[b + 1]!; r++)
      for (let k = perRow * rows[r]!, end = k + perRow; k < end; k++) out[p++] = balances[k]!;
    appendFileSync(bucketFile(target.folder, b, target.tag), out, { mode: 0o600 });
    target.counts[b]! += count;
    target.idBytes[b]! += idBytes[b]!;
  }
}

export interface BucketRangeTask {
  file: string;
  start: number;
  end: number;
  header: BalancesHeader;
  secret: Uint8Array;
  folder: string;
  tag: number;
}

/** A thread's share of pass one: its range of the CSV read, salted, keyed and written to its bucket files. */
export async function bucketRange(
  engine: KeccakEngine,
  task: BucketRangeTask,
): Promise<{ counts: number[]; idBytes: number[]; rows: number; totals: bigint[] }> {
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
        if (!salted) deriveSalts(engine, batch, 0, batch.count);
        if (keys.length < 32 * batch.count) keys = new Uint8Array(32 * batch.count);
        hashKeys(engine, batch, keys, 0, batch.count);
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
      const data = await readFile(bucketFile(folder, b, tag)).catch(() => Buffer.alloc(0)); // no account there
      for (let p = 0; p < data.length;) {
        const n = data.readUInt32BE(p);
        const idBytes = data.readUInt32BE(p + 4);
        p += CHUNK_HEADER;
        for (let i = 0; i < n; i++) {
          idOffsets[row + i + 1] = idOffsets[row + i]! + data.readUInt32BE(p);
          p += 4;
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
      }
    }
  }
  return { columns: { count, ids, idOffsets, salts, balances }, keys };
}
