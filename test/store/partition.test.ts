import { expect } from "chai";
import fc from "fast-check";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { joinPartFolders } from "../../src/ops/join-parts.js";
import { readProofFromFolder } from "../../src/store/tree-folder.js";
import { randomTree } from "../helpers/arbitraries.js";
import { expectInputError } from "../helpers/assert.js";
import { scratchFolder } from "../helpers/files.js";
import { fuzzRuns } from "../helpers/fuzz.js";
import { loadVectors } from "../helpers/vectors.js";
import { folderFiles, manyAccounts, writeCsv, type Input } from "../helpers/balances-files.js";

const AS_OF = 1_764_000_000n;
const fixedClock = () => 0;
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 0xff);

/** The single build and the partitioned build of one CSV (parts built and listed in a shuffled order). */
async function buildBoth(csv: string, parts: number, shuffle: number[], threads = 1, partBatchRows?: number) {
  const folder = await scratchFolder("solvent-part-");
  const common = { csv, asOf: AS_OF, secret: SECRET, now: fixedClock, threads };
  const single = join(folder, "single");
  await buildFromCsv({ ...common, out: single });
  const order = Array.from({ length: parts }, (_, i) => i).sort((a, b) => (shuffle[a] ?? 0) - (shuffle[b] ?? 0));
  const partFolders: string[] = [];
  for (const part of order) {
    const out = join(folder, `part-${part}`);
    await buildFromCsv({ ...common, out, partition: { part, parts }, ...(partBatchRows ? { partBatchRows } : {}) });
    partFolders.push(out);
  }
  const joined = join(folder, "joined");
  await joinPartFolders({ parts: partFolders, out: joined, now: fixedClock });
  return { single, joined, partFolders };
}

async function expectSameFolders(single: string, joined: string, ids: string[]) {
  const files = await folderFiles(single);
  expect(Object.keys(files)).to.include("summary.json");
  expect(Object.keys(files)).not.to.include("secret"); // given with --secret: not copied
  expect(await folderFiles(joined)).to.deep.equal(files);
  for (const id of ids) {
    const [a, b] = await Promise.all([readProofFromFolder(single, id), readProofFromFolder(joined, id)]);
    expect(b.text).to.equal(a.text);
  }
}

