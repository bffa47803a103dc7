/**
 * Compiles the library and the CLI (src/, tsconfig.build.json) to JavaScript with .d.ts in `outDir`, plus
 * the .mjs files of src/ (the hash worker's entry) at the same place. Used for the package (dist/, by
 * scripts/build-package.ts) and by the bench, which runs builds as the installed package does.
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** Every file under `folder`, as paths relative to it. */
export async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name)));
}

export async function compileLibrary(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outDir], {
    stdio: "inherit",
  });
  // tsc leaves plain JavaScript modules alone; the worker entry is one, loaded by URL beside its worker.
  const src = join(root, "src");
  for (const file of (await filesUnder(src)).filter((f) => f.endsWith(".mjs"))) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(src, file), join(outDir, file));
  }
}
