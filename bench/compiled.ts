/**
 * The library compiled to JavaScript, as the installed package runs it: the bench's build children (plain
 * JavaScript, bench/*-child.mjs) import it (SOLVENT_LIB), so neither they nor their threads load TypeScript,
 * which a user's build never does.
 * Compiled once per bench run into node_modules/.cache (where the compiled code finds its dependencies).
 */
import { fileURLToPath } from "node:url";
import { compileLibrary } from "../scripts/compile-library.js";

const LIB = fileURLToPath(new URL("../node_modules/.cache/solvent-bench/lib", import.meta.url));
let compiled: Promise<string> | undefined;

/** Compiles the library (the first time in this process) and returns its folder. */
export function compiledLibrary(): Promise<string> {
  compiled ??= compileLibrary(LIB).then(() => LIB);
  return compiled;
}
