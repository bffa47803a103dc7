import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { packProof } from "../../src/chain/packed-proof.js";
import { buildTree, proofAt, type InclusionProof } from "../../src/index.js";
import { mutations, randomTree } from "../helpers/arbitraries.js";
import { assetArgs, deployRegistry, inclusionArgs, now } from "../helpers/registry.js";

const { ethers } = await network.create();
const registry = await deployRegistry(ethers);

async function post(tree: ReturnType<typeof buildTree>): Promise<bigint> {
  await registry.registerExchange("packed", ...assetArgs(tree.assets));
  const exchangeId = await registry.exchangeCount();
  await registry.postAttestation(exchangeId, tree.root, tree.leafCount, await now(ethers), tree.totals, tree.totals, "");
  return exchangeId;
}

const packed = (proof: InclusionProof, exchangeId: bigint, epoch = 1n) => registry.verifyInclusionPacked(packProof(proof, exchangeId, epoch));

describe("packed proofs (verifyInclusionPacked)", function () {
  this.timeout(120_000);

  it("accept every proof the canonical function accepts (property)", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(), async ({ assets, accounts }) => {
        const tree = buildTree(assets, accounts);
        const exchangeId = await post(tree);
        for (let i = 0; i < tree.leafCount; i++) expect(await packed(proofAt(tree, i), exchangeId), `leaf ${i}`).to.equal(true);
      }),
      { numRuns: 15 },
    );
  });

  it("agree with verifyInclusion on every single-field change (property)", async function () {
    await fc.assert(
      fc.asyncProperty(randomTree(), fc.nat(), fc.nat(), fc.nat(255), async ({ assets, accounts }, pick, what, bit) => {
        const tree = buildTree(assets, accounts);
        const exchangeId = await post(tree);
        const proof = proofAt(tree, pick % tree.leafCount);
        for (const [name, mutate] of Object.entries(mutations)) {
          const changed = structuredClone(proof) as InclusionProof;
          if (!mutate(changed, what, bit) || name === "root" || name === "total") continue;
          const canonical = await registry.verifyInclusion(...inclusionArgs(changed, exchangeId, 1n));
          expect(await packed(changed, exchangeId), name).to.equal(canonical).and.to.equal(false);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("refuse malformed data, other epochs and revoked epochs, without reverting", async function () {
    const assets = [{ symbol: "BTC", decimals: 8 }, { symbol: "ETH", decimals: 18 }];
    const tree = buildTree(assets, Array.from({ length: 9 }, (_, i) => ({ accountId: `a${i}`, balances: [BigInt(i), 300n * BigInt(i)] })));
    const exchangeId = await post(tree);
    const proof = proofAt(tree, 5);
    const good = packProof(proof, exchangeId, 1n);
    expect(await registry.verifyInclusionPacked(good)).to.equal(true);
    const bytes = Buffer.from(good.slice(2), "hex");
    const hex = (b: Buffer) => `0x${b.toString("hex")}`;
    const cases: Record<string, string> = {
      empty: "0x",
      "header only": hex(bytes.subarray(0, 58)),
      truncated: hex(bytes.subarray(0, bytes.length - 1)),
      "trailing byte": hex(Buffer.concat([bytes, Buffer.from([0])])),
      "wrong asset count": hex(Buffer.concat([bytes.subarray(0, 24), Buffer.from([1]), bytes.subarray(25)])),
      "wrong depth": hex(Buffer.concat([bytes.subarray(0, 25), Buffer.from([3]), bytes.subarray(26)])),
      "unknown epoch": packProof(proof, exchangeId, 2n),
      "unknown exchange": packProof(proof, 999n, 1n),
    };
    // An amount claiming 17 bytes: lengthen the first balance's length byte (it is 0x01 for balance 5).
    const seventeen = Buffer.from(bytes);
    expect(seventeen[58]).to.equal(1);
    seventeen[58] = 17;
    cases["17-byte amount"] = hex(Buffer.concat([seventeen, Buffer.alloc(16)]));
    for (const [name, data] of Object.entries(cases)) expect(await registry.verifyInclusionPacked(data), name).to.equal(false);
    await registry.revokeAttestation(exchangeId, 1n, "test");
    expect(await registry.verifyInclusionPacked(good), "revoked").to.equal(false);
  });
});
