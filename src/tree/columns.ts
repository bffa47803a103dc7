import { InputError, type SourceLocation } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import { AMOUNT_BYTES, writeAmount } from "../spec/bytes.js";
import { checkAmount, MAX_AMOUNT } from "../spec/encoding.js";

/**
 * Accounts as a few large buffers instead of an object each: what the scalable builder takes and what a
 * streaming reader can fill directly. Account i (input order) has
 * - its NFC UTF-8 id at `ids[idOffsets[i], idOffsets[i + 1])`,
 * - its salt at `salts[32 i, 32 i + 32)`,
 * - its balances as K consecutive 16-byte big-endian integers at `balances[16 K i, 16 K (i + 1))`
 *   (each below 2^128, so the 16 high bytes of its 32-byte word in the leaf record are zero).
 */
export interface AccountColumns {
  count: number;
  ids: Uint8Array;
  idOffsets: Uint32Array;
  salts: Uint8Array;
  balances: Uint8Array;
}

/** One customer account as the exchange exports it. Balances are base units. */
export interface AccountInput {
  accountId: string;
  balances: readonly bigint[];
  /** 32 bytes; a fresh random salt is drawn when absent. */
  salt?: Uint8Array;
  /** Where the account came from, for error messages (e.g. a file line). */
  location?: SourceLocation;
}

/**
 * Checks account objects (NFC ids, balance counts and ranges, column totals below 2^128, salts) and lays
 * them out as columns, in SharedArrayBuffers with `shared` (worker threads then read them in place).
 * Errors name the account and its location.
 */
export function columnsFromAccounts(
  assets: readonly Asset[],
  accounts: readonly AccountInput[],
  randomSalt: () => Uint8Array,
  options: { shared?: boolean } = {},
): AccountColumns {
  const allocate = (bytes: number) =>
    options.shared ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes);
  if (accounts.length === 0) throw new InputError("there are no accounts: a tree needs at least one");
  const assetCount = assets.length;
  const count = accounts.length;
  const firstSeen = new Map<string, AccountInput>();
  const encoded: Buffer[] = new Array(count);
  const idOffsets = new Uint32Array(allocate(4 * (count + 1)).buffer);
  const salts = allocate(32 * count);
  const balances = allocate(AMOUNT_BYTES * assetCount * count);
  const totals = new Array<bigint>(assetCount).fill(0n);
  accounts.forEach((account, i) => {
    const id = account.accountId.normalize("NFC");
    if (id.length === 0) throw new InputError("an account id is empty", account.location);
    const earlier = firstSeen.get(id);
    if (earlier !== undefined) {
      throw new InputError(
        `account ${JSON.stringify(id)} appears twice (first at ${describe(earlier.location)}); merge its balances into one row`,
        account.location,
      );
    }
    firstSeen.set(id, account);
    if (account.balances.length !== assetCount) {
      throw new InputError(
        `account ${JSON.stringify(id)} has ${account.balances.length} balances but there are ${assetCount} assets`,
        account.location,
      );
    }
    for (let a = 0; a < assetCount; a++) {
      const balance = account.balances[a]!;
      const symbol = assets[a]!.symbol;
      if (balance < 0n || balance > MAX_AMOUNT)
        withLocation(() => checkAmount(balance, `the ${symbol} balance of ${JSON.stringify(id)}`), account.location);
      totals[a]! += balance;
      if (totals[a]! > MAX_AMOUNT) {
        throw new InputError(
          `the ${symbol} total reaches 2^128 base units at account ${JSON.stringify(id)}; amounts this large cannot be attested`,
          account.location,
        );
      }
      writeAmount(balances, AMOUNT_BYTES * (assetCount * i + a), balance);
    }
    const salt = account.salt ?? randomSalt();
    if (salt.length !== 32) throw new InputError(`a salt must be 32 bytes, got ${salt.length}`, account.location);
    salts.set(salt, 32 * i);
    encoded[i] = Buffer.from(id, "utf8");
    idOffsets[i + 1] = idOffsets[i]! + encoded[i]!.length;
  });
  const ids = allocate(idOffsets[count]!);
  encoded.forEach((id, i) => ids.set(id, idOffsets[i]!));
  return { count, ids, idOffsets, salts, balances };
}

/** The id of account i as a string. */
export function idOf(columns: AccountColumns, i: number): string {
  return Buffer.from(
    columns.ids.buffer,
    columns.ids.byteOffset + columns.idOffsets[i]!,
    columns.idOffsets[i + 1]! - columns.idOffsets[i]!,
  ).toString("utf8");
}

function describe(location: SourceLocation | undefined): string {
  if (location === undefined) return "an earlier entry";
  if (location.line !== undefined) return `${location.file ?? "line"}${location.file ? ":" : " "}${location.line}`;
  return location.file ?? "an earlier entry";
}

function withLocation(check: () => void, location: SourceLocation | undefined): void {
  try {
    check();
  } catch (error) {
    if (error instanceof InputError && location !== undefined) throw new InputError(error.message, location);
    throw error;
  }
}
