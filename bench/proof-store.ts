import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProofFromStore, writeProofStore } from "../src/io/proof-store.js";
import type { Asset } from "../src/spec/assets.js";
import { buildColumnTreeParallel } from "../src/tree/build-columns.js";
import { idOf } from "../src/tree/columns.js";
import type { HashPool } from "../src/tree/hash-pool.js";
import { seededRandom } from "../src/ops/sample-balances.js";
import { sampleAccounts, sampleColumns } from "./sample-accounts.js";

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
  lookupMaxMs: number;
}

/** Writes every proof of a 4-asset tree into the store, then looks random accounts up one at a time. */
export async function measureProofStore(pool: HashPool, accounts: number, lookups: number): Promise<StoreFigures> {
  const tree = await buildColumnTreeParallel(FOUR_ASSETS, sampleColumns(sampleAccounts(accounts, FOUR_ASSETS), FOUR_ASSETS), pool);
  const folder = await mkdtemp(join(tmpdir(), "solvent-bench-store-"));
  try {
    const started = performance.now();
    await writeProofStore(folder, tree);
    const writeSeconds = (performance.now() - started) / 1000;
    const { execFileSync } = await import("node:child_process");
    const storeMegabytes = Number(execFileSync("du", ["-sk", join(folder, "store")], { encoding: "utf8" }).split("\t")[0]) / 1024;
    const random = seededRandom(5);
    // Five lookups first, so compiled code is warm as in a running proof server; a one-shot
    // 'solvent proof' process pays its start-up instead (measured in the README's figures).
    for (let i = 0; i < 5; i++) await readProofFromStore(folder, idOf(tree.columns, i), tree);
    const times: number[] = [];
    for (let i = 0; i < lookups; i++) {
      const id = idOf(tree.columns, Math.floor(random() * accounts));
      const lookupStarted = performance.now();
      await readProofFromStore(folder, id, tree);
      times.push(performance.now() - lookupStarted);
    }
    times.sort((a, b) => a - b);
    return {
      accounts,
      assets: FOUR_ASSETS.length,
      writeSeconds,
      proofsPerSecond: Math.round(accounts / writeSeconds),
      storeMegabytes: Math.round(storeMegabytes),
      lookups,
      lookupMedianMs: Number(times[Math.floor(times.length / 2)]!.toFixed(2)),
      lookupMaxMs: Number(times[times.length - 1]!.toFixed(2)),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
