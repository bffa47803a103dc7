// Worker threads start without the TypeScript loader the main thread may have. Installed from the package,
// the compiled worker sits beside this file (dist/); in the repository, register tsx and load the source.
import { existsSync } from "node:fs";

const compiled = new URL("./hash-worker.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./hash-worker.ts");
}
