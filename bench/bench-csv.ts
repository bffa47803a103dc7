import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { formatAmount } from "../src/io/decimal.js";
import { sampleBalance, seededRandom } from "../scripts/sample-balances.js";

/** The four assets every end-to-end build bench uses. */
export const BENCH_ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
  { symbol: "SOL", decimals: 9 },
];

/**
 * Writes the benches' export of `accounts` rows as `folder`/balances.csv and returns its path. Shaped like a
 * real exchange export, not like a tidy sample: every balance carries its asset's full precision (an ETH
 * balance such as 12.050412098574847899, every digit significant, so amounts run past the 15 digits a
 * double holds), ids are 12-digit user ids with sub-account suffixes and the odd quoted corporate name,
 * and the long tail of sizes (sample-balances.ts) decides the whole units.
 */
export async function writeBenchCsv(folder: string, accounts: number): Promise<string> {
  const csv = join(folder, "balances.csv");
  const temporary = `${csv}.partial`;
  const out = createWriteStream(temporary);
  const random = seededRandom(11);
  out.write(["account", ...BENCH_ASSETS.map((a) => `${a.symbol}:${a.decimals}`)].join(",") + "\n");
  for (let i = 0; i < accounts; i++) {
    const cells = BENCH_ASSETS.map((asset) => formatAmount(fullPrecision(random, asset.decimals), asset.decimals));
    if (!out.write(`${exportId(i)},${cells.join(",")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await rename(temporary, csv);
  return csv;
}

/** A long-tail balance whose digits below the eighth decimal are random too (zero stays zero). */
function fullPrecision(random: () => number, decimals: number): bigint {
  const units = sampleBalance(random, decimals);
  if (units === 0n || decimals <= 8) return units;
  const low = 10 ** (decimals - 8);
  return units + BigInt(Math.floor(random() * low));
}

/** A user id as exchanges export them: 12 digits, some with a sub-account, a few corporate names in quotes. */
function exportId(i: number): string {
  // A multiplier prime to 9 × 10^11 spreads the ids without repeats, and i × it stays below 2^53 up to 10^8 rows.
  const uid = String(100_000_000_000 + ((i * 7_919_111) % 900_000_000_000));
  if (i % 97 === 0) return `"${uid} Trading Ltd, corporate"`;
  return i % 11 === 0 ? `${uid}-sub-${String(i % 100).padStart(2, "0")}` : uid;
}
