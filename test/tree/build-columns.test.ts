import { expect } from "chai";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { buildTree, InputError, type Asset } from "../../src/index.js";
import { accountKey } from "../../src/spec/encoding.js";
import { toHex } from "../../src/spec/bytes.js";
import { leafAt, type MerkleSumTree } from "../../src/tree/build.js";
import { writeAmount } from "../../src/spec/bytes.js";
import { MAX_BATCHED_ID_BYTES } from "../../src/spec/keccak-batch.js";
import { columnsFromAccounts, type AccountInput } from "../../src/tree/columns.js";
import { HashPool } from "../../src/store/hash-pool.js";
import { randomTree } from "../helpers/arbitraries.js";
import { expectInputError } from "../helpers/assert.js";

const fixedSalt = (i: number) => new Uint8Array(32).fill(i & 0xff);

/** The account keys in tree order. */
const keysOf = (tree: MerkleSumTree) => Array.from({ length: tree.leafCount }, (_, p) => toHex(leafAt(tree, p).key));

describe("buildTree on columns and on worker threads", function () {
  this.timeout(120_000);
  let pool: HashPool;
  before(() => (pool = HashPool.start(2)));
  after(async () => pool.close());

  it("parallel, single-thread and object builds give the same tree (property)", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(), async ({ assets, accounts }) => {
        const salted = accounts.map((account, i) => ({ ...account, salt: fixedSalt(i) }));
        const single = buildTree(assets, salted);
        const parallel = await buildTree(assets, salted, { pool });
        expect(parallel.root).to.equal(single.root);
        expect(parallel.totals).to.deep.equal(single.totals);
        expect(keysOf(parallel)).to.deep.equal(keysOf(single));
        parallel.levels.forEach((level, j) =>
          expect(Buffer.from(level).equals(Buffer.from(single.levels[j]!)), `level ${j}`).to.equal(true),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("splits a large tree over the threads with the same root (odd count, 3 assets)", async function () {
    const assets: Asset[] = [
      { symbol: "BTC", decimals: 8 },
      { symbol: "ETH", decimals: 18 },
      { symbol: "USDT", decimals: 6 },
    ];
    const accounts: AccountInput[] = Array.from({ length: 40_001 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: [BigInt(i), BigInt(i % 7) * 10n ** 18n, 0n],
      salt: fixedSalt(i),
    }));
    const columns = columnsFromAccounts(assets, accounts, () => fixedSalt(0), { shared: true });
    const parallel = await buildTree(assets, columns, { pool });
    expect(parallel.root).to.equal(buildTree(assets, columns).root);
    expect(parallel.totals[0]).to.equal((40_000n * 40_001n) / 2n);
  });

  it("hashes ids too long for a batch one by one, with the same key", function () {
    const assets: Asset[] = [{ symbol: "BTC", decimals: 8 }];
    const long = "x".repeat(MAX_BATCHED_ID_BYTES + 1);
    const accounts = [
      { accountId: "a", balances: [1n], salt: fixedSalt(1) },
      { accountId: long, balances: [2n], salt: fixedSalt(2) },
      { accountId: "b", balances: [3n], salt: fixedSalt(3) },
    ];
    const tree = buildTree(assets, accounts);
    const keys = new Set(keysOf(tree));
    for (const account of accounts) expect(keys.has(toHex(accountKey(account.salt, account.accountId)))).to.equal(true);
  });

  it("refuses duplicate ids and sums that reach 2^128 in columns, also from the threads", async function () {
    const assets: Asset[] = [{ symbol: "BTC", decimals: 8 }];
    const accounts = Array.from({ length: 1000 }, (_, i) => ({ accountId: `user-${i}`, balances: [1n] }));
    const columns = columnsFromAccounts(assets, accounts, () => randomBytes(32), { shared: true });
    // Make account 700's id equal to account 7's: "user-700" → "user-7" cannot fit, so rewrite 7 as "user-8".
    const copy = { ...columns, ids: columns.ids.slice() };
    copy.ids.set(Buffer.from("user-8"), copy.idOffsets[7]!);
    await expectInputError(buildTree(assets, copy, { pool }), /"user-8" appears twice \(accounts 8 and 9\)/);
    expect(() => buildTree(assets, copy)).to.throw(InputError, /appears twice/);

    // Amounts are 16 bytes in columns, so none can reach 2^128; a sum can.
    const half = { ...columns, balances: columns.balances.slice() };
    writeAmount(half.balances, 16 * 3, (1n << 128n) - 1n);
    // The overflow happens inside a worker's subtree and comes back as an InputError.
    await expectInputError(buildTree(assets, half, { pool }), /a sum reaches 2\^128/);
  });
});
