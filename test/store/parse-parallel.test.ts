import { expect } from "chai";
import fc from "fast-check";
import { readBalancesColumns, type BalancesColumns } from "../../src/io/balances-columns.js";
import { HashPool } from "../../src/store/hash-pool.js";
import { readBalancesParallel } from "../../src/store/parse-parallel.js";
import { writeTemp } from "../helpers/files.js";
import { keccakEngine } from "../../src/spec/bytes.js";
import { deriveSalts } from "../../src/tree/derived-salts.js";
import { fuzzRuns } from "../helpers/fuzz.js";

const secret = new Uint8Array(32).fill(9);

/** The same file read on one thread and on the pool's: the same columns, lines and hash, or the same error. */
async function expectSameRead(pool: HashPool, text: string): Promise<void> {
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
  const parallel = await outcome(readBalancesParallel(file, pool, { secret, minBytes: 0 }));
  expect(parallel).to.deep.equal(sequential);
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
    await expectSameRead(pool, `account,salt,X:1\n${rows.join("\n")}\n`);
    rows[4_000] = `u4000,${salt},1e3`;
    await expectSameRead(pool, `account,salt,X:1\n${rows.join("\n")}\n`);
  });
});
