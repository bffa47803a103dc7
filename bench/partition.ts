import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBenchCsv } from "./bench-csv.js";
import { removeLater } from "./clean-up.js";
import { buildChildEnv } from "./csv-build.js";

export interface PartitionFigures {
  accounts: number;
  parts: number;
  /** Each part's build, one after another on this machine (on a cluster they run at once). */
  partSeconds: number[];
  partPeakRssMb: number[];
  joinSeconds: number;
  joinPeakRssMb: number;
}

const run = (env: NodeJS.ProcessEnv, args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, ["bench/partition-child.mjs", ...args], {
      encoding: "utf8",
      env,
    }),
  ) as { seconds: number; peakRssMb: number };

/** `solvent build --partition i/n` for every part of a 4-asset export, then `solvent join`. */
export async function measurePartition(accounts: number, parts: number): Promise<PartitionFigures> {
  const folder = await mkdtemp(join(tmpdir(), "solvent-bench-part-"));
  removeLater(folder);
  const csv = await writeBenchCsv(folder, accounts);
  const secret = join(folder, "build.secret");
  await writeFile(secret, `${"7e".repeat(32)}\n`, { mode: 0o600 });
  const partFolders = Array.from({ length: parts }, (_, i) => join(folder, `part-${i}`));
  const env = await buildChildEnv();
  const built = partFolders.map((out, i) => run(env, ["part", csv, out, secret, String(i), String(parts)]));
  const joined = run(env, ["join", join(folder, "tree"), ...partFolders]);
  const round = (x: number) => Number(x.toFixed(2));
  return {
    accounts,
    parts,
    partSeconds: built.map((b) => round(b.seconds)),
    partPeakRssMb: built.map((b) => b.peakRssMb),
    joinSeconds: round(joined.seconds),
    joinPeakRssMb: joined.peakRssMb,
  };
}
