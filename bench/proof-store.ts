import type { Asset } from "../src/spec/assets.js";
import { runChild } from "./throughput.js";

const FOUR_ASSETS: Asset[] = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
  { symbol: "SOL", decimals: 9 },
];

export interface StoreFigures {
  accounts: number;
  assets: number;
  writeSeconds: number;
  proofsPerSecond: number;
  storeMegabytes: number;
  lookups: number;
  lookupMedianMs: number;
  lookupP99Ms: number;
  lookupMaxMs: number;
}

/**
 * Writes every proof of a 4-asset tree into the store, then looks random accounts up one at a time
 * (after twenty warm-up lookups, as in a running proof server), in a child process.
 */
export async function measureProofStore(accounts: number, lookups: number): Promise<StoreFigures> {
  const child = runChild("store", { accounts, assets: FOUR_ASSETS, lookups }) as { writeSeconds: number; storeMegabytes: number; times: number[] };
  const times = child.times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
  return {
    accounts,
    assets: FOUR_ASSETS.length,
    writeSeconds: Number(child.writeSeconds.toFixed(2)),
    proofsPerSecond: Math.round(accounts / child.writeSeconds),
    storeMegabytes: Math.round(child.storeMegabytes),
    lookups,
    lookupMedianMs: at(0.5),
    lookupP99Ms: at(0.99),
    lookupMaxMs: at(1),
  };
}
