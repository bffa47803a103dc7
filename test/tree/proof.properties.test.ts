import { expect } from "chai";
import fc from "fast-check";
import { fuzzRuns } from "../helpers/fuzz.js";
import {
  buildTree,
  MAX_AMOUNT,
  parseProof,
  proofAt,
  serializeProof,
  verifyProof,
  type InclusionProof,
} from "../../src/index.js";
import { randomTree, mutations } from "../helpers/arbitraries.js";

describe("off-chain proofs (property tests)", function () {
  it("every leaf's proof verifies and round-trips through the file format", function () {
    fc.assert(
      fc.property(randomTree(), ({ assets, accounts }) => {
        const tree = buildTree(assets, accounts);
        for (let i = 0; i < tree.leafCount; i++) {
          const proof = proofAt(tree, i);
          expect(verifyProof(proof)).to.deep.equal({ valid: true });
          expect(parseProof(serializeProof(proof))).to.deep.equal(proof);
        }
        expect(tree.totals.every((total) => total <= MAX_AMOUNT)).to.equal(true);
      }),
      { numRuns: fuzzRuns(100) },
    );
  });

  it("any single change to a proof makes it fail", function () {
    fc.assert(
      fc.property(randomTree(), fc.nat(), fc.nat(), fc.nat(255), ({ assets, accounts }, pick, what, bit) => {
        const tree = buildTree(assets, accounts);
        const proof = proofAt(tree, pick % tree.leafCount);
        for (const [name, mutate] of Object.entries(mutations)) {
          const changed = structuredClone(proof) as InclusionProof;
          if (!mutate(changed, what, bit)) continue;
          expect(verifyProof(changed).valid, `${name} left the proof valid`).to.equal(false);
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it("a proof from another tree fails against its root", function () {
    fc.assert(
      fc.property(randomTree(), ({ assets, accounts }) => {
        const first = buildTree(assets, accounts);
        const second = buildTree(assets, accounts); // fresh salts: a different tree
        const proof = proofAt(first, 0);
        const foreign = { ...proof, root: second.root, totals: second.totals };
        expect(verifyProof(foreign).valid).to.equal(false);
      }),
      { numRuns: fuzzRuns(50) },
    );
  });
});
