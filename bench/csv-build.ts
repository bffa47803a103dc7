import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_ASSETS, writeBenchCsv } from "./bench-csv.js";

export interface CsvBuildFigures {
  accounts: number;
  assets: number;
  csvMegabytes: number;
  seconds: number;
  accountsPerSecond: number;
  /** When each stage began, seconds from the start: parse, hash, write (the proof store). */
  stages: Record<string, number>;
  peakRssMb: number;
}

/** Several builds of one CSV (written once), each in its own child process, one after another. */
export async function measureCsvBuilds(
  accounts: number,
  runs: { groupAccounts?: number | "memory" }[],
): Promise<CsvBuildFigures[]> {
  const folder = await mkdtemp(join(tmpdir(), "solvent-bench-csv-"));
  try {
    const assets = BENCH_ASSETS;
    const csv = await writeBenchCsv(folder, accounts);
    const { size } = await import("node:fs/promises").then((fs) => fs.stat(csv));
    const figures: CsvBuildFigures[] = [];
    for (const [r, options] of runs.entries()) {
      const output = execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "bench/csv-build-child.ts",
          csv,
          join(folder, `tree-${r}`),
          ...(options.groupAccounts !== undefined ? [String(options.groupAccounts)] : []),
        ],
        { encoding: "utf8" },
      );
      await rm(join(folder, `tree-${r}`), { recursive: true, force: true });
      const child = JSON.parse(output) as { seconds: number; stages: Record<string, number>; peakRssMb: number };
      figures.push({
        accounts,
        assets: assets.length,
        csvMegabytes: Math.round(size / 2 ** 20),
        seconds: Number(child.seconds.toFixed(2)),
        accountsPerSecond: Math.round(accounts / child.seconds),
        stages: Object.fromEntries(Object.entries(child.stages).map(([k, v]) => [k, Number(v.toFixed(2))])),
        peakRssMb: child.peakRssMb,
      });
    }
    return figures;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
