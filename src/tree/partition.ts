/**
 * Partitions of a build by account key. Keys are hashes, so the accounts whose keys share a range of
 * prefixes are the leaves of one contiguous run of tree positions, and ranges of equal width hold about
 * equal numbers of accounts. Part i of n takes the keys whose first 32 bits lie in
 * [floor(2^32 i / n), floor(2^32 (i + 1) / n)); its first leaf's position is the number of keys below that.
 */
import { InputError } from "../errors.js";

export interface Partition {
  /** 0-based, below `parts`. */
  part: number;
  parts: number;
}

/** Most parts a build may be split into: far more machines than any exchange needs, and each part some keys. */
export const MAX_PARTS = 65_536;

/** "i/n" (0 ≤ i < n ≤ MAX_PARTS), as --partition takes it. */
export function parsePartition(text: string): Partition {
  const match = /^(0|[1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text);
  const part = Number(match?.[1]);
  const parts = Number(match?.[2]);
  if (!match || part >= parts || parts > MAX_PARTS)
    throw new InputError(
      `--partition ${JSON.stringify(text)} is not i/n with 0 ≤ i < n ≤ ${MAX_PARTS} (parts count from 0: 0/4 … 3/4)`,
    );
  return { part, parts };
}

/** The key prefixes [lo, hi) of a part, as unsigned 32-bit numbers (hi may be 2^32). */
export function prefixRange({ part, parts }: Partition): [number, number] {
  return [Math.floor((2 ** 32 * part) / parts), Math.floor((2 ** 32 * (part + 1)) / parts)];
}

/**
 * The accounts of a part (input indexes, ascending) and its first tree position, from every account's key
 * (32 bytes each, by input index).
 */
export function selectPart(
  keys: Uint8Array,
  count: number,
  partition: Partition,
): { offset: number; chosen: Uint32Array } {
  const [lo, hi] = prefixRange(partition);
  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  let below = 0;
  let inside = 0;
  for (let i = 0; i < count; i++) {
    const prefix = view.getUint32(32 * i);
    if (prefix < lo) below++;
    else if (prefix < hi) inside++;
  }
  const chosen = new Uint32Array(inside);
  for (let i = 0, n = 0; i < count; i++) {
    const prefix = view.getUint32(32 * i);
    if (prefix >= lo && prefix < hi) chosen[n++] = i;
  }
  return { offset: below, chosen };
}
