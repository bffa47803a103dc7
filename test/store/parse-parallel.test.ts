import { expect } from "chai";
import fc from "fast-check";
import { readBalancesColumns, type BalancesColumns } from "../../src/io/balances-columns.js";
import { HashPool } from "../../src/store/hash-pool.js";
import { readBalancesParallel } from "../../src/store/parse-parallel.js";
import { writeTemp } from "../helpers/files.js";
import { keccakEngine } from "../../src/spec/bytes.js";
import { deriveSalts } from "../../src/tree/derived-salts.js";
import { fuzzRuns } from "../helpers/fuzz.js";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { expectInputError } from "../helpers/assert.js";
import { folderFiles } from "../helpers/balances-files.js";
import { scratchFolder } from "../helpers/files.js";

const secret = new Uint8Array(32).fill(9);

/**
 * The same file read on one thread and on the pool's: the same columns, lines and hash, or the same error.
 * Returns how the threads' rows were joined.
 */
async function expectSameRead(pool: HashPool, text: string): Promise<"moved" | "copied" | undefined> {
  const file = await writeTemp("balances.csv", text);
  // Salts as a build uses them: derived from the secret (the parallel reader's threads derive them already).
  const outcome = (read: Promise<BalancesColumns & { saltsDerived?: boolean }>) =>
    read
      .then((r) => {
        if (!r.hasSaltColumn && !r.saltsDerived) deriveSalts(keccakEngine(), r.columns, 0, r.columns.count);
        return r;
      })
      .then(
        (r) => ({
          assets: r.assets,
          salted: r.hasSaltColumn,
          sha256: r.sha256,
          bytes: r.bytes,
          ids: Buffer.from(r.columns.ids).toString("hex"),
          idOffsets: Array.from(r.columns.idOffsets),
          salts: Buffer.from(r.columns.salts).toString("hex"),
          balances: Buffer.from(r.columns.balances).toString("hex"),
          lines: Array.from(r.lines),
        }),
        (error: Error) => ({ error: error.message }),
      );
  const sequential = await outcome(readBalancesColumns(file, { randomSalt: () => secret, shared: true }));
  let joined: "moved" | "copied" | undefined;
  const parallel = await outcome(
    readBalancesParallel(file, pool, { secret, minBytes: 0 }).then((read) => ((joined = read.joined), read)),
  );
  expect(parallel).to.deep.equal(sequential);
  return joined;
}

const id = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  // Quoted cells with commas, quotes and line ends, which a cut may fall inside.
  fc.stringMatching(/^[a-z ,"\n]{1,12}$/).filter((s) => s.trim().length > 0),
);
const amount = fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,6}(\.[0-9]{1,6})?$/), fc.constant("-1"));

