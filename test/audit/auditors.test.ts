import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import fc from "fast-check";
import { attestationDigest } from "../../src/spec/typed-data.js";
import { RegistryClient } from "../../src/index.js";
import { expectInputError } from "../helpers/assert.js";
import { fuzzRuns } from "../helpers/fuzz.js";
import {
  AUDIT_TREE,
  RESERVES,
  highS,
  postedMessage,
  auditorSigning,
  cosig,
  registryWithEpochs,
  signAttestationMessage,
  signDigest,
} from "../helpers/audit.js";

const { ethers, networkHelpers } = await network.create();
const newKey = () => new Wallet(Wallet.createRandom().privateKey);
const auditorA = newKey();
const auditorB = newKey();
const auditorC = newKey();

async function setUp() {
  const { registry, address, chainId } = await registryWithEpochs(ethers);
  const [admin, outsider] = await ethers.getSigners();
  for (const auditor of [auditorA, auditorB, auditorC]) await registry.setAuditor(1n, auditor.address, true);
  await registry.setAuditThreshold(1n, 2n);
  const { asOf, termOf, sign } = auditorSigning(registry, chainId, address);
  return { registry, address, chainId, admin: admin!, outsider: outsider!, sign, asOf, termOf };
}

describe("auditor co-signatures", function () {
  it("the TypeScript digest equals the registry's for random epochs (property)", async function () {
    const { registry, address, chainId, asOf, termOf } = await networkHelpers.loadFixture(setUp);
    await registry.setAuditor(2n, auditorB.address, true);
    for (const [exchangeId, epoch, auditor] of [
      [1n, 1n, auditorA],
      [1n, 2n, auditorC],
      [2n, 1n, auditorB],
    ] as const) {
      const message = postedMessage(
        exchangeId,
        epoch,
        await asOf(exchangeId, epoch),
        await termOf(exchangeId, auditor.address),
      );
      expect(attestationDigest(chainId, address, message)).to.equal(
        await registry.attestationDigest(exchangeId, epoch, auditor.address),
      );
    }
    // Any field change changes the digest: the signature binds all of them.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.bigInt({ min: 1n, max: 2n ** 64n }), (field, delta) => {
        const base = postedMessage(1n, 1n, 1000n);
        const changed = structuredClone(base);
        const keys = [
          "exchangeId",
          "epoch",
          "leafCount",
          "asOf",
          "liabilities",
          "reserves",
          "uri",
          "root",
          "assets",
          "decimals",
          "auditorTerm",
        ] as const;
        const key = keys[field]!;
        if (key === "liabilities" || key === "reserves") changed[key] = [changed[key][0]! + delta, changed[key][1]!];
        else if (key === "uri") changed.uri += delta.toString();
        else if (key === "root") changed.root = `0x${(BigInt(base.root) ^ delta).toString(16).padStart(64, "0")}`;
        else if (key === "assets") changed.assets = ["ETH", "USDT"];
        else if (key === "decimals")
          changed.decimals = [changed.decimals[0]!, (changed.decimals[1]! + Number(delta % 36n) + 1) % 37];
        else changed[key] = base[key] + delta;
        return attestationDigest(chainId, address, changed) !== attestationDigest(chainId, address, base);
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it("reads as audited once the threshold of distinct current auditors signed", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA))]))
      .to.emit(registry, "AttestationCountersigned")
      .withArgs(1n, 1n, auditorA.address)
      .and.not.to.emit(registry, "AttestationAudited");
    expect((await registry.audit(1n, 1n)).audited).to.equal(false);
    await expect(registry.countersign(1n, 1n, [cosig(auditorB, await sign(auditorB))]))
      .to.emit(registry, "AttestationAudited")
      .withArgs(1n, 1n, 2n, 2n);
    const audit = await registry.audit(1n, 1n);
    expect(audit.audited).to.equal(true);
    expect(audit.signers).to.deep.equal([auditorA.address, auditorB.address]);
    expect((await registry.audit(1n, 2n)).audited, "other epochs are not audited").to.equal(false);
  });

  it("accepts signatures at posting time", async function () {
    const { registry, address, chainId, asOf } = await networkHelpers.loadFixture(setUp);
    const next = postedMessage(1n, 3n, (await asOf(1n, 2n)) + 1n);
    const signatures = [auditorA, auditorB].map((key, i) =>
      cosig(key, signAttestationMessage(key, chainId, address, { ...next, auditorTerm: BigInt(i + 1) })),
    );
    await expect(
      registry.postAttestationCountersigned(
        1n,
        next.root,
        next.leafCount,
        next.asOf,
        next.liabilities,
        next.reserves,
        next.uri,
        signatures,
      ),
    )
      .to.emit(registry, "AttestationAudited")
      .withArgs(1n, 3n, 2n, 2n);
    expect((await registry.audit(1n, 3n)).audited).to.equal(true);
  });

  it("a post-time signature for another epoch number makes the whole post fail", async function () {
    const { registry, address, chainId, asOf } = await networkHelpers.loadFixture(setUp);
    const next = postedMessage(1n, 3n, (await asOf(1n, 2n)) + 1n);
    const wrong = signAttestationMessage(auditorA, chainId, address, { ...next, epoch: 4n });
    await expect(
      registry.postAttestationCountersigned(
        1n,
        next.root,
        next.leafCount,
        next.asOf,
        next.liabilities,
        next.reserves,
        next.uri,
        [cosig(auditorA, wrong)],
      ),
    )
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 3n, auditorA.address);
    expect(await registry.latestEpoch(1n)).to.equal(2n);
  });

  it("attack: replay across chain ids fails", async function () {
    const { registry, sign, chainId, address } = await networkHelpers.loadFixture(setUp);
    const signature = await sign(auditorA, 1n, 1n, chainId + 1n, address);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, signature)]))
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 1n, auditorA.address);
  });

  it("attack: replay across registries fails", async function () {
    const { registry, sign, chainId } = await networkHelpers.loadFixture(setUp);
    const other = await registryWithEpochs(ethers);
    // This registry's epoch data, signed under the other registry's domain: only the domain differs.
    const signature = await sign(auditorA, 1n, 1n, chainId, other.address);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, signature)])).to.be.revertedWithCustomError(
      registry,
      "InvalidCosignature",
    );
    await registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA))]); // control
  });

  it("attack: replay across exchanges fails", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    await registry.setAuditor(2n, auditorA.address, true);
    const signature = await sign(auditorA, 1n, 1n);
    await expect(registry.countersign(2n, 1n, [cosig(auditorA, signature)]))
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(2n, 1n, auditorA.address);
  });

  it("attack: replay across epochs fails", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    const signature = await sign(auditorA, 1n, 1n);
    await expect(registry.countersign(1n, 2n, [cosig(auditorA, signature)]))
      .to.be.revertedWithCustomError(registry, "InvalidCosignature")
      .withArgs(1n, 2n, auditorA.address);
  });

  it("attack: a malleable (high-s) twin of a valid signature fails", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    const signature = await sign(auditorA);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, highS(signature))])).to.be.revertedWithCustomError(
      registry,
      "InvalidCosignature",
    );
    await registry.countersign(1n, 1n, [cosig(auditorA, signature)]); // control: the low-s original counts
  });

  it("attack: malformed signatures fail", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    const signature = await sign(auditorA);
    for (const bad of [
      "0x",
      signature.slice(0, 130),
      `${signature}00`,
      `0x${"00".repeat(65)}`,
      `${signature.slice(0, 130)}1f`,
    ]) {
      await expect(registry.countersign(1n, 1n, [cosig(auditorA, bad)]), bad).to.be.revertedWithCustomError(
        registry,
        "InvalidCosignature",
      );
    }
  });

  it("attack: another key's signature under an auditor's name fails", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorB))])).to.be.revertedWithCustomError(
      registry,
      "InvalidCosignature",
    );
  });

  it("attack: an auditor cannot count twice", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    const signature = await sign(auditorA);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, signature), cosig(auditorA, signature)]))
      .to.emit(registry, "AttestationCountersigned")
      .withArgs(1n, 1n, auditorA.address);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, signature)])).not.to.emit(
      registry,
      "AttestationCountersigned",
    );
    const audit = await registry.audit(1n, 1n);
    expect(audit.signers).to.deep.equal([auditorA.address]);
    expect(audit.audited, "one auditor, counted once, is below the threshold of two").to.equal(false);
  });

  it("attack: a removed auditor's signatures stop counting for epochs not yet audited, even after re-adding", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    await registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA))]);
    await registry.setAuditor(1n, auditorA.address, false);
    await registry.countersign(1n, 1n, [cosig(auditorB, await sign(auditorB))]);
    expect((await registry.audit(1n, 1n)).audited, "A no longer counts").to.equal(false);
    await registry.setAuditor(1n, auditorA.address, true);
    expect((await registry.audit(1n, 1n)).signers, "a new term does not revive old signatures").to.deep.equal([
      auditorB.address,
    ]);
    await expect(registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA))])).to.emit(
      registry,
      "AttestationAudited",
    );
  });

  it("an audited epoch stays audited when its auditors leave", async function () {
    const { registry, sign } = await networkHelpers.loadFixture(setUp);
    await registry.countersign(1n, 1n, [cosig(auditorA, await sign(auditorA)), cosig(auditorB, await sign(auditorB))]);
    await registry.setAuditor(1n, auditorA.address, false);
    const audit = await registry.audit(1n, 1n);
    expect(audit.audited).to.equal(true);
    expect(audit.signers).to.deep.equal([auditorB.address]);
  });

  it("signatures of non-auditors and on revoked or unknown epochs are refused", async function () {
    const { registry, sign, outsider } = await networkHelpers.loadFixture(setUp);
    const stranger = newKey();
    await expect(registry.countersign(1n, 1n, [cosig(stranger, await sign(stranger))]))
      .to.be.revertedWithCustomError(registry, "NotAuditor")
      .withArgs(1n, stranger.address);
    await registry.revokeAttestation(1n, 2n, "wrong");
    await expect(
      registry.countersign(1n, 2n, [cosig(auditorA, await sign(auditorA, 1n, 2n))]),
    ).to.be.revertedWithCustomError(registry, "RevokedAttestation");
    await expect(registry.countersign(1n, 9n, [])).to.be.revertedWithCustomError(registry, "UnknownAttestation");
    await expect(registry.connect(outsider).setAuditor(1n, outsider.address, true)).to.be.revertedWithCustomError(
      registry,
      "NotAdmin",
    );
    await expect(registry.connect(outsider).setAuditThreshold(1n, 1n)).to.be.revertedWithCustomError(
      registry,
      "NotAdmin",
    );
  });

  it("validates auditor changes and thresholds", async function () {
    const { registry } = await networkHelpers.loadFixture(setUp);
    await expect(registry.setAuditor(1n, auditorA.address, true))
      .to.be.revertedWithCustomError(registry, "AuditorUnchanged")
      .withArgs(1n, auditorA.address, true);
    await expect(registry.setAuditor(1n, auditorA.address, false))
      .to.emit(registry, "AuditorSet")
      .withArgs(1n, auditorA.address, false);
    await expect(registry.setAuditor(1n, auditorA.address, false)).to.be.revertedWithCustomError(
      registry,
      "AuditorUnchanged",
    );
    await expect(registry.setAuditor(1n, ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
      registry,
      "ZeroAddress",
    );
    await expect(registry.setAuditThreshold(1n, 0n))
      .to.be.revertedWithCustomError(registry, "InvalidThreshold")
      .withArgs(0n);
    await expect(registry.setAuditThreshold(1n, 17n))
      .to.be.revertedWithCustomError(registry, "InvalidThreshold")
      .withArgs(17n);
    await expect(registry.setAuditThreshold(1n, 1n)).to.emit(registry, "AuditThresholdSet").withArgs(1n, 1n);
    for (let i = 0; i < 14; i++) await registry.setAuditor(1n, Wallet.createRandom().address, true);
    await expect(registry.setAuditor(1n, Wallet.createRandom().address, true))
      .to.be.revertedWithCustomError(registry, "TooManyAuditors")
      .withArgs(16n);
    const [auditors, threshold] = await registry.auditors(1n);
    expect(auditors).to.have.length(16);
    expect(threshold).to.equal(1n);
  });

  it("an ERC-1271 smart wallet audits through its owner's key", async function () {
    const { registry, address, chainId, asOf, termOf } = await networkHelpers.loadFixture(setUp);
    const owner = newKey();
    const smart = await ethers.deployContract("MinimalSmartWallet", [owner.address]);
    const smartAddress = await smart.getAddress();
    await registry.setAuditor(1n, smartAddress, true);
    await registry.setAuditThreshold(1n, 1n);
    const digest = attestationDigest(
      chainId,
      address,
      postedMessage(1n, 1n, await asOf(1n, 1n), await termOf(1n, smartAddress)),
    );
    await expect(
      registry.countersign(1n, 1n, [cosig(smartAddress, signDigest(auditorA, digest))]),
    ).to.be.revertedWithCustomError(registry, "InvalidCosignature");
    await expect(registry.countersign(1n, 1n, [cosig(smartAddress, signDigest(owner, digest))]))
      .to.emit(registry, "AttestationAudited")
      .withArgs(1n, 1n, 1n, 1n);
  });

  it("the client submits signatures and reads the audit", async function () {
    const { registry, address, sign, admin } = await networkHelpers.loadFixture(setUp);
    const client = new RegistryClient(address, admin);
    const result = await client.countersign(1n, 1n, [
      cosig(auditorA, await sign(auditorA)),
      cosig(auditorC, await sign(auditorC)),
    ]);
    expect(result.audited).to.equal(true);
    expect((await client.auditors(1n)).threshold).to.equal(2n);
    await expectInputError(
      client.countersign(1n, 1n, [cosig(auditorB, await sign(auditorA))]),
      /the registry refused: InvalidCosignature\(1, 1, 0x/,
    );
    expect(await registry.isAuditor(1n, auditorA.address)).to.equal(true);
    expect(RESERVES).to.have.length(AUDIT_TREE.totals.length);
  });
});
