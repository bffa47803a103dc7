import { expect } from "chai";
import { network } from "hardhat";
import { buildTree, parseProof, proofAt, serializeProof, verifyProof } from "../../src/index.js";
import { accountKey, emptyNode, leafHash } from "../../src/spec/encoding.js";
import { fromHex, toHex } from "../../src/spec/bytes.js";
import { leafAt } from "../../src/tree/build.js";
import { assetArgs, deployRegistry, inclusionArgs, now } from "../helpers/registry.js";
import { loadVectors } from "../helpers/vectors.js";

const { ethers } = await network.create();
const vectors = loadVectors();

function buildCase(vector: (typeof vectors.cases)[number]) {
  return buildTree(
    vector.assets,
    vector.accounts.map((account) => ({
      accountId: account.accountId,
      salt: fromHex(account.salt, 32, "salt"),
      balances: account.balances.map(BigInt),
    })),
  );
}

/** A proof as the vector file writes it, with accountId compared in NFC (the builder writes NFC). */
function normalized(proof: Record<string, unknown>): unknown {
  const copy = JSON.parse(JSON.stringify(proof)) as { leaf: { accountId?: string }; decimals?: unknown };
  if (copy.leaf.accountId !== undefined) copy.leaf.accountId = copy.leaf.accountId.normalize("NFC");
  delete copy.decimals;
  return copy;
}

describe("shared vectors (tree-v1.json)", function () {
  it("is the format this suite knows", function () {
    expect(vectors.format).to.equal("solvent-vectors-v1");
    expect(vectors.cases.map((c) => c.name)).to.deep.equal([
      "single-account",
      "two-accounts-two-assets",
      "five-accounts-padding",
    ]);
  });

  describe("TypeScript", function () {
    for (const vector of vectors.cases) {
      describe(vector.name, function () {
        it("derives every account key and leaf hash", function () {
          for (const account of vector.accounts) {
            const key = accountKey(fromHex(account.salt, 32, "salt"), account.accountId);
            expect(toHex(key)).to.equal(account.accountKey);
            expect(toHex(leafHash(key, account.balances.map(BigInt)))).to.equal(account.leafHash);
          }
        });

        it("builds the expected shape, root and totals", function () {
          const tree = buildCase(vector);
          expect(tree.leafCount).to.equal(vector.expected.leafCount);
          expect(tree.depth).to.equal(vector.expected.depth);
          expect(tree.root).to.equal(vector.expected.root);
          expect(tree.totals.map(String)).to.deep.equal(vector.expected.totals);
          expect(Array.from({ length: tree.leafCount }, (_, p) => toHex(leafAt(tree, p).key))).to.deep.equal(
            vector.expected.sortedAccountKeys,
          );
        });

        it("produces every proof exactly, and each verifies and round-trips", function () {
          const tree = buildCase(vector);
          vector.proofs.forEach((expected, index) => {
            const proof = proofAt(tree, index);
            expect(normalized(JSON.parse(serializeProof(proof)) as Record<string, unknown>)).to.deep.equal(
              normalized(expected),
            );
            const loaded = parseProof(JSON.stringify(expected), `${vector.name}#${index}`);
            expect(verifyProof(loaded)).to.deep.equal({ valid: true });
          });
        });
      });
    }

    it("matches the empty-subtree hashes", function () {
      for (const [label, hashes] of Object.entries(vectors.emptySubtreeHashes)) {
        const assetCount = Number(label.replace("K=", ""));
        hashes.forEach((hash, level) =>
          expect(toHex(emptyNode(assetCount, level).subarray(0, 32)), `${label} level ${level}`).to.equal(hash),
        );
      }
    });
  });

  describe("Solidity", function () {
    it("SumTree hashes leaves and empty subtrees like the vectors", async function () {
      const harness = await ethers.deployContract("SumTreeHarness");
      for (const vector of vectors.cases) {
        for (const account of vector.accounts) {
          expect(await harness.leafHash(account.accountKey, account.balances.map(BigInt))).to.equal(account.leafHash);
        }
      }
      for (const [label, hashes] of Object.entries(vectors.emptySubtreeHashes)) {
        const zeros = new Array<bigint>(Number(label.replace("K=", ""))).fill(0n);
        for (let level = 1; level < hashes.length; level++) {
          expect(await harness.nodeHash(hashes[level - 1]!, zeros, hashes[level - 1]!, zeros)).to.equal(hashes[level]);
        }
      }
    });

    it("AttestationRegistry verifies every vector proof on-chain", async function () {
      const registry = await deployRegistry(ethers);
      for (const vector of vectors.cases) {
        await registry.registerExchange(vector.name, ...assetArgs(vector.assets));
        const exchangeId = await registry.exchangeCount();
        const totals = vector.expected.totals.map(BigInt);
        await registry.postAttestation(
          exchangeId,
          vector.expected.root,
          vector.expected.leafCount,
          await now(ethers),
          totals,
          totals,
          "",
        );
        for (const [index, expected] of vector.proofs.entries()) {
          const proof = parseProof(JSON.stringify(expected));
          expect(
            await registry.verifyInclusion(...inclusionArgs(proof, exchangeId, 1n)),
            `${vector.name} proof ${index}`,
          ).to.equal(true);
        }
      }
    });
  });
});
