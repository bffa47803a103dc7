import { expect } from "chai";
import fc from "fast-check";
import { fuzzRuns } from "../helpers/fuzz.js";
import { network } from "hardhat";
import { buildTree, proofAt, verifyProof, type InclusionProof, type MerkleSumTree } from "../../src/index.js";
import { mutations, randomTree } from "../helpers/arbitraries.js";
import { packProof } from "../../src/chain/packed-proof.js";
import { deployRegistry, inclusionArgs, now, postAsNewExchange } from "../helpers/registry.js";

const { ethers } = await network.create();
const registry = await deployRegistry(ethers);

const post = (tree: MerkleSumTree) => postAsNewExchange(ethers, registry, tree);
/** The packed form must give the same answer as the canonical one. */
const packed = (proof: InclusionProof, exchangeId: bigint, epoch: bigint) =>
  registry.verifyInclusionPacked(packProof(proof, exchangeId, epoch));

describe("TypeScript against the contract (property tests)", function () {
  this.timeout(120_000);

  it("every proof of a random tree verifies on-chain, canonical and packed", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(), async ({ assets, accounts }) => {
        const tree = buildTree(assets, accounts);
        const exchangeId = await post(tree);
        for (let i = 0; i < tree.leafCount; i++) {
          expect(
            await registry.verifyInclusion(...inclusionArgs(proofAt(tree, i), exchangeId, 1n)),
            `leaf ${i}`,
          ).to.equal(true);
          expect(await packed(proofAt(tree, i), exchangeId, 1n), `leaf ${i} packed`).to.equal(true);
        }
      }),
      { numRuns: fuzzRuns(30) },
    );
  });

  it("changing any bit of the root, a sibling hash or sum, the key, a balance or the index fails on-chain, canonical and packed", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(), fc.nat(), fc.nat(), fc.nat(255), async ({ assets, accounts }, pick, what, bit) => {
        const tree = buildTree(assets, accounts);
        const exchangeId = await post(tree);
        const proof = proofAt(tree, pick % tree.leafCount);
        for (const [name, mutate] of Object.entries(mutations)) {
          const changed = structuredClone(proof) as InclusionProof;
          if (!mutate(changed, what, bit)) continue;
          if (name === "root" || name === "total") {
            // The root and totals live on-chain: post the changed ones as a new epoch.
            await registry.postAttestation(
              exchangeId,
              changed.root,
              tree.leafCount,
              await now(ethers),
              changed.totals,
              changed.totals,
              "",
            );
            const epoch = await registry.latestEpoch(exchangeId);
            expect(await registry.verifyInclusion(...inclusionArgs(proof, exchangeId, epoch)), name).to.equal(false);
            expect(await packed(proof, exchangeId, epoch), `${name} packed`).to.equal(false);
            continue;
          }
          expect(await registry.verifyInclusion(...inclusionArgs(changed, exchangeId, 1n)), name).to.equal(false);
          expect(await packed(changed, exchangeId, 1n), `${name} packed`).to.equal(false);
          expect(verifyProof(changed).valid, `${name} (off-chain)`).to.equal(false);
        }
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it("a proof from another tree or epoch fails on-chain", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(20), async ({ assets, accounts }) => {
        const first = buildTree(assets, accounts);
        const exchangeId = await post(first);
        const second = buildTree(assets, accounts);
        await registry.postAttestation(
          exchangeId,
          second.root,
          second.leafCount,
          await now(ethers),
          second.totals,
          second.totals,
          "",
        );
        expect(await registry.verifyInclusion(...inclusionArgs(proofAt(first, 0), exchangeId, 2n))).to.equal(false);
        expect(await registry.verifyInclusion(...inclusionArgs(proofAt(second, 0), exchangeId, 1n))).to.equal(false);
        expect(await registry.verifyInclusion(...inclusionArgs(proofAt(second, 0), exchangeId, 2n))).to.equal(true);
      }),
      { numRuns: fuzzRuns(25) },
    );
  });
});
