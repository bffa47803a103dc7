import { expect } from "chai";
import { network } from "hardhat";
import { buildTree, InputError, proofAt, RegistryClient } from "../../src/index.js";
import { deployRegistry, now } from "../helpers/registry.js";

const { ethers } = await network.create();
const ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
];

describe("RegistryClient", function () {
  it("registers, posts, reads and verifies through ethers", async function () {
    const [signer] = await ethers.getSigners();
    const deployed = await deployRegistry(ethers);
    const client = new RegistryClient(await deployed.getAddress(), signer!);
    const { exchangeId } = await client.registerExchange("Acme", ASSETS);
    expect(exchangeId).to.equal(1n);
    const tree = buildTree(ASSETS, [
      { accountId: "a", balances: [1n, 2n] },
      { accountId: "b", balances: [3n, 10n ** 30n] },
    ]);
    const asOf = await now(ethers);
    const { epoch } = await client.postAttestation(exchangeId, {
      ...tree,
      asOf,
      reserves: [5n, 10n ** 31n],
      uri: "https://example.invalid/1",
    });
    expect(epoch).to.equal(1n);
    const view = await client.latestAttestation(exchangeId);
    expect(view).to.include({
      epoch: 1n,
      root: tree.root,
      leafCount: 2n,
      asOf,
      status: "Active",
      uri: "https://example.invalid/1",
    });
    expect(view.assets).to.deep.equal(ASSETS);
    expect(view.liabilities).to.deep.equal([4n, 10n ** 30n + 2n]);
    expect(view.reserves).to.deep.equal([5n, 10n ** 31n]);
    expect(await client.isFresh(exchangeId, 60n)).to.equal(true);

    const proof = proofAt(tree, 0);
    expect(await client.verifyInclusion(proof, exchangeId, epoch)).to.equal(true);
    expect(await client.checkInclusion(proof, exchangeId, epoch)).to.deep.equal({ valid: true });
    const tampered = structuredClone(proof);
    tampered.leaf.balances[0]! += 1n;
    expect(await client.verifyInclusion(tampered, exchangeId, epoch)).to.equal(false);
    const result = await client.checkInclusion(tampered, exchangeId, epoch);
    expect(result).to.deep.include({ valid: false, error: "RootMismatch" });
  });

  it("turns a refused transaction into an InputError that names the custom error", async function () {
    const [signer] = await ethers.getSigners();
    const deployed = await deployRegistry(ethers);
    const client = new RegistryClient(await deployed.getAddress(), signer!);
    await client.registerExchange("Acme", ASSETS);
    await client
      .postAttestation(1n, { root: ethers.id("r"), leafCount: 1, totals: [1n, 1n], asOf: (await now(ethers)) + 1000n })
      .then(
        () => expect.fail("should have been refused"),
        (error: Error) => {
          expect(error).to.be.instanceOf(InputError);
          expect(error.message).to.match(/the registry refused: AsOfInFuture\(\d+, \d+\)/);
        },
      );
  });
});
