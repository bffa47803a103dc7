#!/usr/bin/env node
// The `solvent` command. In a checkout of the repository (src/ beside bin/) it runs the TypeScript CLI through
// tsx, so no build step is needed after npm ci; installed from the package it runs the compiled dist/.
import { existsSync } from "node:fs";
import { restartWithHugePages } from "./huge-pages.mjs";

// The commands that hold a tree's worth of memory start again with transparent huge pages (huge-pages.mjs).
const asksForHelp = process.argv.includes("--help") || process.argv.includes("-h");
if (["build", "join"].includes(process.argv[2] ?? "") && !asksForHelp) restartWithHugePages();

const source = new URL("../src/cli/main.ts", import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import(source.href);
} else {
  cli = await import("../dist/cli/main.js");
}
process.exitCode = await cli.main(process.argv.slice(2));
