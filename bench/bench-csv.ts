import { join } from "node:path";
import { writeSampleBalancesCsv } from "../scripts/sample-balances.js";

/** The four assets every end-to-end build bench uses. */
export const BENCH_ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
  { symbol: "SOL", decimals: 9 },
];

/** Writes the benches' long-tail export of `accounts` rows as `folder`/balances.csv and returns its path. */
export async function writeBenchCsv(folder: string, accounts: number): Promise<string> {
  const csv = join(folder, "balances.csv");
  await writeSampleBalancesCsv(csv, { accounts, assets: BENCH_ASSETS, seed: 11 });
  return csv;
}
