import { expect } from "chai";
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { withHugePages } from "../../bin/huge-pages.mjs";
import { writeSampleBalancesCsv } from "../../scripts/sample-balances.js";
import { scratchFolder } from "../helpers/files.js";

const SOLVENT = fileURLToPath(new URL("../../bin/solvent.mjs", import.meta.url));
/** Whether this platform lets `solvent build` restart itself with the tunable (bin/huge-pages.mjs). */
const CAN_RESTART = process.platform === "linux" && typeof process.execve === "function";

describe("huge pages for build and join", function () {
  this.timeout(120_000);

  it("asks glibc for huge pages, keeping the tunables already set", function () {
    expect(withHugePages(undefined)).to.equal("glibc.malloc.hugetlb=1");
    expect(withHugePages("")).to.equal("glibc.malloc.hugetlb=1");
    expect(withHugePages("glibc.malloc.arena_max=2")).to.equal("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
  });

  it("leaves a huge-page setting the user made alone (no restart)", function () {
    expect(withHugePages("glibc.malloc.hugetlb=0")).to.equal(undefined);
    expect(withHugePages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2")).to.equal(undefined);
    // A longer tunable name that merely ends the same way is not that setting.
    expect(withHugePages("glibc.malloc.xhugetlb=0")).to.equal("glibc.malloc.xhugetlb=0:glibc.malloc.hugetlb=1");
  });

  for (const [given, expected] of [
    [undefined, CAN_RESTART ? "glibc.malloc.hugetlb=1" : undefined],
    ["glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0"],
  ] as const) {
    it(`solvent build runs with GLIBC_TUNABLES=${expected ?? "(unset)"} when started with ${given ?? "none"}, in the same process`, async function () {
      const folder = await scratchFolder();
      const csv = join(folder, "balances.csv");
      await writeSampleBalancesCsv(csv, { accounts: 400_000, assets: [{ symbol: "BTC", decimals: 8 }], seed: 5 });
      const env = { ...process.env };
      if (given === undefined) delete env.GLIBC_TUNABLES;
      else env.GLIBC_TUNABLES = given;
      const child = spawn(process.execPath, [SOLVENT, "build", csv, "--out", join(folder, "tree")], {
        stdio: "ignore",
        env,
      });
      let running = true;
      const exited = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => {
          running = false;
          resolve(code);
        }),
      );
      // Once the build is under way (its temporary folder exists), the process it runs in is final.
      for (let waited = 0; running && waited < 60_000; waited += 10) {
        if ((await readdir(folder)).some((name) => name.startsWith(".tree.partial-"))) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(running, "the build was still running when its environment was read").to.equal(true);
      const environ = (await readFile(`/proc/${child.pid}/environ`, "utf8")).split("\0");
      expect(environ.find((entry) => entry.startsWith("GLIBC_TUNABLES="))).to.equal(
        expected === undefined ? undefined : `GLIBC_TUNABLES=${expected}`,
      );
      expect(await exited).to.equal(0);
    });
  }
});
