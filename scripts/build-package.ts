/**
 * Builds what the npm package ships beside the Solidity sources and the deployments (see "files" in
 * package.json):
 *   dist/  the library and the CLI as JavaScript with .d.ts (tsconfig.build.json), plus the .mjs files of
 *          src/ (the hash worker's entry) at the same place;
 *   abi/   <Contract>.json, the ABI of every contract and interface in contracts/ (not contracts/test/),
 *          from the Hardhat artifacts.
 * Then checks that the compiled code imports nothing a customer's install would lack: Node's built-in
 * modules, its own files and the package's "dependencies" only (no Hardhat, no tsx, no compiler).
 * Run: npm run build:package (hardhat compile, then this); `npm pack` runs it first (prepack).
 */
import { builtinModules } from "node:module";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileLibrary, filesUnder } from "./compile-library.js";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Artifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
}

async function exportAbis(): Promise<number> {
  const out = join(root, "abi");
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  const artifacts = join(root, "artifacts", "contracts");
  const written = new Map<string, string>();
  for (const file of await filesUnder(artifacts)) {
    if (!file.endsWith(".json") || file.endsWith(".dbg.json") || file.startsWith("test/") || file.startsWith(`test\\`))
      continue;
    const artifact = JSON.parse(await readFile(join(artifacts, file), "utf8")) as Artifact;
    if (artifact.abi.length === 0) continue; // libraries of internal functions only
    const clash = written.get(artifact.contractName);
    if (clash !== undefined)
      throw new Error(`two contracts named ${artifact.contractName}: ${clash} and ${artifact.sourceName}`);
    written.set(artifact.contractName, artifact.sourceName);
    await writeFile(join(out, `${artifact.contractName}.json`), JSON.stringify(artifact.abi, null, 2) + "\n");
  }
  if (!written.has("AttestationRegistry")) throw new Error("no artifacts: run `npx hardhat compile` first");
  return written.size;
}

/** Fails when compiled code imports a package that is not one of the package's runtime dependencies. */
async function checkImports(): Promise<void> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const allowed = new Set(Object.keys(manifest.dependencies ?? {}));
  const dist = join(root, "dist");
  const wrong: string[] = [];
  for (const file of await filesUnder(dist)) {
    const text = await readFile(join(dist, file), "utf8");
    // Static imports and re-exports, dynamic imports and import types of .d.ts files.
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier)) continue;
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
      // The worker entry falls back to tsx only where the compiled worker is absent: in the repository.
      if (name === "tsx" && file.endsWith(".mjs")) continue;
      if (!allowed.has(name)) wrong.push(`dist/${file} imports ${specifier}`);
    }
  }
  if (wrong.length > 0)
    throw new Error(
      `the package would need more than its dependencies (${[...allowed].join(", ")}):\n  ${wrong.join("\n  ")}`,
    );
}

await compileLibrary(join(root, "dist"));
const abis = await exportAbis();
await checkImports();
console.log(`built dist/ and abi/ (${abis} ABIs); compiled code imports only Node and the package's dependencies`);
