import { InputError } from "../errors.js";
import { fromHex, toHex, utf8Bytes, utf8Text, type Hex } from "./bytes.js";

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
      throw new InputError(
        `asset ${symbol}: decimals must be a whole number from 0 to ${MAX_DECIMALS}, got ${decimals}`,
      );
    }
    if (seen.has(symbol)) throw new InputError(`asset ${symbol} is listed twice`);
    seen.add(symbol);
  }
}

const ASSET_NOTATION = /^([\x21-\x39\x3b-\x7e]{1,31}):([0-9]{1,2})$/;

/**
 * Parses the `SYMBOL:DECIMALS` notation (e.g. `BTC:8`) of balances CSV headers and `--assets` options: the one
 * parser of it. Returns undefined when `text` is not in the notation, so each caller can say where it was.
 */
export function parseAssetNotation(text: string): Asset | undefined {
  const match = ASSET_NOTATION.exec(text);
  if (!match || Number(match[2]) > MAX_DECIMALS) return undefined;
  return { symbol: match[1]!, decimals: Number(match[2]) };
}

/** What the notation is, for error messages. */
export const ASSET_NOTATION_HELP = `SYMBOL:DECIMALS (a symbol of 1-31 ASCII characters without spaces or colons, decimals 0-${MAX_DECIMALS}), e.g. BTC:8`;

/** The on-chain form of a symbol: its ASCII bytes right-padded with zeros to 32 bytes. */
export function symbolToBytes32(symbol: string): Hex {
  if (!SYMBOL_PATTERN.test(symbol)) throw new InputError(`invalid asset symbol ${JSON.stringify(symbol)}`);
  const word = new Uint8Array(32);
  word.set(utf8Bytes(symbol)); // the pattern allows ASCII only
  return toHex(word);
}

/** Inverse of symbolToBytes32. */
export function bytes32ToSymbol(word: string): string {
  const bytes = fromHex(word, 32, "asset symbol");
  const end = bytes.indexOf(0);
  return utf8Text(bytes.subarray(0, end === -1 ? bytes.length : end));
}
