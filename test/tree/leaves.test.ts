import { expect } from "chai";
import fc from "fast-check";
import { keccak256 } from "../../src/spec/bytes.js";
import { nodeSize } from "../../src/spec/encoding.js";
import { KeccakEngine, MAX_BATCHED_ID_BYTES } from "../../src/spec/keccak-batch.js";
import type { AccountColumns } from "../../src/tree/columns.js";
import { deriveSalts } from "../../src/tree/derived-salts.js";
import { hashAccounts, hashKeys, hashLeaves } from "../../src/tree/leaves.js";
import { fuzzRuns } from "../helpers/fuzz.js";

const engine = new KeccakEngine();

/** Columns of the given ids and amounts (16 bytes an amount), each salt slot holding `salt(i)`. */
function columnsOf(ids: Uint8Array[], amounts: Uint8Array, salt: (i: number) => Uint8Array): AccountColumns {
  const idOffsets = new Uint32Array(ids.length + 1);
  ids.forEach((id, i) => (idOffsets[i + 1] = idOffsets[i]! + id.length));
  const salts = new Uint8Array(32 * ids.length);
  ids.forEach((_, i) => salts.set(salt(i), 32 * i));
  return { count: ids.length, ids: Buffer.concat(ids), idOffsets, salts, balances: amounts };
}

const input = fc
  .record({
    assetCount: fc.integer({ min: 1, max: 6 }),
    // Mostly short ids; now and then one past the engine's batch limit, which takes the three-step path.
    ids: fc.array(
      fc.oneof(
        { weight: 20, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }) },
        {
          weight: 1,
          arbitrary: fc.uint8Array({ minLength: MAX_BATCHED_ID_BYTES - 2, maxLength: MAX_BATCHED_ID_BYTES + 3 }),
        },
      ),
      { minLength: 1, maxLength: 60 },
    ),
    secret: fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: undefined }),
    seed: fc.integer(),
  })
  .chain((r) =>
    fc.record({
      ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fc.constant(v)])),
      // Amounts below 2^128: 16 bytes each.
      amounts: fc.uint8Array({
        minLength: 16 * r.assetCount * r.ids.length,
        maxLength: 16 * r.assetCount * r.ids.length,
      }),
      slice: fc.tuple(fc.nat(r.ids.length), fc.nat(r.ids.length)).map(([x, y]) => [Math.min(x, y), Math.max(x, y)]),
    }),
  ) as fc.Arbitrary<{
  assetCount: number;
  ids: Uint8Array[];
  secret: Uint8Array | undefined;
  seed: number;
  amounts: Uint8Array;
  slice: [number, number];
}>;

describe("leaf phase", function () {
  it("hashAccounts makes the salts, keys and leaf hashes deriveSalts, hashKeys and hashLeaves make (property: long ids, with and without a secret, any slice)", function () {
    fc.assert(
      fc.property(input, ({ assetCount, ids, secret, seed, amounts, slice: [first, end] }) => {
        const size = nodeSize(assetCount);
        // Salt slots hold anything on entry: with a secret they are not read.
        const salt = (i: number) => Uint8Array.from({ length: 32 }, (_, b) => (seed + 31 * i + b) & 0xff);
        const fused = columnsOf(ids, amounts, salt);
        const stepwise = columnsOf(ids, amounts, salt);
        const n = ids.length;
        const [keys, leaves, stepKeys, stepLeaves] = [0, 1, 2, 3].map(() => new Uint8Array(32 * n));
        hashAccounts(engine, fused, secret, keys!, leaves!, size, first, end);
        if (secret) {
          for (let i = first; i < end; i++) stepwise.salts.set(secret, 32 * i);
          deriveSalts(engine, stepwise, first, end);
        }
        hashKeys(engine, stepwise, stepKeys!, first, end);
        hashLeaves(engine, stepwise, stepKeys!, stepLeaves!, size, first, end);
        expect(Buffer.from(fused.salts).equals(Buffer.from(stepwise.salts)), "salts").to.equal(true);
        expect(Buffer.from(keys!).equals(Buffer.from(stepKeys!)), "keys").to.equal(true);
        expect(Buffer.from(leaves!).equals(Buffer.from(stepLeaves!)), "leaf hashes").to.equal(true);
        // Outside the slice nothing is written; inside, a derived salt is keccak256(secret ‖ id).
        for (let i = 0; i < n; i++) {
          const inside = i >= first && i < end;
          if (!inside) {
            expect(keys!.subarray(32 * i, 32 * i + 32).every((b) => b === 0)).to.equal(true);
            expect(leaves!.subarray(32 * i, 32 * i + 32).every((b) => b === 0)).to.equal(true);
          }
          const expected = inside && secret ? keccak256(Buffer.concat([secret, ids[i]!])) : salt(i);
          expect(Buffer.from(fused.salts.subarray(32 * i, 32 * i + 32)).equals(Buffer.from(expected))).to.equal(true);
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it("hashAccounts across the engine's chunks: more accounts than a chunk holds, and more id bytes", function () {
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    for (const [count, idBytes, first] of [
      [70_001, 9, 3], // past 65,536 accounts
      [700, 7_000, 1], // past 4 MiB of ids: the chunk is halved
    ] as const) {
      const ids = Array.from({ length: count }, (_, i) =>
        Uint8Array.from({ length: idBytes }, (_, b) => (i * 7 + b) & 0xff),
      );
      const amounts = Uint8Array.from({ length: 16 * 2 * count }, (_, i) => (i * 13) & 0xff);
      const fused = columnsOf(ids, amounts, () => new Uint8Array(32));
      const stepwise = columnsOf(ids, amounts, () => secret);
      const [keys, leaves, stepKeys, stepLeaves] = [0, 1, 2, 3].map(() => new Uint8Array(32 * count));
      const size = nodeSize(2);
      hashAccounts(engine, fused, secret, keys!, leaves!, size, first, count);
      deriveSalts(engine, stepwise, first, count);
      hashKeys(engine, stepwise, stepKeys!, first, count);
      hashLeaves(engine, stepwise, stepKeys!, stepLeaves!, size, first, count);
      const from = 32 * first;
      expect(
        Buffer.from(fused.salts.subarray(from)).equals(Buffer.from(stepwise.salts.subarray(from))),
        "salts",
      ).to.equal(true);
      expect(Buffer.from(keys!).equals(Buffer.from(stepKeys!)), "keys").to.equal(true);
      expect(Buffer.from(leaves!).equals(Buffer.from(stepLeaves!)), "leaf hashes").to.equal(true);
    }
  });
});
