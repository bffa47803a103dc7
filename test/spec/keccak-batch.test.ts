import { expect } from "chai";
import { keccak256 as ethersKeccak } from "ethers";
import fc from "fast-check";
import { fuzzRuns } from "../helpers/fuzz.js";
import { readFile } from "node:fs/promises";
import { assembleKeccakWasm, generatedKeccakModule } from "../../scripts/keccak-assemble.js";
import { compactBound, KeccakEngine } from "../../src/spec/keccak-batch.js";
import { readWord, toHex, writeWord } from "../../src/spec/bytes.js";
import { emptyNode, nodeSize, writeLeafRecord, writeNode } from "../../src/spec/encoding.js";

const engine = new KeccakEngine();
const amount = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }));

/** Random records of `assetCount` assets: a random hash word and sums below 2^126 (so pairs never overflow). */
function records(count: number, assetCount: number, seed: number): Uint8Array {
  const size = nodeSize(assetCount);
  const bytes = new Uint8Array(count * size);
  let state = seed >>> 0 || 1;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) >>> 0), state);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < 32; i++) bytes[r * size + i] = next() & 0xff;
    for (let a = 0; a < assetCount; a++)
      writeWord(bytes, r * size + 32 * (a + 1), (BigInt(next()) << 94n) | BigInt(next()));
  }
  return bytes;
}

/** The parent level by the reference encoding, one node at a time. */
function referenceLevel(below: Uint8Array, assetCount: number, level: number): Uint8Array | undefined {
  const size = nodeSize(assetCount);
  const count = below.length / size;
  const above = new Uint8Array(Math.ceil(count / 2) * size);
  const scratch = new Uint8Array(1 + 2 * size);
  for (let p = 0; p < above.length / size; p++) {
    const pair = new Uint8Array(2 * size);
    pair.set(below.subarray(2 * p * size, Math.min(below.length, (2 * p + 2) * size)));
    if (2 * p + 1 >= count) pair.set(emptyNode(assetCount, level), size);
    if (!writeNode(above, p * size, pair, assetCount, scratch)) return undefined;
  }
  return above;
}

