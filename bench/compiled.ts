/**
 * The library compiled to JavaScript, as the installed package runs it: the bench's build children (plain
 * JavaScript, bench/*-child.mjs) import it (SOLVENT_LIB), so neither they nor their threads load TypeScript,
 * which a user's build never does.
 * Compiled once per bench run into node_modules/.cache (where the compiled code finds its dependencies).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileLibrary } from "../scripts/compile-library.js";

const LIB = fileURLToPath(new URL("../node_modules/.cache/solvent-bench/lib", import.meta.url));
let compiled: Promise<string> | undefined;

/** Compiles the library (the first time in this process) and returns its folder. */
export function compiledLibrary(): Promise<string> {
  // Node looks no further than node_modules for a package.json saying its .js files are modules, as
  // dist/ finds the package's own: one here says so.
  compiled ??= compileLibrary(LIB)
    .then(() => writeFile(join(LIB, "package.json"), '{ "type": "module" }\n'))
    .then(() => LIB);
  return compiled;
}
