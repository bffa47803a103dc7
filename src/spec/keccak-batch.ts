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
  hashKeys(offsets: number, count: number, salts: number, ids: number, out: number): void;
  hashLeaves(records: number, count: number, size: number): void;
  buildLevel(src: number, count: number, size: number, assets: number, dst: number, empty: number): number;
  compactRecords(src: number, count: number, size: number, assets: number, dst: number): number;
  hashAccounts(
    offsets: number,
    count: number,
    salts: number,
    ids: number,
    amounts: number,
    assets: number,
    keys: number,
    leaves: number,
    secret: number,
  ): void;
}

const PAGE = 65_536;
/** Bytes a chunk of records may take in WebAssembly memory, per buffer. */
const CHUNK_BYTES = 4 << 20;
/** The preimage scratch holds a prefix byte and two records, or a salt and an id. */
const MAX_RECORD = (WORK_START - SCRATCH - 1) / 2;
/** A node record's bytes: its hash and a 32-byte word per asset. */
const nodeRecordBytes = (assetCount: number) => 32 * (assetCount + 1);
export const MAX_BATCHED_ID_BYTES = WORK_START - SCRATCH - 32;

let compiled: WebAssembly.Module | undefined;

/** The end of the chunk of accounts from `start`: at most 64k accounts and CHUNK_BYTES of ids. */
function chunkEnd(idOffsets: Uint32Array, start: number, end: number): number {
  let stop = Math.min(end, start + 65_536);
  while (stop > start + 1 && idOffsets[stop]! - idOffsets[start]! > CHUNK_BYTES)
    stop = start + Math.ceil((stop - start) / 2);
  return stop;
}

/** The most bytes compactRecords writes for `count` records of `assetCount` sums (a hash, and 17 a sum). */
export function compactBound(count: number, assetCount: number): number {
  return count * (32 + 17 * assetCount);
}

export class KeccakEngine {
  private readonly exports: KeccakExports;
  private bytes: Uint8Array;
  /** Calls that used the memory after WORK_START, and which of them made the current workspace. */
  private uses = 0;
  private workspaceUse = -1;
  /** Where the current workspace ends in the module's memory. */
  private workspaceEnd = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(
      // atob, not Buffer: the verifier page runs this in a browser. The module is under 4 KB, so Chromium
      // allows compiling it synchronously on the main thread.
      Uint8Array.from(atob(KECCAK_WASM_BASE64), (char) => char.charCodeAt(0)),
    );
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

  /**
   * Account keys keccak256(salt ‖ id) of accounts [first, end): salts back to back, id i at
   * `ids[idOffsets[i], idOffsets[i + 1])`, every id at most MAX_BATCHED_ID_BYTES long. Key i goes to `out`
   * at 32 (i - first).
   */
  hashKeys(
    salts: Uint8Array,
    ids: Uint8Array,
    idOffsets: Uint32Array,
    first: number,
    end: number,
    out: Uint8Array,
  ): void {
    for (let start = first; start < end;) {
      const stop = chunkEnd(idOffsets, start, end);
      const count = stop - start;
      const base = idOffsets[start]!;
      const idBytes = idOffsets[stop]! - base;
      const offsetsAt = WORK_START;
      const saltsAt = offsetsAt + 4 * (count + 1);
      const idsAt = saltsAt + 32 * count;
      const outAt = idsAt + idBytes;
      const memory = this.reserve(outAt - WORK_START + 32 * count);
      const offsets = new Uint32Array(memory.buffer, offsetsAt, count + 1);
      for (let i = 0; i <= count; i++) offsets[i] = idOffsets[start + i]! - base;
      memory.set(salts.subarray(32 * start, 32 * stop), saltsAt);
      memory.set(ids.subarray(base, base + idBytes), idsAt);
      this.exports.hashKeys(offsetsAt, count, saltsAt, idsAt, outAt);
      out.set(memory.subarray(outAt, outAt + 32 * count), 32 * (start - first));
      start = stop;
    }
  }

