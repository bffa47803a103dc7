import { InputError } from "../errors.js";
import { KeccakEngine } from "./keccak-batch.js";

/** A 0x-prefixed lowercase hex string. */
export type Hex = `0x${string}`;

export const WORD_BYTES = 32;

// One WebAssembly keccak engine per thread, reused. Calls are synchronous, so they never interleave.
let engine: KeccakEngine | undefined;

/** The thread's keccak engine, for batched hashing. */
export function keccakEngine(): KeccakEngine {
  engine ??= new KeccakEngine();
  return engine;
}

/** keccak256 over raw bytes: no ABI encoder on the hot path. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccakEngine().keccak(data);
}

// Hex and UTF-8 without Node's Buffer: the verifier page runs this code in a browser.
const HEX_DIGITS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

export function toHex(bytes: Uint8Array): Hex {
  let hex = "0x";
  for (let i = 0; i < bytes.length; i++) hex += HEX_DIGITS[bytes[i]!];
  return hex as Hex;
}

/** Bytes of an even-length string of hex digits (no 0x), already checked by the caller. */
function hexDigitsToBytes(digits: string): Uint8Array {
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** The string UTF-8 bytes encode. */
export function utf8Text(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Parses `0x` + exactly `byteLength * 2` hex digits (either case). */
export function fromHex(text: string, byteLength: number, what: string): Uint8Array {
  const pattern = new RegExp(`^0x[0-9a-fA-F]{${byteLength * 2}}$`);
  if (!pattern.test(text)) {
    throw new InputError(`${what} must be 0x followed by ${byteLength * 2} hex digits, got ${JSON.stringify(text)}`);
  }
  return hexDigitsToBytes(text.slice(2));
}

/** Bytes of an amount in account columns: amounts are below 2^128. */
export const AMOUNT_BYTES = 16;

/** Writes an amount (0 <= value < 2^128) as 16 big-endian bytes at `offset`. */
export function writeAmount(target: Uint8Array, offset: number, value: bigint): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, AMOUNT_BYTES);
  view.setBigUint64(0, value >> 64n);
  view.setBigUint64(8, value & 0xffff_ffff_ffff_ffffn);
}

/** Reads 16 big-endian bytes at `offset` as an amount. */
export function readAmount(source: Uint8Array, offset: number): bigint {
  const view = new DataView(source.buffer, source.byteOffset + offset, AMOUNT_BYTES);
  return (view.getBigUint64(0) << 64n) | view.getBigUint64(8);
}

/** Writes `value` (0 <= value < 2^256) as a 32-byte big-endian word at `offset`. */
export function writeWord(target: Uint8Array, offset: number, value: bigint): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, WORD_BYTES);
  for (let i = 3; i >= 0; i--) {
    view.setBigUint64(i * 8, value & 0xffff_ffff_ffff_ffffn);
    value >>= 64n;
  }
}

/** Reads a 32-byte big-endian word at `offset`. */
export function readWord(source: Uint8Array, offset: number): bigint {
  const view = new DataView(source.buffer, source.byteOffset + offset, WORD_BYTES);
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 64n) | view.getBigUint64(i * 8);
  return value;
}

/**
 * Reads the K sums of a record (hash ‖ sums) at `offset`. Tree sums are below 2^128, so each is read as two
 * 64-bit halves from one view; a set upper half means a corrupt record and falls back to a full read.
 */
export function readSums(record: Uint8Array, offset: number, count: number): bigint[] {
  const view = new DataView(record.buffer, record.byteOffset + offset, WORD_BYTES * (count + 1));
  const sums = new Array<bigint>(count);
  for (let a = 0; a < count; a++) {
    const word = WORD_BYTES * (a + 1);
    const upperIsZero =
      view.getUint32(word) === 0 &&
      view.getUint32(word + 4) === 0 &&
      view.getUint32(word + 8) === 0 &&
      view.getUint32(word + 12) === 0;
    sums[a] = upperIsZero
      ? (view.getBigUint64(word + 16) << 64n) | view.getBigUint64(word + 24)
      : readWord(record, offset + word);
  }
  return sums;
}

/** Byte-wise comparison, which is numeric order for equal-length big-endian words. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
