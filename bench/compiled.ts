/**
 * The library compiled to JavaScript, as the installed package runs it: the bench's build children (plain
 * JavaScript, bench/*-child.mjs) import it (SOLVENT_LIB), so neither they nor their threads load TypeScript,
 * which a user's build never does.
 * Compiled once per bench run into a folder of its own under node_modules/.cache (where the compiled code
 * finds its dependencies), removed when the bench ends: deleting the last run's hundreds of files just
 * before the builds would slow their file creation (bench/clean-up.ts).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileLibrary } from "../scripts/compile-library.js";
import { removeLater } from "./clean-up.js";

const LIB = fileURLToPath(new URL(`../node_modules/.cache/solvent-bench/lib-${process.pid}`, import.meta.url));
let compiled: Promise<string> | undefined;

/** Compiles the library (the first time in this process) and returns its folder. */
export function compiledLibrary(): Promise<string> {
  // Node looks no further than node_modules for a package.json saying its .js files are modules, as
  // dist/ finds the package's own: one here says so.
  compiled ??= compileLibrary(LIB)
    .then(() => writeFile(join(LIB, "package.json"), '{ "type": "module" }\n'))
    .then(() => {
      removeLater(LIB);
      return LIB;
    });
  return compiled;
}
