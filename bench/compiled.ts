/**
 * The library compiled to JavaScript, as the installed package runs it: the bench's build children import
 * it (SOLVENT_LIB), so their threads start without compiling TypeScript, which a user's build never does.
 * Compiled once per bench run into node_modules/.cache (where the compiled code finds its dependencies).
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileLibrary } from "../scripts/compile-library.js";

const LIB = fileURLToPath(new URL("../node_modules/.cache/solvent-bench/lib", import.meta.url));
let compiled: Promise<string> | undefined;

/** Compiles the library (the first time in this process) and returns its folder. */
export function compiledLibrary(): Promise<string> {
  compiled ??= compileLibrary(LIB).then(() => LIB);
  return compiled;
}

/**
 * A module of the library for a child process: from the compiled folder named by SOLVENT_LIB, or from the
 * sources when it is unset (a child started by hand).
 */
export async function libraryModule<T>(path: `${string}.js`): Promise<T> {
  const lib = process.env.SOLVENT_LIB;
  return (await import(lib ? pathToFileURL(join(lib, path)).href : `../src/${path}`)) as T;
}
