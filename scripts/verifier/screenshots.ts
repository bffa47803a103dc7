/**
 * Writes the verifier page's screenshots into docs/ (docs/verifier-trust.md shows them): runs the browser
 * tests (test/browser/verifier.browser.test.ts) with SOLVENT_SCREENSHOTS_DIR set, so each verdict is
 * photographed by the test that produces it, on the page as shipped. Plain test runs write no files.
 * Run: npx hardhat compile && npx tsx scripts/verifier/screenshots.ts (needs Chromium, as the tests do).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const docs = fileURLToPath(new URL("../../docs", import.meta.url));
const ran = spawnSync("npx", ["hardhat", "test", "mocha", "--no-compile", "test/browser/verifier.browser.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, SOLVENT_SCREENSHOTS_DIR: docs },
});
if (ran.status !== 0) {
  console.error("the browser tests failed: the screenshots in docs/ may be incomplete; fix the tests and run again");
  process.exit(1);
}
console.log(`screenshots written to ${docs} (verifier-*.png)`);
