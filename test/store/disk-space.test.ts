import { expect } from "chai";
import { checkFreeSpace, storeBytesPerAccount } from "../../src/store/disk-space.js";
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
});
