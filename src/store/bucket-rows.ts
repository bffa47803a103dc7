/**
 * The bounded build's bucket files: accounts by their key's first byte, each as id length (u32), id,
 * salt and balances. Each reader of the CSV (this thread, or each thread reading a range) writes files of
 * its own, `BBB-T.bin`; a bucket is all its files.
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

export const bucketFile = (folder: string, bucket: number, tag: number) =>
  join(folder, `${String(bucket).padStart(3, "0")}-${tag}.bin`);

/** Appends each account of the batch to the bucket of its key's first byte; counts them per bucket. */
export function appendToBuckets(
  batch: AccountColumns,
  keys: Uint8Array,
  assetCount: number,
  target: { folder: string; tag: number; counts: Float64Array },
): void {
  const perRow = AMOUNT_BYTES * assetCount;
  const bytes = new Float64Array(BUCKETS);
  const { ids, idOffsets, salts, balances } = batch;
  for (let i = 0; i < batch.count; i++) bytes[keys[32 * i]!]! += 4 + idOffsets[i + 1]! - idOffsets[i]! + 32 + perRow;
  const buffers = Array.from(bytes, (n) => Buffer.allocUnsafe(n));
  const at = new Float64Array(BUCKETS);
  // Byte loops, not subarray copies: no object per account.
  for (let i = 0; i < batch.count; i++) {
    const b = keys[32 * i]!;
    const out = buffers[b]!;
    let p = at[b]!;
    const start = idOffsets[i]!;
    const length = idOffsets[i + 1]! - start;
    out[p] = length >>> 24;
    out[p + 1] = (length >>> 16) & 0xff;
    out[p + 2] = (length >>> 8) & 0xff;
    out[p + 3] = length & 0xff;
    p += 4;
    for (let k = 0; k < length; k++) out[p++] = ids[start + k]!;
    for (let k = 32 * i, end = k + 32; k < end; k++) out[p++] = salts[k]!;
    for (let k = perRow * i, end = k + perRow; k < end; k++) out[p++] = balances[k]!;
    at[b] = p;
    target.counts[b]!++;
  }
  buffers.forEach((buffer, b) => {
    if (buffer.length > 0) appendFileSync(bucketFile(target.folder, b, target.tag), buffer, { mode: 0o600 });
  });
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
): Promise<{ counts: number[]; rows: number; totals: bigint[] }> {
  const counts = new Float64Array(BUCKETS);
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
        appendToBuckets(batch, keys, assetCount, { folder: task.folder, tag: task.tag, counts });
        rows += batch.count;
        return new Uint32Array(0);
      },
    },
  });
  return { counts: Array.from(counts), rows, totals: read.totals! };
}

/** The accounts of buckets [first, end) (each of its files, tags 0 … tags − 1) as exactly sized columns. */
export async function readBuckets(
  folder: string,
  range: { first: number; end: number; tags: number },
  assetCount: number,
  shared: boolean,
): Promise<AccountColumns> {
  const allocate = (n: number) => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const perRow = AMOUNT_BYTES * assetCount;
  const files: string[] = [];
  for (let b = range.first; b < range.end; b++)
    for (let tag = 0; tag < range.tags; tag++) files.push(bucketFile(folder, b, tag));
  const contents = async (file: string) => readFile(file).catch(() => Buffer.alloc(0)); // no account there
  // Sizes first, from the ids' lengths, so that one file is held at a time.
  let count = 0;
  let idBytes = 0;
  for (const file of files) {
    const data = await contents(file);
    for (let p = 0; p < data.length; count++) {
      const length = data.readUInt32BE(p);
      idBytes += length;
      p += 4 + length + 32 + perRow;
    }
  }
  const ids = allocate(idBytes);
  const idOffsets = new Uint32Array(allocate(4 * (count + 1)).buffer);
  const salts = allocate(32 * count);
  const balances = allocate(perRow * count);
  let i = 0;
  let idAt = 0;
  for (const file of files) {
    // Read again: a file just read is in the page cache.
    const data = await contents(file);
    for (let p = 0; p < data.length; i++) {
      const length = data.readUInt32BE(p);
      p += 4;
      for (let k = 0; k < length; k++) ids[idAt++] = data[p++]!;
      idOffsets[i + 1] = idAt;
      for (let k = 32 * i, stop = k + 32; k < stop; k++) salts[k] = data[p++]!;
      for (let k = perRow * i, stop = k + perRow; k < stop; k++) balances[k] = data[p++]!;
    }
  }
  return { count, ids, idOffsets, salts, balances };
}
