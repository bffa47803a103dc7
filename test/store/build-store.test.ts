import { expect } from "chai";
import fc from "fast-check";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeProofStore } from "../helpers/reference-store.js";
import { writeAmount } from "../../src/spec/bytes.js";
import type { Asset } from "../../src/index.js";
import { buildTree } from "../../src/tree/build.js";
import { buildTreeStore } from "../../src/store/build-store.js";
import { columnsFromAccounts, type AccountInput } from "../../src/tree/columns.js";
import { HashPool } from "../../src/store/hash-pool.js";
import { randomTree } from "../helpers/arbitraries.js";
import { expectInputError } from "../helpers/assert.js";
import { scratchFolder } from "../helpers/files.js";

const salt = (i: number) => Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j * 13) & 0xff);

/** Every file under `folder`/store, by relative path. */
async function storeFiles(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const part of ["shards", "index"]) {
    for (const name of await readdir(join(folder, "store", part)))
      files[`${part}/${name}`] = (await readFile(join(folder, "store", part, name))).toString("hex");
  }
  return files;
}

/** The store as buildTreeStore writes it must equal the store written from the whole tree. */
async function expectSameStore(assets: Asset[], accounts: AccountInput[], pool?: HashPool) {
  const salted = accounts.map((account, i) => ({ ...account, salt: salt(i) }));
  const columns = columnsFromAccounts(assets, salted, () => salt(0), { shared: pool !== undefined });
  const whole = buildTree(assets, columns);
  const reference = await scratchFolder("solvent-store-ref-");
  await writeProofStore(reference, whole);
  const streamed = await scratchFolder("solvent-store-stream-");
  const built = await buildTreeStore(assets, columns, streamed, pool ? { pool } : {});
  expect(built.root).to.equal(whole.root);
  expect(built.totals).to.deep.equal(whole.totals);
  expect(await storeFiles(streamed)).to.deep.equal(await storeFiles(reference));
}

describe("bounded-memory build straight into the proof store", function () {
  this.timeout(120_000);
  let pool: HashPool;
  before(() => (pool = HashPool.start(2)));
  after(async () => pool.close());

  it("writes the same store as the whole-tree writer (property, one thread and two)", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(40), fc.boolean(), async ({ assets, accounts }, threads) =>
        expectSameStore(assets, accounts, threads ? pool : undefined),
      ),
      { numRuns: 25 },
    );
  });

  it("across several shards, the last one partial", async function () {
    const assets: Asset[] = [
      { symbol: "BTC", decimals: 8 },
      { symbol: "ETH", decimals: 18 },
    ];
    const accounts = Array.from({ length: 5_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: [BigInt(i), BigInt(i % 17) * 10n ** 15n],
    }));
    await expectSameStore(assets, accounts, pool);
    await expectSameStore(assets, accounts.slice(0, 1_025));
  });

  it("refuses a sum that reaches 2^128, from a shard on a worker or from the levels above", async function () {
    const assets: Asset[] = [{ symbol: "X", decimals: 0 }];
    const half = 2n ** 127n;
    for (const [first, second] of [
      [0, 1],
      [0, 1_500],
    ] as const) {
      const accounts = Array.from({ length: 2_000 }, (_, i) => ({ accountId: `a${i}`, balances: [0n], salt: salt(i) }));
      const columns = columnsFromAccounts(assets, accounts, () => salt(0), { shared: true });
      // Past the per-column total check of the object path: straight into the columns.
      for (const i of [first, second]) writeAmount(columns.balances, 16 * i, half);
      await expectInputError(buildTreeStore(assets, columns, await scratchFolder(), { pool }), /a sum reaches 2\^128/);
    }
  });
});
