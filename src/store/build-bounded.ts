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
  onRows?: (rows: number) => void;
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
  try {
    // Pass one: every row into its bucket; nothing kept.
    const read = await readBalancesColumns(csv, {
      randomSalt: () => options.secret,
      shared: pool !== undefined,
      onProgress: (rows) => options.onRows?.(rows),
      progressEvery: 10_000,
      filter: {
        batchRows: BATCH_ROWS,
        expectedShare: 0,
        select: async (batch, salted) => {
          assetCount = batch.balances.length / AMOUNT_BYTES / batch.count;
          if (!salted) await deriveColumnSalts(batch, pool);
          const keys = pool
            ? new Uint8Array(new SharedArrayBuffer(32 * batch.count))
            : new Uint8Array(32 * batch.count);
          if (pool)
            await pool.runSlices(batch.count, (first, end) =>
              pool.run({ kind: "keys", columns: batch, keys, first, end }),
            );
          else hashKeys(engine, batch, keys, 0, batch.count);
          await appendToBuckets(batch, keys, assetCount, files, counts);
          return new Uint32Array(0);
        },
      },
    });
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
    // Duplicate ids in different groups (a CSV with salts may give one account two keys) meet in the index.
    const joined = await joinParts(manifests, folder, undefined, { checkDuplicates: true });
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
  for (let i = 0; i < batch.count; i++) {
    const b = keys[32 * i]!;
    const out = buffers[b]!;
    let p = at[b]!;
    const length = idLength(i);
    out.writeUInt32BE(length, p);
    out.set(batch.ids.subarray(batch.idOffsets[i]!, batch.idOffsets[i + 1]!), p + 4);
    p += 4 + length;
    out.set(batch.salts.subarray(32 * i, 32 * i + 32), p);
    out.set(batch.balances.subarray(perRow * i, perRow * (i + 1)), p + 32);
    at[b] = p + 32 + perRow;
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
  const contents: Buffer[] = [];
  for (let b = first; b < end; b++) contents.push(await readFile(join(folder, `${String(b).padStart(3, "0")}.bin`)));
  let count = 0;
  let idBytes = 0;
  for (const data of contents)
    for (let p = 0; p < data.length; count++) {
      const length = data.readUInt32BE(p);
      idBytes += length;
      p += 4 + length + 32 + perRow;
    }
  const ids = allocate(idBytes);
  const idOffsets = new Uint32Array(allocate(4 * (count + 1)).buffer);
  const salts = allocate(32 * count);
  const balances = allocate(perRow * count);
  let i = 0;
  for (const data of contents)
    for (let p = 0; p < data.length; i++) {
      const length = data.readUInt32BE(p);
      ids.set(data.subarray(p + 4, p + 4 + length), idOffsets[i]!);
      idOffsets[i + 1] = idOffsets[i]! + length;
      p += 4 + length;
      salts.set(data.subarray(p, p + 32), 32 * i);
      balances.set(data.subarray(p + 32, p + 32 + perRow), perRow * i);
      p += 32 + perRow;
    }
  return { count, ids, idOffsets, salts, balances };
}
