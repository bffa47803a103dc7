/**
 * Measurements that must not share a heap with the rest of the bench (its garbage collector's pauses
 * would be measured too): node --import tsx bench/child.ts <build|store> <json arguments>; prints JSON.
 */
import { availableParallelism, tmpdir } from "node:os";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { readProofFromStore, writeProofStore } from "../src/io/proof-store.js";
import { seededRandom } from "../src/ops/sample-balances.js";
import type { Asset } from "../src/spec/assets.js";
import { buildColumnTreeParallel } from "../src/tree/build-columns.js";
import { idOf } from "../src/tree/columns.js";
import { HashPool } from "../src/tree/hash-pool.js";
import { sampleColumns } from "./sample-accounts.js";

const [task, json] = process.argv.slice(2);
const args = JSON.parse(json!) as { accounts: number; assets: Asset[]; lookups?: number };
const pool = HashPool.start(availableParallelism());
try {
  // Warm up the threads' compiled code on a smaller tree first, as a long build would be.
  await buildColumnTreeParallel(args.assets, sampleColumns(Math.min(args.accounts, 200_000), args.assets, 7), pool);
  await buildColumnTreeParallel(args.assets, sampleColumns(Math.min(args.accounts, 200_000), args.assets, 8), pool);
  const columns = sampleColumns(args.accounts, args.assets);
  let started = performance.now();
  const tree = await buildColumnTreeParallel(args.assets, columns, pool);
  const buildSeconds = (performance.now() - started) / 1000;
  if (task === "build") {
    console.log(JSON.stringify({ buildSeconds, threads: pool.size }));
  } else {
    const folder = await mkdtemp(join(tmpdir(), "solvent-bench-store-"));
    try {
      started = performance.now();
      await writeProofStore(folder, tree);
      const writeSeconds = (performance.now() - started) / 1000;
      const storeMegabytes = Number(execFileSync("du", ["-sk", join(folder, "store")], { encoding: "utf8" }).split("\t")[0]) / 1024;
      const random = seededRandom(5);
      for (let i = 0; i < 20; i++) await readProofFromStore(folder, idOf(tree.columns, i), tree); // warm up
      const times: number[] = [];
      for (let i = 0; i < (args.lookups ?? 100); i++) {
        const id = idOf(tree.columns, Math.floor(random() * args.accounts));
        const lookupStarted = performance.now();
        await readProofFromStore(folder, id, tree);
        times.push(performance.now() - lookupStarted);
      }
      console.log(JSON.stringify({ buildSeconds, writeSeconds, storeMegabytes, times }));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
} finally {
  await pool.close();
}
