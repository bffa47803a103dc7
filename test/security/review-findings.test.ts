import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { epochRecordAddress } from "../../src/chain/epoch-record.js";
import { attestationDigest } from "../../src/spec/typed-data.js";
import { proofAt, symbolToBytes32 } from "../../src/index.js";
import { inclusionArgs } from "../helpers/registry.js";
import {
  AUDIT_ASSETS,
  auditorSigning,
  cosig,
  AUDIT_TREE,
  RESERVES,
  postedMessage,
  registryWithEpochs,
  signAttestationMessage,
  signDigest,
} from "../helpers/audit.js";

/**
 * The security review's findings against the registry (issue 10), each as an attack that succeeded before
 * the fix. Findings 1 and 2 on the verifier's side are in test/e2e/trust.e2e.test.ts; 6, 7 and 9 (feeds,
 * the example token, lens notes) in test/feed.
 */
const { ethers, networkHelpers } = await network.create();
const newKey = () => new Wallet(Wallet.createRandom().privateKey);
const auditorA = newKey();
const auditorB = newKey();

async function setUp() {
  const { registry, address, chainId } = await registryWithEpochs(ethers);
  const [admin, publisher, newAdmin, attacker] = await ethers.getSigners();
  for (const auditor of [auditorA, auditorB]) await registry.setAuditor(1n, auditor.address, true);
  await registry.setAuditThreshold(1n, 2n);
  const { asOf, termOf, sign } = auditorSigning(registry, chainId, address);
  return {
    registry,
    address,
    chainId,
    admin: admin!,
    publisher: publisher!,
    newAdmin: newAdmin!,
    attacker: attacker!,
    asOf,
    termOf,
    sign,
  };
}

