import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { parse } from "csv-parse";
import { InputError } from "../errors.js";
import { MAX_ASSETS, MAX_DECIMALS, type Asset } from "../spec/assets.js";
import { MAX_AMOUNT } from "../spec/encoding.js";
import type { AccountInput } from "../tree/build.js";
import { parseDisplayAmount } from "./decimal.js";

/** A parsed balances export: assets from the header, one account per row, and the file's hash. */
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

const ASSET_COLUMN = /^([\x21-\x39\x3b-\x7e]{1,31}):([0-9]{1,2})$/;
const SALT = /^0x[0-9a-fA-F]{64}$/;

/**
 * Streams a balances CSV: header `account[,salt],SYMBOL:DECIMALS,…`, then one row per account with amounts
 * in display units. Every problem is an InputError naming file, line and column and what to do.
 */
export async function readBalancesCsv(file: string, options: ParseOptions = {}): Promise<BalancesFile> {
  const size = await stat(file).then(
    (s) => s.size,
    (error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot read the balances file (${error.code ?? error.message})`, { file });
    },
  );
  if (size === 0) throw new InputError("the file is empty; expected a header like account,BTC:8,ETH:18", { file, line: 1 });

  const hash = createHash("sha256");
  let bytesRead = 0;
  const source = createReadStream(file);
  source.on("data", (chunk) => {
    hash.update(chunk as Buffer);
    bytesRead += (chunk as Buffer).length;
  });
  const parser = source.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }),
  );

  let header: Header | undefined;
  const accounts: AccountInput[] = [];
  const totals: bigint[] = [];
  const seen = new Map<string, number>();
  const progressEvery = options.progressEvery ?? 100_000;

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (header === undefined) {
        header = parseHeader(record, file, line);
        header.assets.forEach(() => totals.push(0n));
        continue;
      }
      const expected = header.assets.length + header.firstAsset;
      if (record.length !== expected) {
        throw new InputError(`this row has ${record.length} columns but the header has ${expected}; check for a missing or extra comma, or quote names that contain commas`, { file, line });
      }
      const accountId = record[0]!.trim().normalize("NFC");
      if (accountId === "") throw new InputError("the account cell is empty; every row needs an account id", { file, line, column: 1 });
      const earlier = seen.get(accountId);
      if (earlier !== undefined) {
        throw new InputError(`account ${JSON.stringify(accountId)} appears twice, on lines ${earlier} and ${line}; merge them into one row`, { file, line, column: 1 });
      }
      seen.set(accountId, line);

      let salt: Uint8Array | undefined;
      if (header.firstAsset === 2) {
        const text = record[1]!;
        if (!SALT.test(text)) {
          throw new InputError(`the salt ${JSON.stringify(text)} is not 0x followed by 64 hex digits (32 bytes); fix it or drop the salt column to draw fresh salts`, { file, line, column: 2 });
        }
        salt = Uint8Array.from(Buffer.from(text.slice(2), "hex"));
      }

      const balances = header.assets.map((asset, a) => {
        const column = header!.firstAsset + a + 1;
        const cell = record[column - 1]!;
        const units = parseDisplayAmount(cell, asset.decimals, asset.symbol, { file, line, column });
        totals[a]! += units;
        if (totals[a]! > MAX_AMOUNT) {
          throw new InputError(`${asset.symbol}: the column total reaches 2^128 base units at this row; amounts this large cannot be attested`, { file, line, column });
        }
        return units;
      });
      accounts.push({ accountId, balances, ...(salt ? { salt } : {}), location: { file, line } });
      if (options.onProgress && accounts.length % progressEvery === 0) options.onProgress(accounts.length, bytesRead);
    }
  } catch (error) {
    source.destroy();
    if (error instanceof InputError) throw error;
    const csvError = error as Error & { lines?: number; code?: string };
    if (csvError.code?.startsWith("CSV_")) {
      throw new InputError(`malformed CSV (${csvError.message}); check the quoting on this line`, { file, ...(csvError.lines ? { line: csvError.lines } : {}) });
    }
    throw error;
  }
  if (header === undefined) throw new InputError("the file has no header; expected a header like account,BTC:8,ETH:18", { file, line: 1 });
  if (accounts.length === 0) throw new InputError("the file has a header but no accounts", { file, line: 2 });
  options.onProgress?.(accounts.length, bytesRead);
  return { assets: header.assets, accounts, hasSaltColumn: header.firstAsset === 2, sha256: hash.digest("hex"), bytes: bytesRead };
}

interface Header {
  assets: Asset[];
  /** Index of the first asset column: 1 without a salt column, 2 with one. */
  firstAsset: number;
}

function parseHeader(cells: string[], file: string, line: number): Header {
  const names = cells.map((cell) => cell.trim());
  if (names[0] !== "account") {
    throw new InputError(`the header must start with "account", found ${JSON.stringify(cells[0] ?? "")}; expected e.g. account,BTC:8,ETH:18`, { file, line, column: 1 });
  }
  const firstAsset = names[1] === "salt" ? 2 : 1;
  const assets: Asset[] = [];
  const columns = new Map<string, number>();
  for (let column = firstAsset + 1; column <= names.length; column++) {
    const name = names[column - 1]!;
    const match = ASSET_COLUMN.exec(name);
    if (!match || Number(match[2]) > MAX_DECIMALS) {
      throw new InputError(`header column ${JSON.stringify(name)} is not SYMBOL:DECIMALS (symbol of 1-31 ASCII characters without spaces or colons, decimals 0-${MAX_DECIMALS}), e.g. BTC:8`, { file, line, column });
    }
    const symbol = match[1]!;
    const earlier = columns.get(symbol);
    if (earlier !== undefined) {
      throw new InputError(`asset ${symbol} has two columns (${earlier} and ${column}); keep one`, { file, line, column });
    }
    columns.set(symbol, column);
    assets.push({ symbol, decimals: Number(match[2]) });
  }
  if (assets.length === 0) throw new InputError("the header names no asset columns; add columns like BTC:8", { file, line });
  if (assets.length > MAX_ASSETS) throw new InputError(`the header names ${assets.length} assets; at most ${MAX_ASSETS} are supported`, { file, line });
  return { assets, firstAsset };
}
