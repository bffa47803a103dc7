/**
 * Measurements that must not share a heap with the rest of the bench (its garbage collector's pauses
 * would be measured too): node --import tsx bench/child.ts <build|store> <json arguments>; prints JSON.
 */
import { availableParallelism, tmpdir } from "node:os";
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { readProofFromStore } from "../src/store/proof-store.js";
import { writeProofStore } from "../test/helpers/reference-store.js";
import { seededRandom } from "../scripts/sample-balances.js";
import type { Asset } from "../src/spec/assets.js";
import { buildTree } from "../src/tree/build.js";
import { idOf } from "../src/tree/columns.js";
import { HashPool } from "../src/store/hash-pool.js";
import { sampleColumns } from "./sample-accounts.js";

const [task, json] = process.argv.slice(2);

if (task === "lookups") {
  // A process that only serves proofs, as a proof server would: no tree in memory.
  const args = JSON.parse(json!) as {
    folder: string;
    facts: { assets: Asset[]; leafCount: number; depth: number; root: string; totals: string[] };
    ids: string[];
  };
  const facts = { ...args.facts, totals: args.facts.totals.map(BigInt) };
  for (const id of args.ids.slice(0, 20)) await readProofFromStore(args.folder, id, facts); // warm up
  const times: number[] = [];
  for (const id of args.ids) {
    const started = performance.now();
    await readProofFromStore(args.folder, id, facts);
    times.push(performance.now() - started);
  }
  console.log(JSON.stringify({ times }));
  process.exit(0);
}

const args = JSON.parse(json!) as { accounts: number; assets: Asset[]; lookups?: number };
const pool = HashPool.start(availableParallelism());
try {
  // Warm up the threads' compiled code on a smaller tree first, as a long build would be.
  await buildTree(args.assets, sampleColumns(Math.min(args.accounts, 200_000), args.assets, 7), { pool });
  await buildTree(args.assets, sampleColumns(Math.min(args.accounts, 200_000), args.assets, 8), { pool });
  const columns = sampleColumns(args.accounts, args.assets);
  const started = performance.now();
  const tree = await buildTree(args.assets, columns, { pool });
  const buildSeconds = (performance.now() - started) / 1000;
  if (task === "build") {
    console.log(JSON.stringify({ buildSeconds, threads: pool.size }));
  } else {
    // "store": writes the store into a folder the caller removes, and names accounts to look up.
    const folder = await mkdtemp(join(tmpdir(), "solvent-bench-store-"));
    const writeStarted = performance.now();
    await writeProofStore(folder, tree);
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const storeMegabytes =
      Number(execFileSync("du", ["-sk", join(folder, "store")], { encoding: "utf8" }).split("\t")[0]) / 1024;
    const random = seededRandom(5);
    const ids = Array.from({ length: args.lookups ?? 100 }, () =>
      idOf(tree.columns, Math.floor(random() * args.accounts)),
    );
    const facts = {
      assets: tree.assets,
      leafCount: tree.leafCount,
      depth: tree.depth,
      root: tree.root,
      totals: tree.totals.map(String),
    };
    console.log(JSON.stringify({ buildSeconds, writeSeconds, storeMegabytes, folder, facts, ids }));
  }
} finally {
  await pool.close();
}