describe("reading a balances CSV on every thread", function () {
  this.timeout(300_000);
  let pool: HashPool;
  before(() => (pool = HashPool.start(3)));
  after(async () => pool.close());

  it("gives exactly what one thread gives: columns, line numbers, hash, or the same first error (property)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(id, amount, amount), {
          minLength: 1,
          maxLength: 60,
          selector: ([name]) => name.trim(),
        }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (rows, crlf, bom, duplicate) => {
          const end = crlf ? "\r\n" : "\n";
          const cells = rows.map(([name, a, b]) => `"${name.replaceAll('"', '""')}",${a},${b}`);
          if (duplicate && cells.length > 2) cells.push(cells[0]!);
          const text = `${bom ? "\uFEFF" : ""}account,X:6,Y:6${end}${cells.join(end)}${end}`;
          await expectSameRead(pool, text);
        },
      ),
      { numRuns: fuzzRuns(40) },
    );
  });

  it("with a salt column and many rows, cut in several places", async function () {
    const salt = `0x${"ab".repeat(32)}`;
    const rows = Array.from({ length: 5_000 }, (_, i) => `u${i},${salt},${i}.5`);
    // Rows alike throughout: each range fits the place estimated for it, and the join only moves them.
    expect(await expectSameRead(pool, `account,salt,X:1\n${rows.join("\n")}\n`)).to.equal("moved");
    rows[4_000] = `u4000,${salt},1e3`;
    await expectSameRead(pool, `account,salt,X:1\n${rows.join("\n")}\n`);
  });

  describe("rows a thread's place in the joined columns cannot hold (the estimate comes from the first megabyte)", function () {
    const build = { asOf: 1_764_000_000n, secret, now: () => 0 };
    // 1.5 MB of one kind of row, then 1.5 MB of another: the later ranges get places sized for the first kind.
    const file = (early: (i: number) => string, late: (i: number) => string) => {
      const lines: string[] = [];
      for (let bytes = 0, i = 0; bytes < 1.5 * 2 ** 20; i++) bytes += lines[lines.push(early(i)) - 1]!.length + 1;
      for (let bytes = 0, i = 0; bytes < 1.5 * 2 ** 20; i++) bytes += lines[lines.push(late(i)) - 1]!.length + 1;
      return `account,X:2\n${lines.join("\n")}\n`;
    };
    const cases = {
      "more rows than expected": file(
        (i) => `long-account-name-${"x".repeat(150)}-${i},${i}.25`,
        (i) => `s${i},1`,
      ),
      "more id bytes than expected": file(
        (i) => `e${i},${100_000 + i}.25`,
        (i) => `a-much-longer-account-name-of-${i},1`,
      ),
    };
    for (const [name, text] of Object.entries(cases)) {
      it(`${name}: the same read and the same tree as one thread`, async function () {
        expect(await expectSameRead(pool, text)).to.equal("copied");
        const csv = await writeTemp("balances.csv", text);
        const folder = await scratchFolder();
        await buildFromCsv({ ...build, csv, out: join(folder, "one"), threads: 1 });
        await buildFromCsv({ ...build, csv, out: join(folder, "two"), threads: 2, inMemory: true });
        expect(await folderFiles(join(folder, "two"))).to.deep.equal(await folderFiles(join(folder, "one")));
      });
    }
  });

  it("a first megabyte of blank lines and short rows: the same read (the estimate is bounded by the bytes)", async function () {
    const blank = "\n".repeat(1.2 * 2 ** 20);
    const rows = Array.from({ length: 60_000 }, (_, i) => `a${i},${i % 10}`);
    expect(await expectSameRead(pool, `account,X:0\n${blank}${rows.join("\n")}\n`)).to.be.oneOf(["moved", "copied"]);
  });

  describe("building from threads' reads (keys and leaves hashed as read, ids checked while the shards are built)", function () {
    const build = { asOf: 1_764_000_000n, secret, now: () => 0 };
    // Over a megabyte, so that a build with threads reads on them.
    const rows = (salted: boolean) =>
      Array.from(
        { length: 70_000 },
        (_, i) => `user-${i},${salted ? `0x${(i % 251).toString(16).padStart(64, "0")},` : ""}${i % 997}.25`,
      );

    it("writes what one thread writes, byte for byte, with and without a salt column", async function () {
      for (const salted of [false, true]) {
        const csv = await writeTemp(
          "balances.csv",
          `account,${salted ? "salt," : ""}X:2\n${rows(salted).join("\n")}\n`,
        );
        const folder = await scratchFolder();
        await buildFromCsv({ ...build, csv, out: join(folder, "one"), threads: 1 });
        await buildFromCsv({ ...build, csv, out: join(folder, "two"), threads: 2, inMemory: true });
        expect(await folderFiles(join(folder, "two"))).to.deep.equal(await folderFiles(join(folder, "one")));
      }
    });

    it("attack: an account on two rows is refused naming both lines, and nothing is written", async function () {
      for (const salted of [false, true]) {
        const lines = rows(salted);
        // Line 30,002 repeats the account of line 12 (with another salt when the CSV has salts).
        lines[30_000] = lines[10]!.replace(/,0x[0-9a-f]{62}/, ",0x77" + "0".repeat(60)).replace(/[0-9.]+$/, "3");
        const csv = await writeTemp("balances.csv", `account,${salted ? "salt," : ""}X:2\n${lines.join("\n")}\n`);
        const folder = await scratchFolder();
        await expectInputError(
          buildFromCsv({ ...build, csv, out: join(folder, "t"), threads: 2, inMemory: true }),
          /account "user-10" appears twice, on lines 12 and 30002/,
        );
        expect(await readdir(folder)).to.deep.equal([]);
      }
    });
  });
});
