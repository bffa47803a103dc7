/**
 * `solvent build` of exports too large to hold: memory bounded by a group of accounts, not by the file.
 * Pass one reads the CSV once (every row checked as always) and, a batch at a time, derives the salts,
 * hashes the keys and appends each account to one of 256 bucket files by its key's first byte. Pass two
 * takes runs of buckets in key order ("groups", at most `groupAccounts` accounts each, about 170 bytes an
 * account in memory), builds each with the one store builder as a part of the whole, writing its shards
 * straight into the output, and the join (store/join-parts.ts) then completes them in place: the same
 * files, byte for byte, as the in-memory build.
 */
import { open, readFile, rm, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { readBalancesColumns, type BalancesColumns } from "../io/balances-columns.js";
import type { Asset } from "../spec/assets.js";
import { AMOUNT_BYTES, keccakEngine } from "../spec/bytes.js";
import type { AccountColumns } from "../tree/columns.js";
import { hashKeys } from "../tree/leaves.js";
import { buildStoreRange, type BuildProgress } from "./build-store.js";
import { deriveColumnSalts } from "./derive-salts.js";
import type { HashPool } from "./hash-pool.js";
import { joinParts, type JoinedTree } from "./join-parts.js";
import type { PartManifest } from "./part-folder.js";

const BUCKETS = 256;
/** Rows read between two bucket writes. */
const BATCH_ROWS = 1 << 18;

export interface BoundedBuildOptions {
  /** Salt slots of rows without a salt column hold this secret until derived. */
  secret: Uint8Array;
  groupAccounts: number;
  pool?: HashPool;
  onRows?: (rows: number, bytesRead: number) => void;
  onProgress?: BuildProgress;
}

export interface BoundedBuild extends JoinedTree {
  assets: Asset[];
  read: Omit<BalancesColumns, "columns" | "lines">;
}

export async function buildBoundedStore(
  csv: string,
  folder: string,
  options: BoundedBuildOptions,
): Promise<BoundedBuild> {
  const { pool } = options;
  const bucketFolder = join(folder, ".buckets");
  await mkdir(bucketFolder, { mode: 0o700 });
  const files = await Promise.all(
    Array.from({ length: BUCKETS }, (_, b) =>
      open(join(bucketFolder, `${String(b).padStart(3, "0")}.bin`), "w", 0o600),
    ),
  );
  const counts = new Float64Array(BUCKETS);
  let assetCount = 0;
  const engine = keccakEngine();
  const allocate = (n: number) => (pool ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  try {
    // Pass one: every row into its bucket; nothing kept. A batch is copied out and hashed and written on
    // the threads while this one parses the next: at most one batch in flight.
    let inFlight: Promise<void> = Promise.resolve();
    const bucketBatch = async (batch: AccountColumns, salted: boolean) => {
      if (!salted) await deriveColumnSalts(batch, pool);
      const keys = allocate(32 * batch.count);
      if (pool)
        await pool.runSlices(batch.count, (first, end) => pool.run({ kind: "keys", columns: batch, keys, first, end }));
      else hashKeys(engine, batch, keys, 0, batch.count);
      await appendToBuckets(batch, keys, assetCount, files, counts);
    };
    const read = await readBalancesColumns(csv, {
      randomSalt: () => options.secret,
      shared: pool !== undefined,
      onProgress: (rows, bytesRead) => options.onRows?.(rows, bytesRead),
      progressEvery: 10_000,
      filter: {
        batchRows: BATCH_ROWS,
        expectedShare: 0,
        select: async (batch, salted) => {
          assetCount = batch.balances.length / AMOUNT_BYTES / batch.count;
          await inFlight;
          const copy = copyColumns(batch, allocate);
          inFlight = bucketBatch(copy, salted);
          // Awaited by the next batch or below; handled now so a failure is not unhandled meanwhile.
          inFlight.catch(() => undefined);
          return new Uint32Array(0);
        },
      },
    });
    await inFlight;
    await Promise.all(files.map((file) => file.close()));
    files.length = 0;

    // Pass two: groups of buckets in key order, each built as a part straight into the store.
    const leafCount = counts.reduce((sum, c) => sum + c, 0);
    const manifests: PartManifest[] = [];
    const groups: [number, number][] = [];
    for (let first = 0; first < BUCKETS;) {
      let end = first + 1;
      for (let rows = counts[first]!; end < BUCKETS && rows + counts[end]! <= options.groupAccounts; end++)
        rows += counts[end]!;
      groups.push([first, end]);
      first = end;
    }
    let offset = 0;
    for (const [first, end] of groups) {
      const columns = await readBuckets(bucketFolder, first, end, read.assets.length, pool !== undefined);
      if (columns.count === 0) continue;
      const indexFolder = join(folder, ".groups", String(manifests.length));
      await mkdir(indexFolder, { recursive: true, mode: 0o700 });
      const base = offset;
      const built = await buildStoreRange(read.assets, columns, folder, {
        ...{ offset, leafCount, part: true, indexFolder },
        ...(pool ? { pool } : {}),
        onProgress: (stage, done) => options.onProgress?.(stage, base + done, leafCount),
      });
      manifests.push({
        ...{ folder: indexFolder, shardsFolder: folder, part: manifests.length, parts: 0, assets: read.assets },
        ...{ leafCount, depth: built.shape.depth, offset, count: columns.count, asOf: 0n },
        ...{ input: { file: "", sha256: "", bytes: 0 }, salts: "", blocks: built.blocks, fragments: built.fragments },
      });
      offset += columns.count;
    }
    for (const m of manifests) m.parts = manifests.length;
    await rm(bucketFolder, { recursive: true, force: true });
    // Duplicate ids in different groups meet in the index. Only a CSV with salts can give one account two
    // keys; derived salts give its rows one key, so one group, whose build refuses them.
    const joined = await joinParts(manifests, folder, undefined, { checkDuplicates: read.hasSaltColumn });
    await rm(join(folder, ".groups"), { recursive: true, force: true });
    const { columns: _columns, lines: _lines, ...facts } = read;
    return { ...joined, assets: read.assets, read: facts };
  } finally {
    await Promise.all(files.map((file) => file.close().catch(() => undefined)));
  }
}

/** Appends each account of the batch (id length u32, id, salt, balances) to the bucket of its key's first byte. */
async function appendToBuckets(
  batch: AccountColumns,
  keys: Uint8Array,
  assetCount: number,
  files: Awaited<ReturnType<typeof open>>[],
  counts: Float64Array,
): Promise<void> {
  const perRow = AMOUNT_BYTES * assetCount;
  const bytes = new Float64Array(BUCKETS);
  const idLength = (i: number) => batch.idOffsets[i + 1]! - batch.idOffsets[i]!;
  for (let i = 0; i < batch.count; i++) bytes[keys[32 * i]!]! += 4 + idLength(i) + 32 + perRow;
  const buffers = Array.from(bytes, (n) => Buffer.allocUnsafe(n));
  const at = new Float64Array(BUCKETS);
  const { ids, idOffsets, salts, balances } = batch;
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
    counts[b]!++;
  }
  await Promise.all(buffers.flatMap((buffer, b) => (buffer.length > 0 ? [files[b]!.write(buffer)] : [])));
}

/** The accounts of buckets [first, end) as columns, sized exactly. */
async function readBuckets(
  folder: string,
  first: number,
  end: number,
  assetCount: number,
  shared: boolean,
): Promise<AccountColumns> {
  const allocate = (n: number) => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const perRow = AMOUNT_BYTES * assetCount;
  const file = (b: number) => join(folder, `${String(b).padStart(3, "0")}.bin`);
  // Sizes first, from the files' lengths and their id lengths, so that one bucket is held at a time.
  let count = 0;
  let idBytes = 0;
  for (let b = first; b < end; b++) {
    const data = await readFile(file(b));
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
  for (let b = first; b < end; b++) {
    // Read again: a bucket just read is in the page cache.
    const data = await readFile(file(b));
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

/** The batch's columns in buffers of their own (offsets from 0), so the reader can reuse its buffers. */
function copyColumns(batch: AccountColumns, allocate: (bytes: number) => Uint8Array): AccountColumns {
  const base = batch.idOffsets[0]!;
  const ids = allocate(batch.idOffsets[batch.count]! - base);
  ids.set(batch.ids.subarray(base, batch.idOffsets[batch.count]!));
  const idOffsets = new Uint32Array(allocate(4 * (batch.count + 1)).buffer);
  for (let i = 0; i <= batch.count; i++) idOffsets[i] = batch.idOffsets[i]! - base;
  const salts = allocate(batch.salts.length);
  salts.set(batch.salts);
  const balances = allocate(batch.balances.length);
  balances.set(batch.balances);
  return { count: batch.count, ids, idOffsets, salts, balances };
}
