import { expect } from "chai";
import { network } from "hardhat";
import { RegistryClient } from "../../src/chain/registry-client.js";
import { SolvencyLensClient } from "../../src/chain/solvency-client.js";
import { proofAt } from "../../src/index.js";
import { auditInWords, exchangeSolvency } from "../../src/ops/exchange-solvency.js";
import { exchangeStatus } from "../../src/ops/exchange-status.js";
import { STALE_AFTER_SECONDS, freshnessOf } from "../../src/ops/freshness.js";
import { verifyProofOnChain } from "../../src/ops/verify-proof.js";
import { DEPLOYMENT_FORMAT, writeDeployment } from "../../src/chain/deployments.js";
import { ReserveWalletsClient } from "../../src/chain/reserve-wallets-client.js";
import { openDeployment } from "../../src/ops/deployment-suite.js";
import { scratchFolder } from "../helpers/files.js";
import { now } from "../helpers/registry.js";
import { deploySuite, treeOwing } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const DAY = 86_400n;

/** Exchange 1 posts epoch 1 with a snapshot 12 days old; exchange 2 is registered and has posted nothing. */
async function setUp() {
  const suite = await deploySuite(ethers);
  const tree = treeOwing([10n ** 18n, 10n ** 6n, 0n]);
  const asOf = (await now(ethers)) - 12n * DAY;
  await suite.registry.postAttestation(1n, tree.root, tree.leafCount, asOf, tree.totals, tree.totals, "");
  const [signer] = await ethers.getSigners();
  const registry = new RegistryClient(await suite.registry.getAddress(), signer!);
  const lens = new SolvencyLensClient(await suite.lens.getAddress(), signer!);
  const verify = async () =>
    verifyProofOnChain(
      proofAt(tree, 0),
      { provider: ethers.provider, chainId: suite.chainId, label: "the test chain" },
      { registry: registry.address, exchangeId: 1n, chainId: suite.chainId },
      { inclusion: "local" },
    );
  const staleWarnings = async () => (await verify()).onChain!.warnings.filter((w) => /stale|days ago/.test(w));
  return { ...suite, registry, lens, staleWarnings };
}

