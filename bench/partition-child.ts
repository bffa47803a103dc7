/** One part build or one join in its own process, so its peak memory is its own; prints JSON figures. */
import { libraryModule } from "./compiled.js";

const { buildFromCsv } = await libraryModule<typeof import("../src/ops/build-from-csv.js")>("ops/build-from-csv.js");
const { joinPartFolders } = await libraryModule<typeof import("../src/ops/join-parts.js")>("ops/join-parts.js");
const { readBuildSecret } = await libraryModule<typeof import("../src/store/build-secret.js")>("store/build-secret.js");

const [task, ...args] = process.argv.slice(2);
const started = performance.now();
if (task === "part") {
  const [csv, out, secret, part, parts] = args;
  await buildFromCsv({
    csv: csv!,
    out: out!,
    asOf: 1_764_000_000n,
    secret: await readBuildSecret(secret!),
    partition: { part: Number(part), parts: Number(parts) },
  });
} else {
  const [out, ...parts] = args;
  await joinPartFolders({ parts, out: out! });
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
