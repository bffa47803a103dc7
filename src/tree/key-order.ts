/**
 * The order of 32-byte keys held back to back in one buffer: a least-significant-digit radix sort on the
 * first four bytes (two stable 16-bit counting passes), then a comparison sort of each run of keys that
 * share those four bytes (keys are hashes: runs are rare and short). No object per key, which is what
 * makes sorting millions of them cheap. `allocate` makes the returned array (shared memory, for threads).
 */
export function keyOrder(
  keys: Uint8Array,
  count: number,
  allocate: (count: number) => Uint32Array = (n) => new Uint32Array(n),
): Uint32Array {
  // Each key's first four bytes, big-endian, as the radix sort's digits.
  const prefixes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const at = 32 * i;
    prefixes[i] = ((keys[at]! << 24) | (keys[at + 1]! << 16) | (keys[at + 2]! << 8) | keys[at + 3]!) >>> 0;
  }
  const counts = new Uint32Array(65_536);
  // Pass one: by the low 16 bits of the prefix.
  for (let i = 0; i < count; i++) counts[prefixes[i]! & 0xffff]!++;
  exclusiveSums(counts);
  const byLow = new Uint32Array(count);
  for (let i = 0; i < count; i++) byLow[counts[prefixes[i]! & 0xffff]!++] = i;
  // Pass two, stable: by the high 16 bits.
  counts.fill(0);
  for (let i = 0; i < count; i++) counts[prefixes[i]! >>> 16]!++;
  exclusiveSums(counts);
  const order = allocate(count);
  for (let j = 0; j < count; j++) {
    const i = byLow[j]!;
    order[counts[prefixes[i]! >>> 16]!++] = i;
  }

  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  const compare = (x: number, y: number): number => {
    for (let offset = 4; offset < 32; offset += 4) {
      const a = view.getUint32(32 * x + offset);
      const b = view.getUint32(32 * y + offset);
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  };
  for (let start = 0; start < count;) {
    const prefix = prefixes[order[start]!]!;
    let end = start + 1;
    while (end < count && prefixes[order[end]!] === prefix) end++;
    if (end - start > 1) order.subarray(start, end).sort(compare);
    start = end;
  }
  return order;
}

function exclusiveSums(counts: Uint32Array): void {
  let total = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d]!;
    counts[d] = total;
    total += c;
  }
}
