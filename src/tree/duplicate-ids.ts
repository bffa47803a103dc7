import type { AccountColumns } from "./columns.js";

/**
 * The first pair of accounts with the same id, as input indexes, or undefined. Without a string per
 * account: each id gets a 52-bit fingerprint (two 32-bit FNV-1a variants), the fingerprints are sorted
 * as doubles, and only ids whose fingerprint repeats are compared byte by byte.
 */
export function findDuplicateId(columns: AccountColumns): [number, number] | undefined {
  const { count, ids, idOffsets } = columns;
  const fingerprints = new Float64Array(count);
  for (let i = 0; i < count; i++) fingerprints[i] = fingerprint(ids, idOffsets[i]!, idOffsets[i + 1]!);
  const sorted = fingerprints.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < count; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
  if (repeated.size === 0) return undefined;
  const seen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (!repeated.has(fingerprints[i]!)) continue;
    const id = Buffer.from(ids.buffer, ids.byteOffset + idOffsets[i]!, idOffsets[i + 1]! - idOffsets[i]!).toString(
      "latin1",
    );
    const earlier = seen.get(id);
    if (earlier !== undefined) return [earlier, i];
    seen.set(id, i);
  }
  return undefined;
}

function fingerprint(bytes: Uint8Array, start: number, end: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (end - start);
  for (let i = start; i < end; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) >>> 12);
}
