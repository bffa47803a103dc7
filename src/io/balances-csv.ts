import type { Asset } from "../spec/assets.js";
import { AMOUNT_BYTES, readAmount } from "../spec/bytes.js";
import { idOf, type AccountInput } from "../tree/columns.js";
import { readBalancesColumns } from "./balances-columns.js";

/** A parsed balances export as account objects: for library users and small files. */
export interface BalancesFile {
  assets: Asset[];
  accounts: AccountInput[];
  hasSaltColumn: boolean;
  /** sha256 of the file's bytes, recorded in summary.json so anyone can tie a tree to its input. */
  sha256: string;
  bytes: number;
}

export interface ParseOptions {
  /** Called every `progressEvery` rows with the rows and bytes read so far. */
  onProgress?: (rows: number, bytesRead: number) => void;
  progressEvery?: number;
}

const NO_SALT = new Uint8Array(32);

/**
 * Reads a balances CSV (header `account[,salt],SYMBOL:DECIMALS,…`, amounts in display units) into account
 * objects; readBalancesColumns does the work and the checks. Rows without a salt column get no salt, so
 * the tree builder draws fresh ones.
 */
export async function readBalancesCsv(file: string, options: ParseOptions = {}): Promise<BalancesFile> {
  const read = await readBalancesColumns(file, { ...options, randomSalt: () => NO_SALT });
  const { columns, lines, assets } = read;
  const accounts = Array.from({ length: columns.count }, (_, i): AccountInput => ({
    accountId: idOf(columns, i),
    balances: assets.map((_, a) => readAmount(columns.balances, AMOUNT_BYTES * (assets.length * i + a))),
    ...(read.hasSaltColumn ? { salt: columns.salts.slice(32 * i, 32 * i + 32) } : {}),
    location: { file, line: lines[i]! },
  }));
  return { assets, accounts, hasSaltColumn: read.hasSaltColumn, sha256: read.sha256, bytes: read.bytes };
}