  /**
   * Accounts [first, end) in one pass: with `secret`, each salt derived as keccak256(secret ‖ id) and
   * written into `salts` (else read from it); each account key keccak256(salt ‖ id) into `keys` and each
   * leaf hash keccak256(0x00 ‖ key ‖ balances as 32-byte words) into `leafHashes` (32 bytes an account, by
   * account index, like `salts`). `balances` holds 16 bytes an amount, `assetCount` an account. Every id
   * must be at most MAX_BATCHED_ID_BYTES long (tree/leaves.ts takes longer ones another way).
   */
  hashAccounts(
    accounts: { salts: Uint8Array; ids: Uint8Array; idOffsets: Uint32Array; balances: Uint8Array },
    assetCount: number,
    secret: Uint8Array | undefined,
    out: { keys: Uint8Array; leafHashes: Uint8Array },
    first: number,
    end: number,
  ): void {
    const { salts, ids, idOffsets, balances } = accounts;
    invariant(nodeRecordBytes(assetCount) <= MAX_RECORD, "hashAccounts: too many assets");
    invariant(secret === undefined || secret.length === 32, "hashAccounts: a secret is 32 bytes");
    for (let start = first; start < end;) {
      const stop = chunkEnd(idOffsets, start, end);
      const count = stop - start;
      const base = idOffsets[start]!;
      const idBytes = idOffsets[stop]! - base;
      const amountBytes = 16 * assetCount;
      const secretAt = WORK_START;
      const offsetsAt = secretAt + 32;
      const saltsAt = offsetsAt + 4 * (count + 1);
      const keysAt = saltsAt + 32 * count;
      const leavesAt = keysAt + 32 * count;
      const amountsAt = leavesAt + 32 * count;
      const idsAt = amountsAt + amountBytes * count;
      const memory = this.reserve(idsAt + idBytes - WORK_START);
      if (secret) memory.set(secret, secretAt);
      else memory.set(salts.subarray(32 * start, 32 * stop), saltsAt);
      const offsets = new Uint32Array(memory.buffer, offsetsAt, count + 1);
      for (let i = 0; i <= count; i++) {
        offsets[i] = idOffsets[start + i]! - base;
        // A longer id would run past the preimage scratch into this chunk's own data.
        invariant(i === 0 || offsets[i]! - offsets[i - 1]! <= MAX_BATCHED_ID_BYTES, "hashAccounts: an id too long");
      }
      memory.set(balances.subarray(amountBytes * start, amountBytes * stop), amountsAt);
      memory.set(ids.subarray(base, base + idBytes), idsAt);
      this.exports.hashAccounts(
        offsetsAt,
        count,
        saltsAt,
        idsAt,
        amountsAt,
        assetCount,
        keysAt,
        leavesAt,
        secret ? secretAt : 0,
      );
      if (secret) salts.set(memory.subarray(saltsAt, saltsAt + 32 * count), 32 * start);
      out.keys.set(memory.subarray(keysAt, keysAt + 32 * count), 32 * start);
      out.leafHashes.set(memory.subarray(leavesAt, leavesAt + 32 * count), 32 * start);
      start = stop;
    }
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

  /**
   * The module's memory from WORK_START on, at least `bytes` long: a workspace whose records buildLevelIn
   * and compactRecordsIn hash and encode where they are (their offsets are into it), with nothing copied in
   * or out. Valid until a call of any other method of this engine (compactRecords included), which uses
   * the same memory and may grow it (which detaches earlier views). A later call of workspace itself keeps
   * what the workspace holds, but may grow the memory too: use the view it returns.
   */
  workspace(bytes: number): Uint8Array {
    const memory = this.reserve(bytes);
    this.workspaceUse = this.uses;
    this.workspaceEnd = WORK_START + bytes;
    return memory.subarray(WORK_START, WORK_START + bytes);
  }

  /** buildLevel on workspace records: the parents of the `count` records at `srcAt` to `dstAt`. */
  buildLevelIn(
    srcAt: number,
    count: number,
    size: number,
    assetCount: number,
    dstAt: number,
    emptyAt: number,
  ): boolean {
    invariant(size <= MAX_RECORD, "buildLevelIn: bad record size");
    this.checkWorkspace();
    return (
      this.exports.buildLevel(WORK_START + srcAt, count, size, assetCount, WORK_START + dstAt, WORK_START + emptyAt) !==
      0
    );
  }

  /**
   * The proof store's compact encoding of the `count` workspace records at `srcAt` (each record's hash,
   * then per sum a length byte and its significant big-endian bytes), written from `dstAt`. Returns where
   * it ends; the 16 bytes after that end may be overwritten.
   */
  compactRecordsIn(srcAt: number, count: number, size: number, assetCount: number, dstAt: number): number {
    this.checkWorkspace();
    invariant(
      WORK_START + dstAt + compactBound(count, assetCount) + 16 <= this.workspaceEnd,
      "compactRecordsIn: no room",
    );
    return this.exports.compactRecords(WORK_START + srcAt, count, size, assetCount, WORK_START + dstAt) - WORK_START;
  }

  /** compactRecordsIn of records given here: the encoding, newly allocated. */
  compactRecords(records: Uint8Array, size: number, assetCount: number): Uint8Array {
    const count = records.length / size;
    invariant(Number.isInteger(count), "compactRecords: bad record size");
    // Through reserve, not workspace: like every other method, this ends a caller's workspace.
    const bound = compactBound(count, assetCount);
    const memory = this.reserve(records.length + bound + 16);
    memory.set(records, WORK_START);
    const dst = WORK_START + records.length;
    const end = this.exports.compactRecords(WORK_START, count, size, assetCount, dst);
    invariant(end - dst <= bound, "compactRecords: past its bound");
    return memory.slice(dst, end);
  }

  /** The workspace is still the caller's: no other method has used the memory since workspace(). */
  private checkWorkspace(): void {
    invariant(this.workspaceUse === this.uses, "the engine's workspace was overwritten: another of its methods ran");
  }

  /** The module's memory, grown to hold `bytes` after WORK_START. */
  private reserve(bytes: number): Uint8Array {
    this.uses++;
    const needed = WORK_START + bytes;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    if (this.bytes.buffer !== memory.buffer) this.bytes = new Uint8Array(memory.buffer);
    return this.bytes;
  }
}
