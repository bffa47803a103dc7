// One part build or one join in its own process, so its peak memory is its own; prints JSON figures.
// Plain JavaScript on the compiled library, as bench/csv-build-child.mjs.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { peakRssMb } from "./peak-memory.mjs";

const lib = process.env.SOLVENT_LIB;
if (!lib) throw new Error("SOLVENT_LIB must name the compiled library (bench/compiled.ts)");
const load = (path) => import(pathToFileURL(join(lib, path)).href);
const { buildFromCsv } = await load("ops/build-from-csv.js");
const { joinPartFolders } = await load("ops/join-parts.js");
const { readBuildSecret } = await load("store/build-secret.js");

const [task, ...args] = process.argv.slice(2);
const started = performance.now();
if (task === "part") {
  const [csv, out, secret, part, parts] = args;
  await buildFromCsv({
    csv,
    out,
    asOf: 1_764_000_000n,
    secret: await readBuildSecret(secret),
    partition: { part: Number(part), parts: Number(parts) },
  });
} else {
  const [out, ...parts] = args;
  await joinPartFolders({ parts, out });
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, peakRssMb: peakRssMb() }));
