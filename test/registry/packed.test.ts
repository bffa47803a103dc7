import { expect } from "chai";
import { network } from "hardhat";
import { packProof } from "../../src/chain/packed-proof.js";
import { buildTree, indexOfAccount, proofAt } from "../../src/index.js";
import { deployRegistry, postAsNewExchange } from "../helpers/registry.js";

const { ethers } = await network.create();
const registry = await deployRegistry(ethers);

/** Valid proofs and single-field changes are checked against verifyInclusion in inclusion.properties.test.ts. */
describe("packed proofs (verifyInclusionPacked)", function () {
  this.timeout(120_000);

  it("refuse malformed data, other epochs and revoked epochs, without reverting", async function () {
    const assets = [
      { symbol: "BTC", decimals: 8 },
      { symbol: "ETH", decimals: 18 },
    ];
    const tree = buildTree(
      assets,
      Array.from({ length: 9 }, (_, i) => ({ accountId: `a${i}`, balances: [BigInt(i), 300n * BigInt(i)] })),
    );
    const exchangeId = await postAsNewExchange(ethers, registry, tree);
    const proof = proofAt(tree, indexOfAccount(tree, "a5")); // its first balance is 5: one byte
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
    for (const [name, data] of Object.entries(cases))
      expect(await registry.verifyInclusionPacked(data), name).to.equal(false);
    await registry.revokeAttestation(exchangeId, 1n, "test");
    expect(await registry.verifyInclusionPacked(good), "revoked").to.equal(false);
  });
});
