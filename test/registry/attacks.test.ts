import { expect } from "chai";
import { network } from "hardhat";
import { buildTree, MAX_AMOUNT, proofAt, type InclusionProof } from "../../src/index.js";
import { assetArgs, deployRegistry, inclusionArgs, now } from "../helpers/registry.js";

const { ethers, networkHelpers } = await network.create();
const ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "USDT", decimals: 6 },
];
const accounts = Array.from({ length: 8 }, (_, i) => ({
  accountId: `user-${i}`,
  balances: [BigInt(i + 1) * 10n ** 8n, BigInt(i) * 10n ** 6n],
}));

async function posted() {
  const [admin, publisher, outsider] = await ethers.getSigners();
  const registry = await deployRegistry(ethers);
  await registry.registerExchange("Acme", ...assetArgs(ASSETS));
  const tree = buildTree(ASSETS, accounts.slice(0, 5));
  await registry.postAttestation(1n, tree.root, tree.leafCount, await now(ethers), tree.totals, [0n, 0n], "");
  return { registry, tree, admin: admin!, publisher: publisher!, outsider: outsider! };
}

const clone = (proof: InclusionProof) => structuredClone(proof);

describe("attacks on inclusion proofs", function () {
  it("an honest proof verifies (control)", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    for (let i = 0; i < tree.leafCount; i++) {
      expect(await registry.verifyInclusion(...inclusionArgs(proofAt(tree, i), 1n, 1n))).to.equal(true);
      await registry.checkInclusion(...inclusionArgs(proofAt(tree, i), 1n, 1n));
    }
  });

  it("attack: an internal node's preimage presented as a leaf", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const harness = await ethers.deployContract("SumTreeHarness");
    const below = proofAt(tree, 0);
    const [left, right] = [{ hash: "", sums: below.leaf.balances }, below.siblings[0]!];
    left.hash = (await harness.leafHash(below.leaf.accountKey, below.leaf.balances)) as string;
    const node = proofAt(tree, 0).siblings[1]!; // any internal node record
    // Domain separation: the same bytes hashed as a leaf never give the node's hash.
    const asLeaf = await harness.leafHash(left.hash, [...left.sums, BigInt(right.hash), ...right.sums]);
    const asNode = await harness.nodeHash(left.hash, left.sums, right.hash, right.sums);
    expect(asLeaf).to.not.equal(asNode);
    expect(node.hash).to.not.equal(asLeaf);
    // Presenting the level-1 node (key = its left hash, its preimage as balances) from level 1 up.
    const forged = clone(below);
    forged.leaf.accountKey = left.hash as `0x${string}`;
    forged.leaf.balances = [...left.sums, BigInt(right.hash), ...right.sums];
    forged.siblings = below.siblings.slice(1);
    expect(await registry.verifyInclusion(...inclusionArgs(forged, 1n, 1n))).to.equal(false);
    await expect(registry.checkInclusion(...inclusionArgs(forged, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "BalanceCountMismatch")
      .withArgs(2n, 5n);
    // With the right number of balances, the node's sums as the leaf's balances and the node's path:
    forged.leaf.balances = [...right.sums];
    forged.siblings = [{ hash: asNode as `0x${string}`, sums: left.sums }, ...below.siblings.slice(1)];
    await expect(registry.checkInclusion(...inclusionArgs(forged, 1n, 1n))).to.be.revertedWithCustomError(
      registry,
      "RootMismatch",
    );
  });

  it("attack: a sibling sum lowered with its hash kept", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const forged = clone(proofAt(tree, 2));
    forged.siblings[1]!.sums[0] = 0n;
    expect(await registry.verifyInclusion(...inclusionArgs(forged, 1n, 1n))).to.equal(false);
    await expect(registry.checkInclusion(...inclusionArgs(forged, 1n, 1n))).to.be.revertedWithCustomError(
      registry,
      "RootMismatch",
    );
  });

  it("attack: a sum at or over 2^128 (to wrap a total)", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const overBalance = clone(proofAt(tree, 0));
    overBalance.leaf.balances[0] = MAX_AMOUNT + 1n;
    await expect(registry.checkInclusion(...inclusionArgs(overBalance, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "AmountOutOfRange")
      .withArgs(MAX_AMOUNT + 1n);
    const wrapping = clone(proofAt(tree, 0));
    wrapping.siblings[0]!.sums[0] = 2n ** 256n - 1n; // a "negative" sibling that would cancel a balance mod 2^256
    await expect(registry.checkInclusion(...inclusionArgs(wrapping, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "AmountOutOfRange")
      .withArgs(2n ** 256n - 1n);
    const pairOverflow = clone(proofAt(tree, 0));
    pairOverflow.leaf.balances[0] = MAX_AMOUNT;
    pairOverflow.siblings[0]!.sums[0] = 1n;
    await expect(registry.checkInclusion(...inclusionArgs(pairOverflow, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "AmountOutOfRange")
      .withArgs(MAX_AMOUNT + 1n);
    expect(await registry.verifyInclusion(...inclusionArgs(pairOverflow, 1n, 1n))).to.equal(false);
  });

  it("attack: index >= leafCount (a padding position)", async function () {
    const { registry } = await networkHelpers.loadFixture(posted);
    // The exchange builds 8 leaves but posts leafCount 5: the last three are outside the attestation.
    const full = buildTree(ASSETS, accounts);
    await registry.postAttestation(1n, full.root, 5n, await now(ethers), full.totals, [0n, 0n], "");
    const hidden = proofAt(full, 6);
    await expect(registry.checkInclusion(...inclusionArgs(hidden, 1n, 2n)))
      .to.be.revertedWithCustomError(registry, "LeafIndexOutOfRange")
      .withArgs(6n, 5n);
    expect(await registry.verifyInclusion(...inclusionArgs(hidden, 1n, 2n))).to.equal(false);
  });

  it("attack: a proof of the wrong length", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const short = clone(proofAt(tree, 1));
    short.siblings.pop();
    await expect(registry.checkInclusion(...inclusionArgs(short, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "ProofLengthMismatch")
      .withArgs(3n, 2n);
    const long = clone(proofAt(tree, 1));
    long.siblings.push({ hash: tree.root, sums: [0n, 0n] });
    await expect(registry.checkInclusion(...inclusionArgs(long, 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "ProofLengthMismatch")
      .withArgs(3n, 4n);
  });

  it("attack: liabilities posted below the tree's real totals", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    await registry.postAttestation(
      1n,
      tree.root,
      tree.leafCount,
      await now(ethers),
      [tree.totals[0]! - 1n, tree.totals[1]!],
      [0n, 0n],
      "",
    );
    await expect(registry.checkInclusion(...inclusionArgs(proofAt(tree, 0), 1n, 2n)))
      .to.be.revertedWithCustomError(registry, "TotalMismatch")
      .withArgs(0n, tree.totals[0]! - 1n, tree.totals[0]!);
  });

  it("attack: a proof from another epoch or another exchange's tree", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const other = buildTree(ASSETS, accounts.slice(0, 5)); // same accounts, fresh salts
    await registry.postAttestation(1n, other.root, other.leafCount, await now(ethers), other.totals, [0n, 0n], "");
    await expect(registry.checkInclusion(...inclusionArgs(proofAt(tree, 0), 1n, 2n))).to.be.revertedWithCustomError(
      registry,
      "RootMismatch",
    );
    expect(await registry.verifyInclusion(...inclusionArgs(proofAt(other, 0), 1n, 1n))).to.equal(false);
    await expect(registry.checkInclusion(...inclusionArgs(proofAt(tree, 0), 1n, 7n)))
      .to.be.revertedWithCustomError(registry, "UnknownAttestation")
      .withArgs(1n, 7n);
  });

  it("attack: a proof against a revoked epoch", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    await registry.revokeAttestation(1n, 1n, "restated");
    expect(await registry.verifyInclusion(...inclusionArgs(proofAt(tree, 0), 1n, 1n))).to.equal(false);
    await expect(registry.checkInclusion(...inclusionArgs(proofAt(tree, 0), 1n, 1n)))
      .to.be.revertedWithCustomError(registry, "RevokedAttestation")
      .withArgs(1n, 1n);
  });
});

describe("attacks on posting", function () {
  it("attack: unauthorized post (never a publisher, or removed)", async function () {
    const { registry, tree, publisher, outsider } = await networkHelpers.loadFixture(posted);
    const t = await now(ethers);
    await expect(registry.connect(outsider).postAttestation(1n, tree.root, 5n, t, tree.totals, [0n, 0n], ""))
      .to.be.revertedWithCustomError(registry, "NotPublisher")
      .withArgs(1n, outsider.address);
    await registry.setPublisher(1n, publisher.address, true);
    await registry.setPublisher(1n, publisher.address, false);
    await expect(registry.connect(publisher).postAttestation(1n, tree.root, 5n, t, tree.totals, [0n, 0n], ""))
      .to.be.revertedWithCustomError(registry, "NotPublisher")
      .withArgs(1n, publisher.address);
  });

  it("attack: re-post or overwrite an epoch", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const first = await registry.attestation(1n, 1n);
    // The same snapshot time again (a backdated replacement) is refused...
    await expect(registry.postAttestation(1n, ethers.id("replacement"), 5n, first.asOf, tree.totals, [0n, 0n], ""))
      .to.be.revertedWithCustomError(registry, "AsOfNotIncreasing")
      .withArgs(first.asOf, first.asOf);
    // ...and a later post is a new epoch: epoch 1 is untouched.
    await registry.postAttestation(1n, ethers.id("replacement"), 5n, await now(ethers), tree.totals, [0n, 0n], "");
    const after = await registry.attestation(1n, 1n);
    expect([after.root, after.asOf, after.postedAt]).to.deep.equal([first.root, first.asOf, first.postedAt]);
    expect(await registry.latestEpoch(1n)).to.equal(2n);
  });

  it("attack: asOf in the future or not increasing", async function () {
    const { registry, tree } = await networkHelpers.loadFixture(posted);
    const t = await now(ethers);
    await expect(registry.postAttestation(1n, tree.root, 5n, t + 3600n, tree.totals, [0n, 0n], ""))
      .to.be.revertedWithCustomError(registry, "AsOfInFuture")
      .withArgs(t + 3600n, t + 1n);
    const last = (await registry.attestation(1n, 1n)).asOf;
    await expect(registry.postAttestation(1n, tree.root, 5n, last - 1n, tree.totals, [0n, 0n], ""))
      .to.be.revertedWithCustomError(registry, "AsOfNotIncreasing")
      .withArgs(last - 1n, last);
  });
});
