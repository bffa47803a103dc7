import { expect } from "chai";
import fc from "fast-check";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { readProofFromFolder } from "../../src/store/tree-folder.js";
import { randomTree } from "../helpers/arbitraries.js";
import { expectInputError } from "../helpers/assert.js";
import { folderFiles, manyAccounts, writeCsv } from "../helpers/balances-files.js";
import { scratchFolder } from "../helpers/files.js";
import { fuzzRuns } from "../helpers/fuzz.js";

const AS_OF = 1_764_000_000n;
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i * 17 + 5) & 0xff);
const common = { asOf: AS_OF, secret: SECRET, now: () => 0 };

/** The in-memory build and the bounded build (groups of `groupAccounts`) of one CSV. */
async function buildBoth(csv: string, groupAccounts: number, threads = 1) {
  const folder = await scratchFolder("solvent-bounded-");
  const whole = join(folder, "whole");
  const bounded = join(folder, "bounded");
  await buildFromCsv({ ...common, csv, out: whole, threads });
  await buildFromCsv({ ...common, csv, out: bounded, threads, groupAccounts });
  return { whole, bounded };
}

describe("bounded-memory build (key buckets on disk, then a group at a time)", function () {
  this.timeout(600_000);

  it("writes the in-memory build's folder byte for byte, and leaves no temporary files (property)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(randomTree(70), manyAccounts),
        fc.integer({ min: 1, max: 3_000 }),
        async (input, groupAccounts) => {
          const csv = await writeCsv(input);
          const { whole, bounded } = await buildBoth(csv, groupAccounts);
          expect(await folderFiles(bounded)).to.deep.equal(await folderFiles(whole));
          expect(await readdir(bounded)).to.have.members(["summary.json", "store"]);
          const id = input.accounts[input.accounts.length - 1]!.accountId;
          expect((await readProofFromFolder(bounded, id)).text).to.equal((await readProofFromFolder(whole, id)).text);
        },
      ),
      { numRuns: fuzzRuns(5) },
    );
  });

  it("on worker threads, many groups", async function () {
    const input = fc.sample(manyAccounts, { seed: 9, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 60_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 31 + a) % 9_973)),
    }));
    const { whole, bounded } = await buildBoth(await writeCsv(input), 7_000, 2);
    expect(await folderFiles(bounded)).to.deep.equal(await folderFiles(whole));
  });

  it("on threads, with quoted line ends where the file may be cut, and with a bad row (property)", async function () {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 399 }), fc.boolean(), async (special, bad) => {
        const accounts = Array.from({ length: 400 }, (_, i) => ({
          accountId: i % 7 === 0 ? `multi\nline ${i}` : `c${i}`,
          balances: [BigInt(i)],
        }));
        const csv = await writeCsv({ assets: [{ symbol: "X", decimals: 0 }], accounts });
        if (bad) {
          const { readFile, writeFile } = await import("node:fs/promises");
          const text = await readFile(csv, "utf8");
          await writeFile(
            csv,
            text.replace(
              `"c${special + (special % 7 === 0 ? 1 : 0)}",${special + (special % 7 === 0 ? 1 : 0)}`,
              `"x${special}",1e3`,
            ),
          );
        }
        const folder = await scratchFolder("solvent-bounded-");
        const whole = buildFromCsv({ ...common, csv, out: join(folder, "whole"), threads: 1 });
        const bounded = buildFromCsv({ ...common, csv, out: join(folder, "bounded"), threads: 3, groupAccounts: 150 });
        const outcome = (p: Promise<unknown>) =>
          p.then(
            () => "ok",
            (error: Error) => error.message,
          );
        const [fromBounded, fromWhole] = await Promise.all([outcome(bounded), outcome(whole)]);
        expect(fromBounded).to.equal(fromWhole);
        if (!bad)
          expect(await folderFiles(join(folder, "bounded"))).to.deep.equal(await folderFiles(join(folder, "whole")));
      }),
      { numRuns: fuzzRuns(4) },
    );
  });

  it("refuses an account on two rows, whichever groups its keys fall in", async function () {
    const salt = (byte: number) => `0x${byte.toString(16).padStart(2, "0").repeat(32)}`;
    for (const [first, second] of [
      [1, 200],
      [1, 2],
      [7, 7],
    ] as const) {
      const accounts = [0, 1, 2, 3].map((i) => ({ accountId: `u${i}`, saltHex: salt(40 + i), balances: [1n] }));
      accounts.push({ accountId: "dup", saltHex: salt(first), balances: [1n] });
      accounts.push({ accountId: "dup", saltHex: salt(second), balances: [2n] });
      const csv = await writeCsv({ assets: [{ symbol: "X", decimals: 0 }], accounts });
      const out = join(await scratchFolder(), "t");
      await expectInputError(
        buildFromCsv({ ...common, csv, out, groupAccounts: 1 }),
        /"dup".*(twice|same account key)/,
      );
    }
    // Without a salt column both rows derive one salt, so one key: the group holding them refuses them.
    const unsalted = await writeCsv({
      assets: [{ symbol: "X", decimals: 0 }],
      accounts: ["a", "dup", "b", "dup"].map((accountId) => ({ accountId, balances: [1n] })),
    });
    await expectInputError(
      buildFromCsv({ ...common, csv: unsalted, out: join(await scratchFolder(), "t"), groupAccounts: 1 }),
      /account "dup" appears twice/,
    );
  });
});