describe("partitioned build + join", function () {
  this.timeout(600_000);

  it("is byte for byte the single build: summary, store, every proof (property: random inputs and part counts)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(randomTree(70), manyAccounts),
        fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 7, max: 40 })),
        fc.array(fc.integer(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 3_000 }),
        async (input, parts, shuffle, batchRows) => {
          const csv = await writeCsv(input);
          const { single, joined } = await buildBoth(csv, parts, shuffle, 1, batchRows);
          const ids = input.accounts.map((a) => a.accountId);
          // Every proof on small trees; on large ones the first, the last and a spread between.
          const sample = ids.length <= 100 ? ids : ids.filter((_, i) => i % 97 === 0 || i === ids.length - 1);
          await expectSameFolders(single, joined, sample);
        },
      ),
      { numRuns: fuzzRuns(6) },
    );
  });

  it("on worker threads too, across many shards and parts that share shards", async function () {
    const input = fc.sample(manyAccounts, { seed: 7, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 70_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 7919 + a) % 100_003)),
    }));
    const csv = await writeCsv(input);
    const { single, joined } = await buildBoth(csv, 5, [4, 1, 3, 0, 2], 2, 9_000);
    await expectSameFolders(single, joined, ["user-0", "user-69999", "user-31337"]);
  });

  it("matches the spec vectors, whole and in parts", async function () {
    for (const vector of loadVectors().cases) {
      const input: Input = {
        assets: vector.assets,
        accounts: vector.accounts.map((a) => ({
          accountId: a.accountId,
          saltHex: a.salt,
          balances: a.balances.map(BigInt),
        })),
      };
      const csv = await writeCsv(input);
      for (const parts of [1, 2, 3, 7]) {
        const { single, joined } = await buildBoth(csv, parts, [3, 1, 2, 0, 6, 5, 4]);
        for (const folder of [single, joined]) {
          const summary = JSON.parse(await readFile(join(folder, "summary.json"), "utf8")) as Record<string, unknown>;
          expect(summary.root).to.equal(vector.expected.root);
          expect(summary.totals).to.deep.equal(vector.expected.totals);
          for (const expected of vector.proofs as { leaf: { index: string; accountId: string } }[]) {
            const got = JSON.parse((await readProofFromFolder(folder, expected.leaf.accountId)).text) as Record<
              string,
              unknown
            >;
            delete got.decimals;
            const want = JSON.parse(JSON.stringify(expected)) as { leaf: { accountId: string } };
            want.leaf.accountId = want.leaf.accountId.normalize("NFC");
            expect(got).to.deep.equal(want);
          }
        }
        await expectSameFolders(single, joined, []);
      }
    }
  });

  it("refuses parts of different builds, a missing part, and a part given twice", async function () {
    const input = fc.sample(manyAccounts, { seed: 3, numRuns: 1 })[0]!;
    const csv = await writeCsv(input);
    const { partFolders } = await buildBoth(csv, 3, [0, 1, 2]);
    const out = join(await scratchFolder(), "joined");
    await expectInputError(joinPartFolders({ parts: partFolders.slice(0, 2), out }), /missing 2\/3/);
    await expectInputError(
      joinPartFolders({ parts: [...partFolders, partFolders[0]!], out }),
      /each of the 3 parts once/,
    );
    const other = join(await scratchFolder(), "other");
    const otherSecret = SECRET.map((b) => b ^ 1);
    await buildFromCsv({ csv, out: other, asOf: AS_OF, secret: otherSecret, partition: { part: 1, parts: 3 } });
    await expectInputError(
      joinPartFolders({ parts: [partFolders[0]!, other, partFolders[2]!], out }),
      /another build secret/,
    );
  });

  it("refuses a part damaged or edited after it was built: a block's sums changed, a shard file missing", async function () {
    const input = fc.sample(manyAccounts, { seed: 11, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 9_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 31 + a) % 10_007) + 1n),
    }));
    const csv = await writeCsv(input);
    const { partFolders } = await buildBoth(csv, 3, [0, 1, 2]);
    const edited = join(await scratchFolder(), "part-1-edited");
    await cp(partFolders[1]!, edited, { recursive: true });
    const manifest = JSON.parse(await readFile(join(edited, "part.json"), "utf8")) as {
      blocks: { record: string }[];
    };
    expect(manifest.blocks.length, "the part has blocks to edit").to.be.greaterThan(0);
    // Lower the first asset's sum in the part's first block: the liabilities it reports drop.
    const record = manifest.blocks[0]!.record;
    const sumEnd = 2 + 64 + 64;
    manifest.blocks[0]!.record = record.slice(0, sumEnd - 2) + "00" + record.slice(sumEnd);
    expect(manifest.blocks[0]!.record).not.to.equal(record);
    await writeFile(join(edited, "part.json"), JSON.stringify(manifest));
    const out = join(await scratchFolder(), "joined");
    await expectInputError(
      joinPartFolders({ parts: [partFolders[0]!, edited, partFolders[2]!], out }),
      /does not check out.*build it again/s,
    );

    const missing = join(await scratchFolder(), "part-2-missing");
    await cp(partFolders[2]!, missing, { recursive: true });
    const shards = (await readdir(join(missing, "store", "shards"))).sort();
    await rm(join(missing, "store", "shards", shards[0]!));
    await expectInputError(
      joinPartFolders({ parts: [partFolders[0]!, partFolders[1]!, missing], out }),
      /lacks its shard file/,
    );
  });

  it("issue 20: the join writes the shared shards with the build's one shard writer, and refuses a shared leaf whose part.json claims 2^128 or more", async function () {
    const input = fc.sample(manyAccounts, { seed: 12, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 5_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 37 + a) % 9_973) + 1n),
    }));
    const csv = await writeCsv(input);
    const { single, joined, partFolders } = await buildBoth(csv, 3, [0, 1, 2]);
    // The shared shards (leaves of two parts) are byte for byte the single build's.
    const singleFiles = await folderFiles(single);
    const joinedFiles = await folderFiles(joined);
    for (const name of Object.keys(singleFiles).filter((n) => n.includes("shards")))
      expect(joinedFiles[name], name).to.equal(singleFiles[name]);
    const edited = join(await scratchFolder(), "part-1-edited");
    await cp(partFolders[1]!, edited, { recursive: true });
    const manifest = JSON.parse(await readFile(join(edited, "part.json"), "utf8")) as {
      fragments: { leaves: { record: string }[] }[];
    };
    expect(manifest.fragments.length, "the part shares a shard").to.be.greaterThan(0);
    // The high half of the leaf's first sum word: a balance no CSV row can hold.
    const record = manifest.fragments[0]!.leaves[0]!.record;
    manifest.fragments[0]!.leaves[0]!.record = record.slice(0, 2 + 64) + "01" + record.slice(2 + 64 + 2);
    await writeFile(join(edited, "part.json"), JSON.stringify(manifest));
    await expectInputError(
      joinPartFolders({ parts: [partFolders[0]!, edited, partFolders[2]!], out: join(await scratchFolder(), "j") }),
      /2\^128 or more: a part\.json is damaged/,
    );
  });

  it("issue 20: a part whose shard was cut short in a copy, or has one flipped byte, or whose index changed, is refused by file name (every byte checked)", async function () {
    const input = fc.sample(manyAccounts, { seed: 13, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 9_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 31 + a) % 10_007) + 1n),
    }));
    const csv = await writeCsv(input);
    const { partFolders } = await buildBoth(csv, 3, [0, 1, 2]);
    const out = join(await scratchFolder(), "joined");
    const damagedCopy = async (change: (folder: string, shard: string) => Promise<void>) => {
      const copy = join(await scratchFolder(), "part-1-damaged");
      await cp(partFolders[1]!, copy, { recursive: true });
      const shards = (await readdir(join(copy, "store", "shards"))).sort();
      // A shard in the middle of the part: not one the join's sampled proofs would read.
      await change(copy, join(copy, "store", "shards", shards[Math.floor(shards.length / 2)]!));
      return [partFolders[0]!, copy, partFolders[2]!];
    };
    const cutShort = await damagedCopy(async (_, shard) => {
      const bytes = await readFile(shard);
      await writeFile(shard, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    });
    await expectInputError(
      joinPartFolders({ parts: cutShort, out }),
      /part 1\/3 .*store\/shards\/\d{6}\.bin is not the file the part wrote .*copy the part's folder again whole/s,
    );
    const flipped = await damagedCopy(async (_, shard) => {
      const bytes = await readFile(shard);
      bytes[bytes.length - 40]! ^= 0x01;
      await writeFile(shard, bytes);
    });
    await expectInputError(joinPartFolders({ parts: flipped, out }), /store\/shards\/\d{6}\.bin is not the file/);
    const index = await damagedCopy(async (folder) => {
      const bytes = await readFile(join(folder, "index.bin"));
      bytes[bytes.length - 1]! ^= 0x20;
      await writeFile(join(folder, "index.bin"), bytes);
    });
    await expectInputError(joinPartFolders({ parts: index, out }), /index\.bin is not the file the part wrote/);
    // Nothing of a refused join is left behind.
    await readdir(out).then(
      () => expect.fail("no output folder expected"),
      () => undefined,
    );
  });

  it("issue 20 (review): one changed salt, id or leaf record among part.json's shared leaves is refused, not joined into broken proofs", async function () {
    const input = fc.sample(manyAccounts, { seed: 19, numRuns: 1 })[0]!;
    input.accounts = Array.from({ length: 5_000 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: input.assets.map((_, a) => BigInt((i * 31 + a) % 10_007) + 1n),
    }));
    const csv = await writeCsv(input);
    const { partFolders } = await buildBoth(csv, 2, [0, 1]);
    const out = join(await scratchFolder(), "joined");
    type Manifest = { fragments: { leaves: { id: string; salt: string; record: string }[] }[] };
    for (const field of ["salt", "id", "record"] as const) {
      const copy = join(await scratchFolder(), `part-0-${field}`);
      await cp(partFolders[0]!, copy, { recursive: true });
      const manifest = JSON.parse(await readFile(join(copy, "part.json"), "utf8")) as Manifest;
      const leaf = manifest.fragments.at(-1)!.leaves[3]!;
      // One character: the salt's last hex digit, the id's last letter, a digit of the leaf's hash.
      const flip = (text: string, at: number) =>
        text.slice(0, at) + (text[at] === "1" ? "2" : "1") + text.slice(at + 1);
      if (field === "salt") leaf.salt = flip(leaf.salt, leaf.salt.length - 1);
      if (field === "id") leaf.id = flip(leaf.id, leaf.id.length - 1);
      if (field === "record") leaf.record = flip(leaf.record, 10);
      await writeFile(join(copy, "part.json"), JSON.stringify(manifest));
      await expectInputError(
        joinPartFolders({ parts: [copy, partFolders[1]!], out }),
        /shared leaf at position \d+ does not hash from its id, salt and balances/,
      );
    }
  });

  it("refuses an account on two rows with different salts, in a part or at the join", async function () {
    const salt = (byte: number) => `0x${byte.toString(16).padStart(2, "0").repeat(32)}`;
    for (let copy = 1; copy < 12; copy++) {
      const accounts = [0, 1, 2, 3, 4].map((i) => ({ accountId: `u${i}`, saltHex: salt(i + 1), balances: [1n] }));
      accounts.push({ accountId: "u0", saltHex: salt(100 + copy), balances: [2n] });
      const csv = await writeCsv({ assets: [{ symbol: "X", decimals: 0 }], accounts });
      const folder = await scratchFolder();
      const common = { csv, asOf: AS_OF, now: fixedClock, threads: 1 };
      const built = await Promise.allSettled(
        [0, 1, 2, 3].map((part) =>
          buildFromCsv({ ...common, out: join(folder, `p${part}`), partition: { part, parts: 4 } }),
        ),
      );
      const failed = built.find((result) => result.status === "rejected");
      if (failed) expect(String((failed as PromiseRejectedResult).reason)).to.match(/"u0" appears twice/);
      else
        await expectInputError(
          joinPartFolders({ parts: [0, 1, 2, 3].map((p) => join(folder, `p${p}`)), out: join(folder, "t") }),
          /account "u0" appears twice in balances\.csv \(in two parts, with different salts\)/,
        );
    }
  });

  it("needs --as-of, and a shared secret when the CSV has no salt column", async function () {
    const csv = await writeCsv(fc.sample(manyAccounts, { seed: 5, numRuns: 1 })[0]!);
    const out = join(await scratchFolder(), "part");
    await expectInputError(buildFromCsv({ csv, out, partition: { part: 0, parts: 2 } }), /needs --as-of/);
    await expectInputError(
      buildFromCsv({ csv, out, asOf: AS_OF, partition: { part: 0, parts: 2 } }),
      /pass --secret build\.secret to every part/,
    );
  });
});