describe("security review findings (issue 10): the registry", function () {
  it("finding 2: re-denominating an asset between an auditor's signature and the post invalidates the signature", async function () {
    const { registry, address, chainId, asOf, termOf } = await networkHelpers.loadFixture(setUp);
    // The auditors sign epoch 3 as it is about to be posted: BTC in 8 decimals.
    const next = postedMessage(1n, 3n, (await asOf(1n, 2n)) + 1n);
    const signatures = await Promise.all(
      [auditorA, auditorB].map(async (key) =>
        cosig(
          key,
          signAttestationMessage(key, chainId, address, { ...next, auditorTerm: await termOf(1n, key.address) }),
        ),
      ),
    );
    // The exchange re-lists BTC in 18 decimals, so the same base units would read 10^10 times smaller.
    await registry.setAssets(
      1n,
      AUDIT_ASSETS.map((a) => symbolToBytes32(a.symbol)),
      [18, 6],
    );
    const post = () =>
      registry.postAttestationCountersigned(
        1n,
        next.root,
        next.leafCount,
        next.asOf,
        next.liabilities,
        next.reserves,
        next.uri,
        signatures,
      );
    await expect(post())
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 3n, auditorA.address);
    await registry.postAttestation(1n, next.root, next.leafCount, next.asOf, next.liabilities, next.reserves, next.uri);
    await expect(registry.countersign(1n, 3n, signatures)).to.be.revertedWithCustomError(
      registry,
      "InvalidCosignature",
    );
    expect((await registry.audit(1n, 3n)).audited).to.equal(false);
    // Signing what was really posted (18 decimals) counts.
    const resigned = await Promise.all(
      [auditorA, auditorB].map(async (key) =>
        cosig(
          key,
          signAttestationMessage(key, chainId, address, {
            ...next,
            decimals: [18, 6],
            auditorTerm: await termOf(1n, key.address),
          }),
        ),
      ),
    );
    await expect(registry.countersign(1n, 3n, resigned)).to.emit(registry, "AttestationAudited");
  });

  it("finding 3: a removed and re-added auditor's old signature, replayed by anyone, does not count again", async function () {
    const { registry, sign, attacker, termOf } = await networkHelpers.loadFixture(setUp);
    const oldSignature = await sign(auditorA);
    await registry.countersign(1n, 1n, [cosig(auditorA, oldSignature)]);
    const firstTerm = await termOf(1n, auditorA.address);
    await registry.setAuditor(1n, auditorA.address, false);
    await registry.setAuditor(1n, auditorA.address, true);
    expect(await termOf(1n, auditorA.address), "re-adding opens a new term").to.not.equal(firstTerm);
    await expect(registry.connect(attacker).countersign(1n, 1n, [cosig(auditorA, oldSignature)]))
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 1n, auditorA.address);
    expect((await registry.audit(1n, 1n)).signers).to.deep.equal([]);
    // The auditor can sign again in its new term.
    await registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA))]);
    expect((await registry.audit(1n, 1n)).signers).to.deep.equal([auditorA.address]);
  });

  it("finding 4: accepting admin rights ends the previous admin's publisher right, and publishers are listed on-chain", async function () {
    const { registry, admin, publisher, newAdmin, asOf } = await networkHelpers.loadFixture(setUp);
    await registry.setPublisher(1n, publisher.address, true);
    expect(await registry.publishers(1n)).to.deep.equal([admin.address, publisher.address]);
    await registry.transferAdmin(1n, newAdmin.address);
    // Since issue 21 (finding 7) the publishers the old admin named go with it: the new admin is the only one.
    await expect(registry.connect(newAdmin).acceptAdmin(1n))
      .to.emit(registry, "PublishersCleared")
      .withArgs(1n, admin.address, newAdmin.address)
      .and.to.emit(registry, "PublisherSet")
      .withArgs(1n, newAdmin.address, true);
    expect(await registry.isPublisher(1n, admin.address)).to.equal(false);
    expect(await registry.publishers(1n)).to.deep.equal([newAdmin.address]);
    const t = (await asOf(1n, 2n)) + 1n;
    await expect(
      registry
        .connect(admin)
        .postAttestation(1n, AUDIT_TREE.root, AUDIT_TREE.leafCount, t, AUDIT_TREE.totals, RESERVES, ""),
    )
      .to.be.revertedWithCustomError(registry, "NotPublisher")
      .withArgs(1n, admin.address);
    // The new admin may grant it again.
    await registry.connect(newAdmin).setPublisher(1n, admin.address, true);
    await registry
      .connect(admin)
      .postAttestation(1n, AUDIT_TREE.root, AUDIT_TREE.leafCount, t, AUDIT_TREE.totals, RESERVES, "");
  });

  it("finding 5: submitting one signature of a pending batch first does not make the batch revert", async function () {
    const { registry, sign, attacker } = await networkHelpers.loadFixture(setUp);
    const batch = [cosig(auditorA, await sign(auditorA)), cosig(auditorB, await sign(auditorB))];
    // The attacker sees the batch in the mempool and front-runs it with one of its signatures.
    await registry.connect(attacker).countersign(1n, 1n, [batch[1]!]);
    await expect(registry.countersign(1n, 1n, batch))
      .to.emit(registry, "AttestationAudited")
      .withArgs(1n, 1n, 2n, 2n)
      .and.to.emit(registry, "AttestationCountersigned")
      .withArgs(1n, 1n, auditorA.address);
    expect((await registry.audit(1n, 1n)).signers).to.have.members([auditorA.address, auditorB.address]);
    // An invalid signature in a batch still reverts it.
    await expect(
      registry.countersign(1n, 2n, [
        cosig(auditorA, await sign(auditorA, 1n, 2n)),
        cosig(auditorB, await sign(auditorA, 1n, 2n)),
      ]),
    )
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 2n, auditorB.address);
  });

  it("finding 8: code planted at the record address of epoch latest + 1 is never read as an epoch", async function () {
    const { registry, address } = await networkHelpers.loadFixture(setUp);
    const lens = await ethers.deployContract("SolvencyLens", [
      address,
      await (await ethers.deployContract("ReserveWallets", [address])).getAddress(),
    ]);
    const proof = proofAt(AUDIT_TREE, 0);
    // Epoch 2's record, a valid epoch of this tree, planted where epoch 3 would live (a test chain can).
    const planted = await ethers.provider.getCode(epochRecordAddress(address, 1n, 2n));
    await ethers.provider.send("hardhat_setCode", [epochRecordAddress(address, 1n, 3n), planted]);
    expect(await registry.verifyInclusion(...inclusionArgs(proof, 1n, 2n)), "control: epoch 2 verifies").to.equal(true);
    expect(await registry.status(1n, 3n)).to.equal(0n);
    expect(await registry.verifyInclusion(...inclusionArgs(proof, 1n, 3n))).to.equal(false);
    await expect(registry.checkInclusion(...inclusionArgs(proof, 1n, 3n)))
      .to.be.revertedWithCustomError(registry, "UnknownAttestation")
      .withArgs(1n, 3n);
    await expect(registry.attestation(1n, 3n)).to.be.revertedWithCustomError(registry, "UnknownAttestation");
    await expect(registry.audit(1n, 3n)).to.be.revertedWithCustomError(registry, "UnknownAttestation");
    await expect(registry.assetPosition(1n, 3n, symbolToBytes32("BTC"))).to.be.revertedWithCustomError(
      registry,
      "UnknownAttestation",
    );
    await expect(registry.countersign(1n, 3n, [])).to.be.revertedWithCustomError(registry, "UnknownAttestation");
    await expect(lens.solvencyAt(1n, 3n)).to.be.revertedWithCustomError(registry, "UnknownAttestation");
    const { packProof } = await import("../../src/chain/packed-proof.js");
    expect(await registry.verifyInclusionPacked(packProof(proof, 1n, 3n))).to.equal(false);
    expect(await registry.verifyInclusionPacked(packProof(proof, 1n, 2n)), "control: packed epoch 2 verifies").to.equal(
      true,
    );
  });

  it("an ERC-1271 auditor that withdraws its approval after its signature was recorded still counts; removing the auditor retires it", async function () {
    const { registry, address, chainId, asOf, termOf } = await networkHelpers.loadFixture(setUp);
    const owner = newKey();
    const wallet = await ethers.deployContract("RevocableSmartWallet", [owner.address]);
    const walletAddress = await wallet.getAddress();
    await registry.setAuditor(1n, walletAddress, true);
    await registry.setAuditThreshold(1n, 1n);
    const digest = attestationDigest(
      chainId,
      address,
      postedMessage(1n, 1n, await asOf(1n, 1n), await termOf(1n, walletAddress)),
    );
    await expect(registry.countersign(1n, 1n, [cosig(walletAddress, signDigest(owner, digest))])).to.emit(
      registry,
      "AttestationAudited",
    );
    // The registry checks a signature once, when it records it (documented on countersign).
    await wallet.revoke(digest);
    expect(await wallet.isValidSignature(digest, signDigest(owner, digest))).to.equal("0xffffffff");
    expect((await registry.audit(1n, 1n)).signers).to.deep.equal([walletAddress]);
    // What retires a signature is the exchange removing the auditor: it stops counting for epochs not yet audited.
    await registry.setAuditThreshold(1n, 2n);
    await registry.countersign(1n, 2n, [
      cosig(
        walletAddress,
        signDigest(
          owner,
          attestationDigest(
            chainId,
            address,
            postedMessage(1n, 2n, await asOf(1n, 2n), await termOf(1n, walletAddress)),
          ),
        ),
      ),
    ]);
    expect((await registry.audit(1n, 2n)).signers).to.deep.equal([walletAddress]);
    await registry.setAuditor(1n, walletAddress, false);
    expect((await registry.audit(1n, 2n)).signers).to.deep.equal([]);
    expect((await registry.audit(1n, 1n)).audited, "an audited epoch stays audited").to.equal(true);
  });
});
