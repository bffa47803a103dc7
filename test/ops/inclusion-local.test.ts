import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { RegistryClient } from "../../src/chain/registry-client.js";
import { checkInclusionLocally } from "../../src/ops/inclusion-local.js";
import { buildTree, MAX_AMOUNT, proofAt, type InclusionProof } from "../../src/index.js";
import { fuzzRuns } from "../helpers/fuzz.js";
import { assetArgs, deployRegistry, now } from "../helpers/registry.js";

const { ethers, networkHelpers } = await network.create();
const ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
];

/** Epoch 1 holds a 13-account tree; epoch 2, the same tree, is revoked. */
async function posted() {
  const registry = await deployRegistry(ethers);
  await registry.registerExchange("Acme", ...assetArgs(ASSETS));
  const accounts = Array.from({ length: 13 }, (_, i) => ({
    accountId: `user-${i}`,
    balances: [BigInt(i * 7 + 1) * 10n ** 6n, BigInt(i % 3) * 10n ** 17n],
  }));
  const tree = buildTree(ASSETS, accounts);
  const asOf = await now(ethers);
  await registry.postAttestation(1n, tree.root, tree.leafCount, asOf - 10n, tree.totals, [0n, 0n], "");
  await registry.postAttestation(1n, tree.root, tree.leafCount, asOf - 5n, tree.totals, [0n, 0n], "");
  await registry.revokeAttestation(1n, 2n, "test");
  const client = new RegistryClient(await registry.getAddress(), ethers.provider);
  return { tree, client, epochs: [await client.attestation(1n, 1n), await client.attestation(1n, 2n)] };
}

/** One fault an exchange (or a tampered file) could put in a proof. */
const fault = fc.oneof(
  fc.record({ kind: fc.constant("balance"), asset: fc.nat(1), value: fc.bigInt({ min: 0n, max: MAX_AMOUNT + 2n }) }),
  fc.record({
    kind: fc.constant("sibling-sum"),
    level: fc.nat(3),
    asset: fc.nat(1),
    delta: fc.bigInt({ min: 1n, max: 2n ** 129n }),
  }),
  fc.record({ kind: fc.constant("sibling-hash"), level: fc.nat(3), byte: fc.nat(31) }),
  fc.record({ kind: fc.constant("index"), index: fc.bigInt({ min: 0n, max: 20n }) }),
  fc.record({ kind: fc.constant("key"), byte: fc.nat(31) }),
  fc.record({ kind: fc.constant("drop-sibling") }),
  fc.record({ kind: fc.constant("extra-balance") }),
  fc.record({ kind: fc.constant("sibling-sum-count"), level: fc.nat(3) }),
);

function apply(proof: InclusionProof, f: Record<string, any>) {
  const p = structuredClone(proof);
  const flip = (hex: string, byte: number) => {
    const digits = hex.slice(2).split("");
    digits[2 * byte] = digits[2 * byte] === "f" ? "e" : "f";
    return `0x${digits.join("")}` as `0x${string}`;
  };
  switch (f.kind) {
    case "balance":
      p.leaf.balances[f.asset] = f.value;
      break;
    case "sibling-sum":
      p.siblings[f.level]!.sums[f.asset] = p.siblings[f.level]!.sums[f.asset]! + f.delta;
      break;
    case "sibling-hash":
      p.siblings[f.level]!.hash = flip(p.siblings[f.level]!.hash, f.byte);
      break;
    case "index":
      p.leaf.index = f.index;
      break;
    case "key":
      p.leaf.accountKey = flip(p.leaf.accountKey, f.byte);
      break;
    case "drop-sibling":
      p.siblings.pop();
      break;
    case "extra-balance":
      p.leaf.balances.push(1n);
      break;
    case "sibling-sum-count":
      p.siblings[f.level]!.sums.push(0n);
      break;
  }
  return p;
}

describe("the page's inclusion check on the device equals the registry's checkInclusion", function () {
  it("same verdict and the same error name, for honest proofs and every single fault (property, against the contract)", async function () {
    const { tree, client, epochs } = await networkHelpers.loadFixture(posted);
    await fc.assert(
      fc.asyncProperty(fc.nat(12), fc.option(fault, { nil: undefined }), fc.nat(1), async (position, f, e) => {
        const honest = proofAt(tree, position);
        const proof = f === undefined ? honest : apply(honest, f);
        const epoch = epochs[e]!;
        const local = checkInclusionLocally(proof, epoch);
        const registry = await client.checkInclusion(proof, 1n, epoch.epoch);
        expect(
          local.valid,
          JSON.stringify(f, (_, v) => (typeof v === "bigint" ? String(v) : v)),
        ).to.equal(registry.valid);
        if (!local.valid && !registry.valid) expect(local.error).to.equal(registry.error);
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it("an honest proof of the live epoch passes, and the same proof of a revoked one does not", async function () {
    const { tree, epochs } = await networkHelpers.loadFixture(posted);
    expect(checkInclusionLocally(proofAt(tree, 3), epochs[0]!)).to.deep.equal({ valid: true });
    expect(checkInclusionLocally(proofAt(tree, 3), epochs[1]!)).to.include({
      valid: false,
      error: "RevokedAttestation",
    });
  });
});
