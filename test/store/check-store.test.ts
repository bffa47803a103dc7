import { expect } from "chai";
import fc from "fast-check";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { checkTreeFolder } from "../../src/ops/check-tree.js";
import { joinPartFolders } from "../../src/ops/join-parts.js";
import { runCli } from "../helpers/cli.js";
import { scratchFolder } from "../helpers/files.js";
import { fuzzRuns } from "../helpers/fuzz.js";
import { manyAccounts, writeCsv } from "../helpers/balances-files.js";

const AS_OF = 1_764_000_000n;
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 1) & 0xff);

/** A tree of `count` accounts over several shards (1,024 leaves each), built once per test. */
async function builtTree(count: number) {
  const input = fc.sample(manyAccounts, { seed: 17, numRuns: 1 })[0]!;
  input.accounts = Array.from({ length: count }, (_, i) => ({
    accountId: i % 9 === 0 ? `cust, ${i} "q"` : `user-${i}`,
    balances: input.assets.map((_, a) => BigInt((i * 7919 + a) % 100_003)),
  }));
  const csv = await writeCsv(input);
  const folder = await scratchFolder("solvent-check-");
  const tree = join(folder, "tree");
  await buildFromCsv({ csv, out: tree, asOf: AS_OF, secret: SECRET, threads: 1 });
  return { csv, folder, tree };
}

/** Every store file of a tree folder, relative to it. */
async function storeFiles(tree: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of ["store/shards", "store/index"])
    for (const name of (await readdir(join(tree, sub))).sort()) files.push(`${sub}/${name}`);
  return files;
}

describe("solvent check: every proof of a store re-verified", function () {
  this.timeout(120_000);

  it("passes a built tree and a joined one", async function () {
    const { csv, folder, tree } = await builtTree(2_500);
    const built = await checkTreeFolder(tree);
    expect(built).to.include({ leaves: 2_500, shards: 3, problemCount: 0 });
    const parts = [0, 1, 2].map((part) => join(folder, `part-${part}`));
    for (const [part, out] of parts.entries())
      await buildFromCsv({ csv, out, asOf: AS_OF, secret: SECRET, threads: 1, partition: { part, parts: 3 } });
    const joined = join(folder, "joined");
    await joinPartFolders({ parts, out: joined });
    expect((await checkTreeFolder(joined)).problemCount).to.equal(0);
  });

  it("issue 20: one flipped bit anywhere in any store file is reported, with the file (property)", async function () {
    const { tree } = await builtTree(2_100);
    const files = await storeFiles(tree);
    const contents = new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(tree, f))] as const)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.nat(), fc.integer({ min: 0, max: 7 }), async (file, at, bit) => {
        const original = contents.get(file)!;
        const damaged = Buffer.from(original);
        damaged[at % damaged.length]! ^= 1 << bit;
        await writeFile(join(tree, file), damaged);
        try {
          const result = await checkTreeFolder(tree);
          expect(result.problemCount, `${file} byte ${at % damaged.length} bit ${bit}`).to.be.greaterThan(0);
          expect(result.problems.map((p) => p.file)).to.include(file);
        } finally {
          await writeFile(join(tree, file), original);
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
    expect((await checkTreeFolder(tree)).problemCount, "restored").to.equal(0);
  });

  it("issue 20: a shard cut short, a missing shard and a missing index bucket are each named", async function () {
    const { tree } = await builtTree(2_100);
    const shard = join(tree, "store/shards/000001.bin");
    const bytes = await readFile(shard);
    await writeFile(shard, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await rm(join(tree, "store/shards/000002.bin"));
    const buckets = (await readdir(join(tree, "store/index"))).sort();
    await rm(join(tree, "store/index", buckets[0]!));
    const { problems } = await checkTreeFolder(tree);
    expect(problems).to.deep.include({
      file: "store/shards/000001.bin",
      problem: "this shard of the proof store is damaged (truncated)",
    });
    expect(problems).to.deep.include({ file: "store/shards/000002.bin", problem: "missing" });
    expect(problems).to.deep.include({ file: `store/index/${buckets[0]}`, problem: "missing" });
    expect(problems.map((p) => p.problem).join("\n")).to.match(/account\(s\) are in no index bucket/);
  });

  it("solvent check exits 0 for a sound store, 1 with each problem named, 2 for a folder that is not a tree", async function () {
    const { tree } = await builtTree(1_100);
    const sound = await runCli("check", tree);
    expect(sound.code, sound.stderr).to.equal(0);
    expect(sound.stdout).to.match(/^✔ Every proof checks out: 1100 accounts in 2 shard\(s\)/);
    const leaf = join(tree, "store/shards/000000.bin");
    const bytes = await readFile(leaf);
    bytes[bytes.length - 1]! ^= 0x01;
    await writeFile(leaf, bytes);
    const damaged = await runCli("check", tree, "--json");
    expect(damaged.code).to.equal(1);
    const report = JSON.parse(damaged.stdout) as { ok: boolean; problemCount: number; problems: { file: string }[] };
    expect(report.ok).to.equal(false);
    expect(report.problems[0]!.file).to.equal("store/shards/000000.bin");
    const text = await runCli("check", tree);
    expect(text.stdout).to.contain("Do not post this root; build the tree again.");
    expect((await runCli("check", await scratchFolder())).code).to.equal(2);
  });
});
