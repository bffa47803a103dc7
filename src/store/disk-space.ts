/**
 * Free space before a large build: refuse at the start, with a clear message, rather than fail with a
 * full disk halfway (the temporary folder would be removed, but the hours would be lost).
 */
import { statfs } from "node:fs/promises";
import { InputError } from "../errors.js";

/**
 * Bytes of proof store per account, a little over the measured ~180 at 4 assets: in its shard the id, its
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
