/** Runs one `solvent build` in its own process, so its peak memory is its own; prints JSON figures. */
import { libraryModule } from "./compiled.js";

const { buildFromCsv } = await libraryModule<typeof import("../src/ops/build-from-csv.js")>("ops/build-from-csv.js");

const [csv, out, groupAccounts] = process.argv.slice(2);
const stages: Record<string, number> = {};
const started = performance.now();
let current = "";
await buildFromCsv({
  csv: csv!,
  out: out!,
  // A number forces the bounded build with groups that size; "memory" forces the in-memory build.
  ...(groupAccounts === "memory" ? { inMemory: true } : {}),
  ...(groupAccounts !== undefined && groupAccounts !== "memory" ? { groupAccounts: Number(groupAccounts) } : {}),
  onStage: (stage) => {
    if (stage !== current) stages[(current = stage)] = (performance.now() - started) / 1000;
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, stages, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
