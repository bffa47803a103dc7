import { expect } from "chai";
import { network } from "hardhat";
import { RegistryClient } from "../../src/chain/registry-client.js";
import { disagreements } from "../../src/ops/cross-check.js";
import type { OnChainReport } from "../../src/ops/verify-proof.js";
import { buildTree } from "../../src/index.js";
import { assetArgs, now } from "../helpers/registry.js";

const ASSETS = [{ symbol: "BTC", decimals: 8 }];
const honest = await network.create();
const liar = await network.create();

/** Deploys a registry on `chain` and posts epoch 1 of "Acme" owing `owed`; returns what a verifier reads. */
async function postOn(chain: typeof honest, owed: bigint): Promise<OnChainReport> {
  const registry = await chain.ethers.deployContract("AttestationRegistry");
  await registry.registerExchange("Acme", ...assetArgs(ASSETS));
  const tree = buildTree(ASSETS, [{ accountId: "alice", balances: [owed] }]);
  await registry.postAttestation(1n, tree.root, tree.leafCount, await now(chain.ethers), tree.totals, tree.totals, "");
  const client = new RegistryClient(await registry.getAddress(), chain.ethers.provider);
  return {
    chainId: 31337n,
    registry: await registry.getAddress(),
    exchangeId: 1n,
    epoch: 1n,
    exchange: await client.exchangeInfo(1n),
    attestation: await client.attestation(1n, 1n),
  } as OnChainReport;
}

describe("cross-checking an endpoint against an independent one", function () {
  it("finding 1: a chain of the exchange's own, with the same registry address, is contradicted by the independent endpoint", async function () {
    const real = await postOn(honest, 10n ** 8n);
    const shown = await postOn(liar, 5n);
    expect(shown.registry, "same deployer and nonce, same address").to.equal(real.registry);
    const found = await disagreements(shown, liar.ethers.provider, honest.ethers.provider);
    expect(found.join("\n")).to.include("epoch 1's root");
    expect(found.join("\n")).to.include("epoch 1's totals owed");
    expect(await disagreements(real, honest.ethers.provider, honest.ethers.provider)).to.deep.equal([]);
  });

  it("finding 1: an endpoint that hides the exchange's newer epoch is contradicted", async function () {
    const real = await postOn(honest, 7n);
    const registry = await honest.ethers.getContractAt("AttestationRegistry", real.registry);
    const tree = buildTree(ASSETS, [{ accountId: "bob", balances: [1n] }]);
    await registry.postAttestation(
      1n,
      tree.root,
      tree.leafCount,
      await now(honest.ethers),
      tree.totals,
      tree.totals,
      "",
    );
    // What a lying endpoint would show: the chain as it was before epoch 2.
    const stale = { ...real, exchange: { ...real.exchange, latestEpoch: 1n } };
    const found = await disagreements(stale, honest.ethers.provider, honest.ethers.provider);
    expect(found).to.deep.equal([`the exchange's latest epoch ("2", not "1")`]);
  });

  it("finding 1: no registry at the address on the independent endpoint's chain is a disagreement", async function () {
    const shown = await postOn(liar, 5n);
    const empty = await network.create();
    const found = await disagreements(shown, liar.ethers.provider, empty.ethers.provider);
    expect(found).to.deep.equal([`there is no registry contract at ${shown.registry} on chain 31337`]);
  });
});
