/**
 * Free space before a large build: refuse at the start, with a clear message, rather than fail with a
 * full disk halfway (the temporary folder would be removed, but the hours would be lost).
 */
import { open, statfs } from "node:fs/promises";
import { InputError } from "../errors.js";

/**
 * Bytes of proof store per account, a little over what a store takes (docs/scale.md): in its shard the id, its
 * length, the salt, its leaf record and about one node (hash and compact sums), and in the index its
 * position, id length and id again.
 */
export function storeBytesPerAccount(assetCount: number, averageIdBytes: number): number {
  const record = 32 + assetCount * 9;
  return Math.ceil(1.1 * (4 + averageIdBytes + 32 + 2 * record + 6 + averageIdBytes));
}

/** Throws unless the file system holding `folder` has `needed` bytes free (plus 1% and 64 MB to spare). */
export async function checkFreeSpace(folder: string, needed: number, what: string): Promise<void> {
  const info = await statfs(folder).catch(() => undefined);
  if (info === undefined) return; // no statfs here: the writes themselves will tell
  const free = info.bavail * info.bsize;
  const wanted = needed * 1.01 + (64 << 20);
  if (free < wanted)
    throw new InputError(
      `${what} needs about ${gigabytes(wanted)} of disk and ${folder} has ${gigabytes(free)} free; free some space or choose an --out on a larger disk`,
    );
}

function gigabytes(bytes: number): string {
  return bytes >= 1 << 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/**
 * Disk a bounded build needs at its peak, when the key-prefix buckets and the store are both written:
 * per account a bucket entry (id length, id, key, salt, 16 bytes per amount however short its CSV cell) and its
 * store share. Accounts, id length and asset count come from the CSV's first megabyte; a file of short
 * rows (many zero cells) needs far more than a multiple of its size.
 */
export async function boundedBuildBytes(csv: string, csvBytes: number): Promise<number> {
  const handle = await open(csv, "r");
  const sample = Buffer.alloc(Math.min(csvBytes, 1 << 20));
  try {
    await handle.read(sample, 0, sample.length, 0);
  } finally {
    await handle.close();
  }
  const lines = sample.toString("utf8").split("\n");
  if (sample.length < csvBytes) lines.pop(); // cut mid-row
  const [header = "", ...rows] = lines.filter((line) => line.trim() !== "");
  const columns = header.split(",").map((c) => c.trim().toLowerCase());
  const assetCount = Math.max(1, columns.length - 1 - (columns.includes("salt") ? 1 : 0));
  const sampleRows = Math.max(1, rows.length);
  const idBytes = rows.reduce((sum, row) => sum + Buffer.byteLength(row.split(",")[0] ?? ""), 0) / sampleRows;
  const rowBytes = rows.reduce((sum, row) => sum + Buffer.byteLength(row) + 1, 0) / sampleRows;
  const accounts = Math.ceil(csvBytes / Math.max(1, rowBytes));
  const bucketEntry = 4 + idBytes + 64 + 16 * assetCount;
  return Math.ceil(accounts * (bucketEntry + storeBytesPerAccount(assetCount, idBytes)) * 1.1);
}
