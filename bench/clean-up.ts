/**
 * The bench's temporary folders, removed once its last measure is done rather than after each one. On a
 * file system that checks recently freed inodes before reusing them (ext4 without a journal, as on these
 * machines), creating files within a minute or so of deleting thousands costs about half a millisecond a
 * file instead of a few microseconds: a measure that followed another's clean-up would measure that
 * clean-up (a 1M-account tree has about 3,000 files).
 */
import { rm } from "node:fs/promises";

const folders: string[] = [];

/** `folder` is removed by removeDeferred, not now. */
export function removeLater(folder: string): void {
  folders.push(folder);
}

/** Removes every folder given to removeLater. */
export async function removeDeferred(): Promise<void> {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
}
