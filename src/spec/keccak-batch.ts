/**
 * Batched keccak-256 on Solvent's own WebAssembly module (src/spec/keccak-wat.ts): whole tree levels and
 * leaf sets are hashed per call, so the cost per hash is the permutation, not a JavaScript round trip.
 * One engine per thread; it is not re-entrant.
 */
import { invariant } from "../errors.js";
import { SCRATCH, WORK_START } from "./keccak-wat.js";
import { KECCAK_WASM_BASE64 } from "./keccak-wasm.generated.js";

interface KeccakExports {
  memory: WebAssembly.Memory;
  keccak(ptr: number, len: number, out: number): void;
  hashItems(offsets: number, count: number, out: number): void;
  hashLeaves(records: number, count: number, size: number): void;
  buildLevel(src: number, count: number, size: number, assets: number, dst: number, empty: number): number;
}

const PAGE = 65_536;
/** Bytes a chunk of records may take in WebAssembly memory, per buffer. */
const CHUNK_BYTES = 4 << 20;
/** The preimage scratch holds a prefix byte and two records. */
const MAX_RECORD = (WORK_START - SCRATCH - 1) / 2;

let compiled: WebAssembly.Module | undefined;

export class KeccakEngine {
  private readonly exports: KeccakExports;
  private bytes: Uint8Array;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(KECCAK_WASM_BASE64, "base64"));
    this.exports = new WebAssembly.Instance(compiled).exports as unknown as KeccakExports;
    this.bytes = new Uint8Array(this.exports.memory.buffer);
  }

  /** keccak256 of one byte string. */
  keccak(data: Uint8Array): Uint8Array {
    const memory = this.reserve(data.length + 32);
    memory.set(data, WORK_START);
    this.exports.keccak(WORK_START, data.length, WORK_START + data.length);
    return memory.slice(WORK_START + data.length, WORK_START + data.length + 32);
  }

  /**
   * keccak256 of many byte strings: item i is `data[offsets[i], offsets[i + 1])`; digest i is written to
   * `out` at 32 i. `offsets` has count + 1 entries.
   */
  hashItems(data: Uint8Array, offsets: Uint32Array, out: Uint8Array): void {
    const count = offsets.length - 1;
    invariant(out.length >= 32 * count, "hashItems: output too small");
    const offsetsAt = WORK_START;
    const dataAt = offsetsAt + 4 * offsets.length;
    const outAt = dataAt + data.length;
    const memory = this.reserve(outAt - WORK_START + 32 * count);
    const shifted = new Uint32Array(memory.buffer, offsetsAt, offsets.length);
    for (let i = 0; i < offsets.length; i++) shifted[i] = offsets[i]! + dataAt;
    memory.set(data, dataAt);
    this.exports.hashItems(offsetsAt, count, outAt);
    out.set(memory.subarray(outAt, outAt + 32 * count));
  }

  /** Leaf records in place: each holds accountKey ‖ balances, and its key word becomes the leaf hash. */
  hashLeaves(records: Uint8Array, size: number): void {
    invariant(size <= MAX_RECORD && records.length % size === 0, "hashLeaves: bad record size");
    const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / size));
    const memory = this.reserve(perChunk * size);
    for (let start = 0; start < records.length; start += perChunk * size) {
      const chunk = records.subarray(start, Math.min(records.length, start + perChunk * size));
      memory.set(chunk, WORK_START);
      this.exports.hashLeaves(WORK_START, chunk.length / size, size);
      chunk.set(memory.subarray(WORK_START, WORK_START + chunk.length));
    }
  }

  /**
   * Writes into `above` the parents of the `below` records (an odd last record is paired with `empty`).
   * Returns false when a sum reaches 2^128.
   */
  buildLevel(below: Uint8Array, above: Uint8Array, size: number, assetCount: number, empty: Uint8Array): boolean {
    invariant(size <= MAX_RECORD && empty.length === size, "buildLevel: bad record size");
    const count = below.length / size;
    invariant(above.length === Math.ceil(count / 2) * size, "buildLevel: wrong parent level size");
    const pairsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (2 * size)));
    const emptyAt = WORK_START;
    const srcAt = emptyAt + size;
    const dstAt = srcAt + 2 * pairsPerChunk * size;
    const memory = this.reserve(dstAt - WORK_START + pairsPerChunk * size);
    memory.set(empty, emptyAt);
    for (let first = 0; first < count; first += 2 * pairsPerChunk) {
      const children = Math.min(count - first, 2 * pairsPerChunk);
      memory.set(below.subarray(first * size, (first + children) * size), srcAt);
      if (this.exports.buildLevel(srcAt, children, size, assetCount, dstAt, emptyAt) === 0) return false;
      const parents = Math.ceil(children / 2);
      above.set(memory.subarray(dstAt, dstAt + parents * size), (first / 2) * size);
    }
    return true;
  }

  /** The module's memory, grown to hold `bytes` after WORK_START. */
  private reserve(bytes: number): Uint8Array {
    const needed = WORK_START + bytes;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    if (this.bytes.buffer !== memory.buffer) this.bytes = new Uint8Array(memory.buffer);
    return this.bytes;
  }
}
