import { InputError } from "../errors.js";
import { toHex, type Hex } from "./bytes.js";

/** An asset as the spec defines it: a short ASCII symbol and its number of decimals. */
export interface Asset {
  symbol: string;
  decimals: number;
}

export const MAX_ASSETS = 64;
export const MAX_DECIMALS = 36;
const SYMBOL_PATTERN = /^[\x21-\x7e]{1,31}$/;

/** Throws an InputError unless the list is one the registry would accept. */
export function validateAssets(assets: readonly Asset[]): void {
  if (assets.length < 1 || assets.length > MAX_ASSETS) {
    throw new InputError(`an asset list needs 1 to ${MAX_ASSETS} assets, got ${assets.length}`);
  }
  const seen = new Set<string>();
  for (const { symbol, decimals } of assets) {
    if (!SYMBOL_PATTERN.test(symbol)) {
      throw new InputError(
        `asset symbol ${JSON.stringify(symbol)} must be 1 to 31 printable ASCII characters without spaces`,
      );
    }
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
      throw new InputError(`asset ${symbol}: decimals must be a whole number from 0 to ${MAX_DECIMALS}, got ${decimals}`);
    }
    if (seen.has(symbol)) throw new InputError(`asset ${symbol} is listed twice`);
    seen.add(symbol);
  }
}

/** The on-chain form of a symbol: its ASCII bytes right-padded with zeros to 32 bytes. */
export function symbolToBytes32(symbol: string): Hex {
  if (!SYMBOL_PATTERN.test(symbol)) throw new InputError(`invalid asset symbol ${JSON.stringify(symbol)}`);
  const word = new Uint8Array(32);
  word.set(Buffer.from(symbol, "ascii"));
  return toHex(word);
}

/** Inverse of symbolToBytes32. */
export function bytes32ToSymbol(word: string): string {
  const bytes = Buffer.from(word.slice(2), "hex");
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString("ascii");
}
