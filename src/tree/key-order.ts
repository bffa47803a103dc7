/**
 * The order of 32-byte keys held back to back in one buffer: a counting sort on the first two bytes, then
 * a comparison sort inside each bucket (keys are hashes, so buckets hold about n / 65536 keys). No object
 * per key, which is what makes sorting millions of them cheap.
 */
export function keyOrder(keys: Uint8Array, count: number): Uint32Array {
  const buckets = new Uint32Array(65_537);
  for (let i = 0; i < count; i++) buckets[((keys[32 * i]! << 8) | keys[32 * i + 1]!) + 1]!++;
  for (let b = 1; b <= 65_536; b++) buckets[b]! += buckets[b - 1]!;
  const order = new Uint32Array(count);
  const next = buckets.slice(0, 65_536);
  for (let i = 0; i < count; i++) order[next[(keys[32 * i]! << 8) | keys[32 * i + 1]!]!++] = i;
  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  const compare = (x: number, y: number): number => {
    for (let offset = 0; offset < 32; offset += 4) {
      const a = view.getUint32(32 * x + offset);
      const b = view.getUint32(32 * y + offset);
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  };
  for (let b = 0; b < 65_536; b++) {
    const start = buckets[b]!;
    const end = buckets[b + 1]!;
    if (end - start > 1) order.subarray(start, end).sort(compare);
  }
  return order;
}
