import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSampleBalancesCsv } from "../../scripts/sample-balances.js";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { scratchFolder } from "../helpers/files.js";

const SOLVENT = fileURLToPath(new URL("../../bin/solvent.mjs", import.meta.url));

describe("an interrupted build", function () {
  this.timeout(120_000);

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`leaves nothing behind on ${signal}, and can be rerun`, async function () {
      const folder = await scratchFolder();
      const csv = join(folder, "balances.csv");
      const assets = [
        { symbol: "BTC", decimals: 8 },
        { symbol: "ETH", decimals: 18 },
      ];
      await writeSampleBalancesCsv(csv, { accounts: 200_000, assets, seed: 3 });
      const out = join(folder, "tree");
      const child = spawn(process.execPath, [SOLVENT, "build", csv, "--out", out], { stdio: "ignore" });
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      // Interrupt once the temporary folder exists: the build is under way.
      for (let waited = 0; waited < 60_000; waited += 20) {
        if ((await readdir(folder)).some((name) => name.startsWith(".tree.partial-"))) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill(signal);
      await exited;
      expect(await readdir(folder)).to.deep.equal(["balances.csv"]);
      const rerun = spawn(process.execPath, [SOLVENT, "build", csv, "--out", out, "--json"], { stdio: "ignore" });
      expect(await new Promise((resolve) => rerun.on("exit", resolve))).to.equal(0);
      expect((await readdir(out)).sort()).to.deep.equal(["secret", "store", "summary.json"]);
    });
  }

  it("after SIGKILL (nothing can clean up), the next build to the same --out removes the killed build's folder", async function () {
    const folder = await scratchFolder();
    const csv = join(folder, "balances.csv");
    await writeSampleBalancesCsv(csv, { accounts: 200_000, assets: [{ symbol: "BTC", decimals: 8 }], seed: 5 });
    const out = join(folder, "tree");
    // Another machine's folder on a shared disk is not this build's to remove.
    const elsewhere = join(folder, ".tree.partial-another-host-4242-0badc0de");
    await mkdir(elsewhere);
    const child = spawn(process.execPath, [SOLVENT, "build", csv, "--out", out], { stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const partial = `.tree.partial-${hostname()}-${child.pid}-`;
    for (let waited = 0; waited < 60_000; waited += 20) {
      if ((await readdir(folder)).some((name) => name.startsWith(partial))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGKILL");
    await exited;
    expect((await readdir(folder)).some((name) => name.startsWith(partial))).to.equal(true);
    const rerun = spawn(process.execPath, [SOLVENT, "build", csv, "--out", out, "--json"], { stdio: "ignore" });
    expect(await new Promise((resolve) => rerun.on("exit", resolve))).to.equal(0);
    expect((await readdir(folder)).sort()).to.deep.equal([
      ".tree.partial-another-host-4242-0badc0de",
      "balances.csv",
      "tree",
    ]);
  });

  it("leaves the old tree of a --force swap cut short (a `-previous` folder) for its owner, even when its process is gone", async function () {
    const folder = await scratchFolder();
    const csv = join(folder, "balances.csv");
    await writeSampleBalancesCsv(csv, { accounts: 50, assets: [{ symbol: "BTC", decimals: 8 }], seed: 7 });
    const previous = `.tree.partial-${hostname()}-999999999-0badc0de-previous`;
    await mkdir(join(folder, previous));
    await buildFromCsv({ csv, out: join(folder, "tree"), threads: 1 });
    expect((await readdir(folder)).sort()).to.deep.equal([previous, "balances.csv", "tree"].sort());
  });
});
