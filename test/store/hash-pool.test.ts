import { expect } from "chai";
import type { Worker } from "node:worker_threads";
import { HashPool } from "../../src/store/hash-pool.js";
import { keccakEngine } from "../../src/spec/bytes.js";
import { columnsFromAccounts } from "../../src/tree/columns.js";
import { hashKeys } from "../../src/tree/leaves.js";

const assets = [{ symbol: "X", decimals: 0 }];
const accounts = Array.from({ length: 2_000 }, (_, i) => ({ accountId: `user-${i}`, balances: [BigInt(i)] }));
const columns = columnsFromAccounts(assets, accounts, () => new Uint8Array(32).fill(3), { shared: true });

/** Keys of accounts [first, end) hashed by the pool, into a buffer of their own. */
async function keysOnPool(pool: HashPool, first: number, end: number): Promise<string> {
  const keys = new Uint8Array(new SharedArrayBuffer(32 * columns.count));
  await pool.run({ kind: "keys", columns, keys, first, end });
  return Buffer.from(keys.subarray(32 * first, 32 * end)).toString("hex");
}

describe("the hashing threads (HashPool)", function () {
  this.timeout(60_000);
  const expected = new Uint8Array(32 * columns.count);
  before(() => hashKeys(keccakEngine(), columns, expected, 0, columns.count));
  const slice = (first: number, end: number) => Buffer.from(expected.subarray(32 * first, 32 * end)).toString("hex");

  it("queues more tasks than threads and gives each its own result", async function () {
    const pool = HashPool.start(2);
    try {
      const bounds = Array.from({ length: 21 }, (_, t) => Math.floor((columns.count * t) / 20));
      const results = await Promise.all(bounds.slice(0, -1).map((first, t) => keysOnPool(pool, first, bounds[t + 1]!)));
      expect(results).to.deep.equal(bounds.slice(0, -1).map((first, t) => slice(first, bounds[t + 1]!)));
    } finally {
      await pool.close();
    }
  });

  it("a thread that dies fails only its own tasks: the other thread's task still ends with its result", async function () {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ accountId: `user-${i}`, balances: [1n] }));
    const big = columnsFromAccounts(assets, many, () => new Uint8Array(32).fill(3), { shared: true });
    const pool = HashPool.start(2);
    const workers = (pool as unknown as { workers: Worker[] }).workers;
    try {
      const keys = new Uint8Array(new SharedArrayBuffer(32 * big.count));
      // The first task goes to the first thread, the second to the other; then the first thread dies.
      const first = pool.run({ kind: "keys", columns: big, keys, first: 0, end: big.count });
      const second = keysOnPool(pool, 0, 2_000);
      first.catch(() => undefined);
      await workers[0]!.terminate();
      expect(await second).to.equal(slice(0, 2_000));
      let failure: unknown;
      await first.catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/a hashing thread failed: it exited/);
    } finally {
      await pool.close();
    }
  });

  it("a thread that dies gets no more tasks; with none left, a task fails at once instead of waiting", async function () {
    const pool = HashPool.start(2);
    const workers = (pool as unknown as { workers: Worker[] }).workers;
    try {
      await workers[0]!.terminate();
      // Every task goes to the thread that is left, queued two at a time.
      const results = await Promise.all([0, 500, 1_000, 1_500].map((first) => keysOnPool(pool, first, first + 500)));
      expect(results.join("")).to.equal(slice(0, 2_000));
      await workers[1]!.terminate();
      let failure: unknown;
      await keysOnPool(pool, 0, 10).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/no hashing thread is left/);
    } finally {
      await pool.close();
    }
  });
});
