import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_ASSETS, writeBenchCsv } from "./bench-csv.js";
import { restartTunables } from "../bin/huge-pages.mjs";
import { compiledLibrary } from "./compiled.js";
import { removeLater } from "./clean-up.js";

/**
 * The environment of a build's child process, so the bench measures the command as an exchange runs it:
 * the one `solvent build` gives itself (bin/huge-pages.mjs, transparent huge pages), and the library
 * compiled to JavaScript, as installed (bench/compiled.ts).
 */
export async function buildChildEnv(): Promise<NodeJS.ProcessEnv> {
  const tunables = restartTunables();
  return {
    ...process.env,
    ...(tunables !== undefined ? { GLIBC_TUNABLES: tunables } : {}),
    SOLVENT_LIB: await compiledLibrary(),
  };
}

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

/**
 * Several builds of one CSV (written once), each in its own child process, one after another. The CSV and
 * the trees are removed when the bench ends, not between builds (bench/clean-up.ts).
 */
export async function measureCsvBuilds(
  accounts: number,
  runs: { groupAccounts?: number | "memory" }[],
): Promise<CsvBuildFigures[]> {
  // Compiled first: its files are then on disk before the CSV is synced, not written back during a build.
  const env = await buildChildEnv();
  const folder = await mkdtemp(join(tmpdir(), "solvent-bench-csv-"));
  removeLater(folder);
  const assets = BENCH_ASSETS;
  const csv = await writeBenchCsv(folder, accounts);
  // The CSV just written (and whatever the benches before deleted) goes to disk now, not during a build.
  execFileSync("sync");
  const { size } = await import("node:fs/promises").then((fs) => fs.stat(csv));
  const figures: CsvBuildFigures[] = [];
  for (const [r, options] of runs.entries()) {
    const output = execFileSync(
      process.execPath,
      [
        "bench/csv-build-child.mjs",
        csv,
        join(folder, `tree-${r}`),
        ...(options.groupAccounts !== undefined ? [String(options.groupAccounts)] : []),
      ],
      { encoding: "utf8", env },
    );
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
}