describe("status, solvency and freshness (ops)", function () {
  it("issue 20: one staleness rule: a 12-day-old epoch is fresh for status and verify, a 36-day-old one stale for both", async function () {
    const { registry, staleWarnings } = await networkHelpers.loadFixture(setUp);
    expect(STALE_AFTER_SECONDS).to.equal(35n * DAY);
    const young = await exchangeStatus(registry, 1n);
    expect(young).to.include({ epoch: 1n, fresh: true, freshness: "fresh", maxAgeSeconds: STALE_AFTER_SECONDS });
    expect(young.ageSeconds >= 12n * DAY && young.ageSeconds < 13n * DAY, String(young.ageSeconds)).to.equal(true);
    expect(await staleWarnings(), "verify and the page say nothing of a 12-day-old snapshot").to.deep.equal([]);

    await networkHelpers.time.increase(24n * DAY);
    const old = await exchangeStatus(registry, 1n);
    expect(old).to.include({ fresh: false, freshness: "stale" });
    expect(freshnessOf("Active", old.ageSeconds)).to.equal("stale");
    const warnings = await staleWarnings();
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^The snapshot is stale: the balances are as of 36 days ago \(more than 35\)/);
  });

  it("issue 20: status says revoked for a revoked epoch, and stale only for an old one: never 'STALE OR REVOKED'", async function () {
    const { registry, staleWarnings } = await networkHelpers.loadFixture(setUp);
    await registry.revokeAttestation(1n, 1n, "wrong export").then((tx) => tx.wait());
    expect(await exchangeStatus(registry, 1n)).to.include({ fresh: false, freshness: "revoked" });
    await networkHelpers.time.increase(40n * DAY);
    expect((await exchangeStatus(registry, 1n)).freshness, "revoked comes before stale").to.equal("revoked");
    expect(await staleWarnings(), "verify warns that it is revoked, not that it is stale").to.deep.equal([]);
    expect(freshnessOf("Revoked", 0n)).to.equal("revoked");
    expect(freshnessOf("Active", STALE_AFTER_SECONDS)).to.equal("fresh");
    expect(freshnessOf("Active", STALE_AFTER_SECONDS + 1n)).to.equal("stale");
  });

  it("issue 20: solvency and status say in words that an exchange does not exist, has posted nothing, or has no such epoch", async function () {
    const { registry, lens } = await networkHelpers.loadFixture(setUp);
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    const missing = await refusal(exchangeSolvency(registry, lens, 99n));
    expect(missing).to.equal(
      `exchange 99 does not exist on the registry ${registry.address}: its exchanges are 1 to 2`,
    );
    expect(missing).not.to.match(/NoAttestation/);
    expect(await refusal(exchangeSolvency(registry, lens, 2n))).to.equal("exchange 2 has posted nothing yet");
    expect(await refusal(exchangeStatus(registry, 2n))).to.equal("exchange 2 has posted nothing yet");
    expect(await refusal(exchangeSolvency(registry, lens, 1n, 7n))).to.equal(
      "exchange 1 has posted epochs 1 to 1: there is no epoch 7",
    );
    const view = await exchangeSolvency(registry, lens, 1n);
    expect(view).to.include({ epoch: 1n, revoked: false });
    expect(view.audit.threshold).to.equal(0n);
  });

  it("issue 20: whether an epoch is audited is said in words, not 'no (0 of no threshold set)'", function () {
    const audit = { audited: false, auditedAt: 0n, threshold: 0n, signers: [] };
    expect(auditInWords(false, audit)).to.equal("not audited (the exchange has set no auditor threshold)");
    expect(auditInWords(false, { ...audit, threshold: 2n, signers: ["0xA"] })).to.equal(
      "not yet: 1 of the 2 auditor signatures needed",
    );
    expect(auditInWords(true, { ...audit, audited: true, threshold: 1n, signers: ["0xA"] })).to.equal("yes, by 0xA");
  });

  it("finds a deployment's companions as typed clients, and refuses one recorded for another registry", async function () {
    const suite = await networkHelpers.loadFixture(setUp);
    const [signer] = await ethers.getSigners();
    const other = await ethers.deployContract("AttestationRegistry");
    const address = async (contract: { getAddress(): Promise<string> }) => await contract.getAddress();
    const previous = process.env.SOLVENT_DEPLOYMENTS_DIR;
    process.env.SOLVENT_DEPLOYMENTS_DIR = await scratchFolder("solvent-suite-");
    try {
      await writeDeployment({
        format: DEPLOYMENT_FORMAT,
        network: "testnet",
        chainId: suite.chainId.toString(),
        registry: suite.registry.address,
        reserveWallets: await address(suite.reserveWallets),
        solvencyLens: suite.lens.address,
        feedFactory: await address(suite.factory),
        deployTransaction: "0x",
        block: 0,
        deployer: signer!.address,
        deployedAt: new Date(0).toISOString(),
        solc: { version: "0.8.28", settings: {} },
      });
      const hint = "npx hardhat solvent deploy --network testnet";
      const found = await openDeployment(signer!, "testnet", "", hint);
      expect(found.registry.address).to.equal(suite.registry.address);
      const wallets = await found.companion("reserveWallets");
      expect(wallets).to.be.instanceOf(ReserveWalletsClient);
      expect(await wallets.registry()).to.equal(suite.registry.address);
      expect((await found.companion("solvencyLens")).address).to.equal(suite.lens.address);
      // --registry names another registry than the record's: its companions are not this registry's.
      const elsewhere = await openDeployment(signer!, "testnet", await address(other), hint);
      let refusal = "";
      await elsewhere.companion("reserveWallets").catch((error: Error) => (refusal = error.message));
      expect(refusal).to.equal(
        `the recorded ReserveWallets at ${await address(suite.reserveWallets)} serves another registry than ${await address(other)}`,
      );
      let missing = "";
      await openDeployment(signer!, "nowhere", "", hint).catch((error: Error) => (missing = error.message));
      expect(missing).to.equal(`no registry recorded for network nowhere: run '${hint}' or pass --registry`);
    } finally {
      if (previous === undefined) delete process.env.SOLVENT_DEPLOYMENTS_DIR;
      else process.env.SOLVENT_DEPLOYMENTS_DIR = previous;
    }
  });
});
