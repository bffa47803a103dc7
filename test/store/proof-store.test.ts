import { expect } from "chai";
import fc from "fast-check";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildTree, proofAt, serializeProof, verifyProof, type Asset } from "../../src/index.js";
import { encodeIndexBuckets } from "../../src/store/format/index-bucket.js";
import { storeLayout } from "../../src/store/format/layout.js";
import { readProofFromStore } from "../../src/store/proof-store.js";
import { writeProofStore } from "../helpers/reference-store.js";
import { readProofFromFolder } from "../../src/store/tree-folder.js";
import { leafAt } from "../../src/tree/build.js";
import { columnsFromAccounts } from "../../src/tree/columns.js";
import { randomTree } from "../helpers/arbitraries.js";
import { expectInputError } from "../helpers/assert.js";
import { scratchFolder } from "../helpers/files.js";

const salt = (i: number) => Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j) & 0xff);

/** The same accounts built from columns (for the store) and from objects (for the reference proofs). */
function bothTrees(assets: Asset[], accounts: { accountId: string; balances: readonly bigint[] }[]) {
  const salted = accounts.map((account, i) => ({ ...account, salt: salt(i) }));
  return {
    columnTree: buildTree(
      assets,
      columnsFromAccounts(assets, salted, () => salt(0)),
    ),
    sumTree: buildTree(assets, salted),
  };
}

describe("proof store (sharded, compressed)", function () {
  this.timeout(120_000);

  it("gives every account exactly the proof proofAt gives (property, small trees)", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(40), async ({ assets, accounts }) => {
        const { columnTree, sumTree } = bothTrees(assets, accounts);
        const folder = await scratchFolder("solvent-store-");
        await writeProofStore(folder, columnTree);
        for (let i = 0; i < sumTree.leafCount; i++) {
          const proof = await readProofFromStore(folder, leafAt(sumTree, i).accountId, sumTree);
          expect(serializeProof(proof)).to.equal(serializeProof(proofAt(sumTree, i)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("spans shards: proofs at shard edges and the padded tail are right and verify", async function () {
    const assets: Asset[] = [
      { symbol: "BTC", decimals: 8 },
      { symbol: "USDT", decimals: 6 },
    ];
    const accounts = Array.from({ length: 9_001 }, (_, i) => ({
      accountId: `user-${i}`,
      balances: [BigInt(i), BigInt(i % 13)],
    }));
    const { columnTree, sumTree } = bothTrees(assets, accounts);
    const folder = await scratchFolder("solvent-store-");
    const layout = await writeProofStore(folder, columnTree);
    expect(layout).to.deep.equal({ shardHeight: 10, shards: 9, buckets: 32 });
    for (const i of [0, 1, 1023, 1024, 1025, 4095, 4096, 8191, 8192, 8999, 9000]) {
      const proof = await readProofFromStore(folder, leafAt(sumTree, i).accountId, sumTree);
      expect(serializeProof(proof), `leaf ${i}`).to.equal(serializeProof(proofAt(sumTree, i)));
      expect(verifyProof(proof)).to.deep.equal({ valid: true });
    }
  });

  it("writes the same index a group of buckets at a time as all at once (property)", function () {
    fc.assert(
      fc.property(
        randomTree(60),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 16 }),
        ({ assets, accounts }, groupBytes, buckets) => {
          const { columnTree } = bothTrees(assets, accounts);
          const whole = [...encodeIndexBuckets(columnTree.columns, columnTree.order, buckets, Infinity)];
          const grouped = [...encodeIndexBuckets(columnTree.columns, columnTree.order, buckets, groupBytes)];
          expect(whole.map(([b]) => b)).to.deep.equal(Array.from({ length: buckets }, (_, b) => b));
          expect(grouped).to.deep.equal(whole);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("names an unknown account, and refuses a damaged shard", async function () {
    const assets: Asset[] = [{ symbol: "BTC", decimals: 8 }];
    const { columnTree, sumTree } = bothTrees(assets, [
      { accountId: "alice", balances: [1n] },
      { accountId: "bob", balances: [2n] },
    ]);
    const folder = await scratchFolder("solvent-store-");
    await writeProofStore(folder, columnTree);
    await expectInputError(readProofFromStore(folder, "carol", sumTree), /no account "carol" in this tree/);
    const shard = join(folder, "store", "shards", "000000.bin");
    const bytes = await readFile(shard);
    await writeFile(shard, bytes.subarray(0, bytes.length - 5));
    await expectInputError(readProofFromStore(folder, "alice", sumTree), /damaged \(truncated\); rebuild the tree/);
    await writeFile(shard, "not a shard");
    await expectInputError(readProofFromStore(folder, "alice", sumTree), /damaged \(no shard header\)/);
    await writeFile(join(folder, "store", "index", "000000.bin"), "SLVI");
    await expectInputError(
      readProofFromStore(folder, "alice", sumTree),
      /index file of the proof store is damaged \(no index header\)/,
    );
  });

  it("still reads proofs from a v1 tree folder (one JSON file per proof)", async function () {
    const assets: Asset[] = [{ symbol: "BTC", decimals: 8 }];
    const { sumTree } = bothTrees(assets, [
      { accountId: "alice", balances: [1n] },
      { accountId: "bob", balances: [2n] },
    ]);
    const folder = await scratchFolder("solvent-v1-");
    const summary = {
      format: "solvent-tree-v1",
      assets,
      leafCount: 2,
      depth: 1,
      root: sumTree.root,
      totals: ["3"],
      asOf: "1",
      input: { file: "x.csv", sha256: "0", bytes: 1 },
      builtAt: "",
      buildMilliseconds: 0,
    };
    await writeFile(join(folder, "summary.json"), JSON.stringify(summary));
    const index = Object.fromEntries([0, 1].map((i) => [leafAt(sumTree, i).accountId, i]));
    await writeFile(join(folder, "accounts.json"), JSON.stringify({ format: "solvent-accounts-v1", accounts: index }));
    await mkdir(join(folder, "proofs", "0000"), { recursive: true });
    for (let i = 0; i < 2; i++)
      await writeFile(join(folder, "proofs", "0000", `${i}.json`), serializeProof(proofAt(sumTree, i)));
    const { text } = await readProofFromFolder(folder, "bob");
    expect(text).to.equal(serializeProof(proofAt(sumTree, index.bob!)));
    expect(storeLayout(2, 1).shardHeight).to.equal(1);
  });
});
