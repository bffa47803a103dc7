/**
 * npm run bench -- --huge [--accounts N]: the opt-in 10^8 run. Writes a long-tail 4-asset CSV of N accounts
 * (default 100,000,000) under the system's temporary folder, runs 'solvent build' on it in its own process
 * (the bounded build) while sampling the disk, looks proofs up in the store, and deletes everything. Reports
 * time per phase, peak memory, disk (CSV, peak of temporary files, store) and lookup times.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, stat, statfs, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBenchCsv } from "./bench-csv.js";
import { buildChildEnv } from "./csv-build.js";
import { runChild } from "./throughput.js";

export interface HugeFigures {
  accounts: number;
  csvGigabytes: number;
  csvSeconds: number;
  seconds: number;
  stages: Record<string, number>;
  peakRssMb: number;
  /** Disk in use beyond the CSV at the build's fullest (buckets and store), and the store at the end. */
  peakExtraDiskGigabytes: number;
  storeGigabytes: number;
  lookups: number;
  lookupMedianMs: number;
  lookupP99Ms: number;
  lookupMaxMs: number;
  targets: { seconds: number; peakRssMb: number };
  met: boolean;
}

const gigabytes = (bytes: number) => Number((bytes / 2 ** 30).toFixed(2));

export async function measureHuge(accounts: number, say: (text: string) => void): Promise<HugeFigures> {
  const folder = await mkdtemp(join(tmpdir(), "solvent-bench-huge-"));
  try {
    say(`  writing a CSV of ${accounts.toLocaleString("en-US")} accounts …`);
    let started = performance.now();
    const csv = await writeBenchCsv(folder, accounts);
    const csvSeconds = (performance.now() - started) / 1000;
    const csvBytes = (await stat(csv)).size;
    const free = async () => {
      const info = await statfs(folder);
      return info.bavail * info.bsize;
    };
    const freeBefore = await free();
    let leastFree = freeBefore;
    say("  building (bounded) …");
    const out = join(folder, "tree");
    started = performance.now();
    const child = spawn(process.execPath, ["bench/csv-build-child.mjs", csv, out], {
      stdio: ["ignore", "pipe", "inherit"],
      env: await buildChildEnv(),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const sampler = setInterval(() => {
      void free().then((bytes) => (leastFree = Math.min(leastFree, bytes)));
    }, 1000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearInterval(sampler);
    if (code !== 0) throw new Error(`the build failed (exit ${code})`);
    const built = JSON.parse(output) as { seconds: number; stages: Record<string, number>; peakRssMb: number };
    const storeBytes =
      Number(execFileSync("du", ["-sk", join(out, "store")], { encoding: "utf8" }).split("\t")[0]) * 1024;
    say("  lookups …");
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as Record<string, unknown>;
    const ids = Array.from({ length: 300 }, (_, i) => {
      const n = Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * accounts);
      return n % 97 === 0 ? `customer ${n}, corporate` : `customer-${String(n).padStart(6, "0")}`;
    });
    execFileSync("sync");
    const times = (runChild("lookups", { folder: out, facts: summary, ids }) as { times: number[] }).times.sort(
      (a, b) => a - b,
    );
    const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
    return {
      accounts,
      csvGigabytes: gigabytes(csvBytes),
      csvSeconds: Number(csvSeconds.toFixed(1)),
      seconds: Number(built.seconds.toFixed(1)),
      stages: Object.fromEntries(Object.entries(built.stages).map(([k, v]) => [k, Number(v.toFixed(1))])),
      peakRssMb: built.peakRssMb,
      peakExtraDiskGigabytes: gigabytes(freeBefore - leastFree),
      storeGigabytes: gigabytes(storeBytes),
      lookups: times.length,
      lookupMedianMs: at(0.5),
      lookupP99Ms: at(0.99),
      lookupMaxMs: at(1),
      targets: { seconds: 1200, peakRssMb: 4096 },
      met: built.seconds <= 1200 && built.peakRssMb <= 4096,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
