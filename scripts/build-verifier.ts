/**
 * npm run build:verifier: writes dist/verifier.html (see scripts/verifier/bundle.ts) and prints its sha256
 * and size. With --update-readme, also writes the sha256 into the README's "Verify in your browser" section.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic.js";
import { buildVerifierPage } from "./verifier/bundle.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The README line that lists the page's hash. */
const README_HASH_LINE = /^(verifier\.html sha256: `)[0-9a-f]{64}(`)$/m;

const page = await buildVerifierPage();
const out = `${root}dist/verifier.html`;
await writeFileAtomic(out, page.html);
console.log(`wrote ${out}`);
console.log(`  sha256 ${page.sha256}`);
console.log(`  size   ${(page.bytes / 1024).toFixed(1)} KiB (script ${(page.scriptBytes / 1024).toFixed(1)} KiB)`);
if (process.argv.includes("--update-readme")) {
  const readme = await readFile(`${root}README.md`, "utf8");
  if (!README_HASH_LINE.test(readme)) throw new Error("README.md has no 'verifier.html sha256: `…`' line to update");
  await writeFile(`${root}README.md`, readme.replace(README_HASH_LINE, `$1${page.sha256}$2`));
  console.log("  README.md updated");
}
