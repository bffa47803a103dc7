// Runs one `solvent build` in its own process, so its peak memory is its own; prints JSON figures.
// Plain JavaScript run by plain node, on the library compiled to JavaScript (SOLVENT_LIB, bench/compiled.ts),
// with the environment `solvent build` gives itself: as an installed package runs (no TypeScript loader,
// whose module hooks also slowed the build's threads by about half a second at 1M).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { peakRssMb } from "./peak-memory.mjs";

const lib = process.env.SOLVENT_LIB;
if (!lib) throw new Error("SOLVENT_LIB must name the compiled library (bench/compiled.ts)");
const { buildFromCsv } = await import(pathToFileURL(join(lib, "ops/build-from-csv.js")).href);

const [csv, out, groupAccounts] = process.argv.slice(2);
const stages = {};
const started = performance.now();
let current = "";
await buildFromCsv({
  csv,
  out,
  // A number forces the bounded build with groups that size; "memory" forces the in-memory build.
  ...(groupAccounts === "memory" ? { inMemory: true } : {}),
  ...(groupAccounts !== undefined && groupAccounts !== "memory" ? { groupAccounts: Number(groupAccounts) } : {}),
  onStage: (stage) => {
    if (stage !== current) stages[(current = stage)] = (performance.now() - started) / 1000;
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, stages, peakRssMb: peakRssMb() }));
