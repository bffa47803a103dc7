import { execFileSync } from "node:child_process";
import type { Asset } from "../src/spec/assets.js";
import { removeLater } from "./clean-up.js";
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
 * Writes every proof of a 4-asset tree into the store in one child process; then, in another that holds
 * nothing else (as a proof server would), looks random accounts up one at a time after twenty warm-up
 * lookups and after the kernel has written the new files out. The store is removed when the bench ends
 * (bench/clean-up.ts).
 */
export async function measureProofStore(accounts: number, lookups: number): Promise<StoreFigures> {
  const child = runChild("store", { accounts, assets: FOUR_ASSETS, lookups }) as {
    writeSeconds: number;
    storeMegabytes: number;
    folder: string;
    facts: object;
    ids: string[];
  };
  removeLater(child.folder);
  execFileSync("sync");
  const times = (
    runChild("lookups", { folder: child.folder, facts: child.facts, ids: child.ids }) as { times: number[] }
  ).times.sort((a, b) => a - b);
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
