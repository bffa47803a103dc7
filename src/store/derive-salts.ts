import { keccakEngine } from "../spec/bytes.js";
import type { AccountColumns } from "../tree/columns.js";
import { deriveSalts } from "../tree/derived-salts.js";
import type { HashPool } from "./hash-pool.js";

/**
 * Replaces the secret in every salt slot of `columns` by the account's derived salt, on the pool's
 * threads when given (the columns must then be shared memory, as the CSV reader makes them).
 */
export async function deriveColumnSalts(columns: AccountColumns, pool?: HashPool): Promise<void> {
  if (!pool) return deriveSalts(keccakEngine(), columns, 0, columns.count);
  await pool.runSlices(columns.count, (first, end) => pool.run({ kind: "salts", columns, first, end }));
}
