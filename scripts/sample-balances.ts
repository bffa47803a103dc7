import { createWriteStream } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import type { Asset } from "../src/spec/assets.js";
import { formatAmount } from "../src/io/decimal.js";

/** A small deterministic PRNG (mulberry32), so a seed gives the same sample file every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Long-tail balance in base units: about a fifth are zero, most are small, a few are whales
 * (log-uniform over 10^-4 .. 10^2.5 whole units, with an occasional 10^4).
 */
export function sampleBalance(random: () => number, decimals: number): bigint {
  if (random() < 0.2) return 0n;
  const exponent = random() < 0.005 ? 4 : -4 + random() * 6.5;
  const units = 10 ** exponent * 10 ** Math.min(decimals, 8);
  return BigInt(Math.max(1, Math.floor(units))) * 10n ** BigInt(Math.max(0, decimals - 8));
}

export interface SampleOptions {
  accounts: number;
  assets: Asset[];
  seed: number;
  /** Changes every balance a little, for a later epoch of the same exchange. */
  epoch?: number;
}

/** Writes a realistic balances CSV (header account,SYMBOL:DECIMALS,…) atomically. */
export async function writeSampleBalancesCsv(path: string, options: SampleOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.partial`;
  const out = createWriteStream(temporary);
  const random = seededRandom(options.seed + (options.epoch ?? 0) * 7919);
  out.write(["account", ...options.assets.map((a) => `${a.symbol}:${a.decimals}`)].join(",") + "\n");
  for (let i = 0; i < options.accounts; i++) {
    const cells = options.assets.map((asset) => formatAmount(sampleBalance(random, asset.decimals), asset.decimals));
    const id = i % 97 === 0 ? `"customer ${i}, corporate"` : `customer-${String(i).padStart(6, "0")}`;
    if (!out.write(`${id},${cells.join(",")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await rename(temporary, path);
}