describe("batched WebAssembly keccak", function () {
  it("equals keccak-256 for any input length (property)", function () {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 700 }),
        (data) => toHex(engine.keccak(data)) === ethersKeccak(data),
      ),
      { numRuns: fuzzRuns(500) },
    );
    // Every length around the 136-byte rate boundary, where padding shares or gets its own block.
    for (let length = 130; length <= 280; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(toHex(engine.keccak(data)), `length ${length}`).to.equal(ethersKeccak(data));
    }
  });

  it("hashItems hashes each item of a batch as keccak-256 alone would (property)", function () {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 40 }), (items) => {
        const offsets = new Uint32Array(items.length + 1);
        items.forEach((item, i) => (offsets[i + 1] = offsets[i]! + item.length));
        const data = new Uint8Array(offsets[items.length]!);
        items.forEach((item, i) => data.set(item, offsets[i]!));
        const out = new Uint8Array(32 * items.length);
        engine.hashItems(data, offsets, out);
        return items.every((item, i) => toHex(out.subarray(32 * i, 32 * i + 32)) === ethersKeccak(item));
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it("hashLeaves equals the reference leaf encoding (property)", function () {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((k) =>
            fc.array(
              fc.tuple(
                fc.uint8Array({ minLength: 32, maxLength: 32 }),
                fc.array(amount, { minLength: k, maxLength: k }),
              ),
              { minLength: 1, maxLength: 20 },
            ),
          ),
        (leaves) => {
          const k = leaves[0]![1].length;
          const size = nodeSize(k);
          const batch = new Uint8Array(leaves.length * size);
          const reference = new Uint8Array(leaves.length * size);
          const scratch = new Uint8Array(1 + size);
          leaves.forEach(([key, balances], i) => {
            batch.set(key, i * size);
            balances.forEach((b, a) => writeWord(batch, i * size + 32 * (a + 1), b));
            writeLeafRecord(reference, i * size, key, balances, scratch);
          });
          engine.hashLeaves(batch, size);
          return Buffer.from(batch).equals(Buffer.from(reference));
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
  });

  it("buildLevel equals the reference node encoding, odd counts and chunk boundaries included (property)", function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 65 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer(),
        (k, count, level, seed) => {
          const below = records(count, k, seed);
          const above = new Uint8Array(Math.ceil(count / 2) * nodeSize(k));
          expect(engine.buildLevel(below, above, nodeSize(k), k, emptyNode(k, level))).to.equal(true);
          return Buffer.from(above).equals(Buffer.from(referenceLevel(below, k, level)!));
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
    // 70,001 one-asset records span three 4 MiB chunks and end odd.
    const below = records(70_001, 1, 7);
    const above = new Uint8Array(35_001 * nodeSize(1));
    expect(engine.buildLevel(below, above, nodeSize(1), 1, emptyNode(1, 3))).to.equal(true);
    expect(Buffer.from(above).equals(Buffer.from(referenceLevel(below, 1, 3)!))).to.equal(true);
  });

  it("buildLevel refuses a sum that reaches 2^128, exactly at the boundary", function () {
    const size = nodeSize(2);
    for (const [left, right, ok] of [
      [(1n << 128n) - 2n, 1n, true],
      [(1n << 128n) - 1n, 1n, false],
      [1n << 127n, 1n << 127n, false],
      [(1n << 64n) - 1n, 1n, true],
      [((1n << 64n) - 1n) << 64n, (1n << 64n) - 1n, true],
      [((1n << 64n) - 1n) << 64n, 1n << 64n, false],
    ] as const) {
      const below = new Uint8Array(2 * size);
      writeWord(below, 64, left); // second asset
      writeWord(below, size + 64, right);
      const above = new Uint8Array(size);
      expect(engine.buildLevel(below, above, size, 2, emptyNode(2, 0)), `${left} + ${right}`).to.equal(ok);
      expect(referenceLevel(below, 2, 0) !== undefined, `reference ${left} + ${right}`).to.equal(ok);
    }
  });

  /** The proof store's compact records, one bigint at a time: hash, then per sum its length and bytes. */
  function referenceCompact(records: Uint8Array, assetCount: number): Uint8Array {
    const size = nodeSize(assetCount);
    const out: number[] = [];
    for (let r = 0; r < records.length; r += size) {
      out.push(...records.subarray(r, r + 32));
      for (let a = 1; a <= assetCount; a++) {
        let sum = readWord(records, r + 32 * a);
        const bytes: number[] = [];
        for (; sum > 0n; sum >>= 8n) bytes.unshift(Number(sum & 0xffn));
        out.push(bytes.length, ...bytes);
      }
    }
    return Uint8Array.from(out);
  }

  /** A sum of each significant length 0 … 16 bytes, the ends of each range included. */
  const sumOfLength = fc
    .integer({ min: 0, max: 16 })
    .chain((n) =>
      n === 0 ? fc.constant(0n) : fc.bigInt({ min: 1n << BigInt(8 * (n - 1)), max: (1n << BigInt(8 * n)) - 1n }),
    );
  const compactInput = fc.integer({ min: 1, max: 6 }).chain((k) =>
    fc.tuple(
      fc.constant(k),
      fc.array(
        fc.tuple(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.array(sumOfLength, { minLength: k, maxLength: k }),
        ),
        {
          minLength: 1,
          maxLength: 40,
        },
      ),
    ),
  );
  const recordsOf = (k: number, rows: [Uint8Array, bigint[]][]) => {
    const size = nodeSize(k);
    const bytes = new Uint8Array(rows.length * size);
    rows.forEach(([hash, sums], r) => {
      bytes.set(hash, r * size);
      sums.forEach((sum, a) => writeWord(bytes, r * size + 32 * (a + 1), sum));
    });
    return bytes;
  };

  it("compactRecords equals the proof store's encoding, every sum length included (property)", function () {
    fc.assert(
      fc.property(compactInput, ([k, rows]) => {
        const bytes = recordsOf(k, rows);
        return Buffer.from(engine.compactRecords(bytes, nodeSize(k), k)).equals(
          Buffer.from(referenceCompact(bytes, k)),
        );
      }),
      { numRuns: fuzzRuns(300) },
    );
    // The boundaries of the 64-bit halves, one record each.
    for (const sum of [1n, 255n, 256n, (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n, (1n << 128n) - 1n]) {
      const bytes = recordsOf(1, [[new Uint8Array(32).fill(9), [sum]]]);
      expect(Buffer.from(engine.compactRecords(bytes, nodeSize(1), 1)), `${sum}`).to.deep.equal(
        Buffer.from(referenceCompact(bytes, 1)),
      );
    }
  });

  it("compactRecordsIn leaves its records alone and writes at most 16 bytes past the end it returns (property)", function () {
    fc.assert(
      fc.property(compactInput, ([k, rows]) => {
        const bytes = recordsOf(k, rows);
        const expected = referenceCompact(bytes, k);
        const space = engine.workspace(bytes.length + compactBound(rows.length, k) + 64);
        space.set(bytes, 0);
        space.fill(0xaa, bytes.length);
        const end = engine.compactRecordsIn(0, rows.length, nodeSize(k), k, bytes.length);
        expect(end).to.equal(bytes.length + expected.length);
        expect(Buffer.from(space.subarray(0, bytes.length)).equals(Buffer.from(bytes))).to.equal(true);
        expect(Buffer.from(space.subarray(bytes.length, end)).equals(Buffer.from(expected))).to.equal(true);
        return space.subarray(end + 16).every((byte) => byte === 0xaa);
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it("a workspace is refused once another method of the engine has used its memory", function () {
    const own = new KeccakEngine();
    const size = nodeSize(1);
    own.workspace(4 * size);
    expect(own.compactRecordsIn(0, 1, size, 1, 2 * size)).to.equal(2 * size + 33);
    // A later, larger workspace (the memory grows) keeps what the first one held.
    own.workspace(4 * size).fill(7, 0, size);
    const grown = own.workspace(1 << 22);
    expect(grown.subarray(0, size).every((byte) => byte === 7)).to.equal(true);
    // The record is all 7s: its hash, then a length byte and the 16 bytes of its sum.
    expect(own.compactRecordsIn(0, 1, size, 1, 2 * size)).to.equal(2 * size + 32 + 1 + 16);
    own.keccak(new Uint8Array(3));
    expect(() => own.compactRecordsIn(0, 1, size, 1, 2 * size)).to.throw(/workspace was overwritten/);
    expect(() => own.buildLevelIn(0, 2, size, 1, 2 * size, 3 * size)).to.throw(/workspace was overwritten/);
    // compactRecords uses the same memory: it ends a workspace too.
    own.workspace(4 * size);
    own.compactRecords(new Uint8Array(size), size, 1);
    expect(() => own.compactRecordsIn(0, 1, size, 1, 2 * size)).to.throw(/workspace was overwritten/);
    // Output that could run past the workspace is refused, not cut short.
    own.workspace(2 * size + 32);
    expect(() => own.compactRecordsIn(0, 1, size, 1, 2 * size)).to.throw(/no room/);
  });

  it("the module stays under 4 KB, which browsers compile synchronously on the verifier page's main thread", async function () {
    expect((await assembleKeccakWasm()).length).to.be.below(4096);
  });

  it("the committed module is what scripts/build-keccak-wasm.ts assembles (npm run build:keccak)", async function () {
    const committed = await readFile("src/spec/keccak-wasm.generated.ts", "utf8");
    expect(committed).to.equal(generatedKeccakModule(await assembleKeccakWasm()));
  });
});
