import { expect } from "chai";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { boundedBuildBytes, checkFreeSpace, storeBytesPerAccount } from "../../src/store/disk-space.js";
import { expectInputError } from "../helpers/assert.js";
import { scratchFolder } from "../helpers/files.js";

describe("free disk space before a build", function () {
  it("refuses at the start, saying how much is needed and what to do", async function () {
    const folder = await scratchFolder();
    await checkFreeSpace(folder, 1 << 20, "this build");
    await expectInputError(
      checkFreeSpace(folder, 2 ** 60, "this build"),
      /this build needs about [0-9.]+ GB of disk and .* has [0-9.]+ [GM]B free; free some space or choose an --out/,
    );
  });

  it("estimates the store a little over the measured 180 bytes per account at 4 assets", function () {
    const estimate = storeBytesPerAccount(4, 15);
    expect(estimate).to.be.within(180, 260);
  });

  it("sizes a bounded build from the CSV's rows, not its bytes: short rows of many assets need many times the file", async function () {
    const folder = await scratchFolder();
    const assets = Array.from({ length: 20 }, (_, a) => `A${a}:6`);
    const rows = Array.from({ length: 2_000 }, (_, i) => `user-${i},${Array(20).fill("0").join(",")}`);
    const csv = join(folder, "zeros.csv");
    const text = `account,${assets.join(",")}\n${rows.join("\n")}\n`;
    await writeFile(csv, text);
    const needed = await boundedBuildBytes(csv, Buffer.byteLength(text));
    // Per account: a bucket entry of 4 + 9 + 64 + 20 × 16 bytes and the store's share, against ~50 bytes of CSV.
    expect(needed / 2_000).to.be.within(397 + storeBytesPerAccount(20, 9), 1.2 * (397 + storeBytesPerAccount(20, 9)));
    expect(needed).to.be.greaterThan(7 * Buffer.byteLength(text));
  });
});
