import { expect } from "chai";
import { Wallet, parseEther } from "ethers";
import { network } from "hardhat";
import { SolvencyLensClient } from "../../src/chain/solvency-client.js";
import { UNBOUNDED_RATIO } from "../../src/spec/ratio.js";
import { ETH, USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const newKey = () => new Wallet(Wallet.createRandom().privateKey, ethers.provider);
const usdt = (amount: bigint) => amount * 10n ** 6n;

/** Exchange 1 with a hot EOA wallet and a cold smart wallet, ETH mapped to the native coin and USDT to a token. */
async function setUp() {
  const suite = await deploySuite(ethers);
  const { reserveWallets, walletSignature } = suite;
  const hot = newKey();
  const coldOwner = newKey();
  const cold = await ethers.deployContract("MinimalSmartWallet", [coldOwner.address]);
  const coldAddress = await cold.getAddress();
  await reserveWallets.addWallet(1n, hot.address, await walletSignature(hot, 1n));
  await reserveWallets.addWallet(1n, coldAddress, await walletSignature(coldOwner, 1n, { wallet: coldAddress }));
  const token = await ethers.deployContract("TestToken", ["USDT", 6]);
  await reserveWallets.setAssetToken(1n, ETH, await reserveWallets.NATIVE_COIN());
  await reserveWallets.setAssetToken(1n, USDT, await token.getAddress());
  await networkHelpers.setBalance(hot.address, parseEther("4"));
  await networkHelpers.setBalance(coldAddress, parseEther("6"));
  await token.mint(hot.address, usdt(500n));
  await token.mint(coldAddress, usdt(1_500n));
  const lensClient = new SolvencyLensClient(await suite.lens.getAddress(), ethers.provider);
  return { ...suite, hot, coldAddress, token, lensClient };
}

describe("solvency in one call", function () {
  it("reads ERC-20 and native reserves from the wallets as they move between epochs", async function () {
    const { post, lensClient, token, hot, reserveWallets, registry } = await networkHelpers.loadFixture(setUp);
    await post([parseEther("8"), usdt(1_800n), 10n ** 8n], [parseEther("10"), usdt(2_000n), 2n * 10n ** 8n]);
    let view = await lensClient.solvency(1n);
    expect(view).to.include({ epoch: 1n, solvent: true, revoked: false, audited: false });
    const [eth1, usdt1, btc1] = view.assets;
    expect(eth1).to.include({
      symbol: "ETH",
      onChain: true,
      onChainReserves: parseEther("10"),
      claimedRatioBps: 12_500n,
      onChainRatioBps: 12_500n,
      covered: true,
    });
    expect(usdt1).to.include({
      symbol: "USDT",
      onChain: true,
      onChainReserves: usdt(2_000n),
      liabilities: usdt(1_800n),
      onChainRatioBps: 11_111n,
      covered: true,
    });
    // BTC lives elsewhere: only the claim is known, and it counts.
    expect(btc1).to.include({
      symbol: "BTC",
      onChain: false,
      onChainReserves: 0n,
      onChainRatioBps: 0n,
      claimedRatioBps: 20_000n,
      covered: true,
    });

    // The hot wallet pays out 400 USDT: the on-chain figure of the same epoch drops below what is owed,
    // though the posted claim still covers it. The lens reads live balances, so it shows this at once.
    await token.connect(hot).transfer("0x000000000000000000000000000000000000dEaD", usdt(400n));
    await networkHelpers.setBalance(hot.address, parseEther("4")); // put back the ETH the transfer's gas cost
    view = await lensClient.solvency(1n);
    expect(view.assets[1]).to.include({ onChainReserves: usdt(1_600n), claimedReserves: usdt(2_000n), covered: false });
    expect(view.solvent).to.equal(false);

    // The next epoch owes less; 1,600 on chain covers it again.
    await post([parseEther("8"), usdt(1_500n), 10n ** 8n], [parseEther("10"), usdt(1_600n), 2n * 10n ** 8n]);
    view = await lensClient.solvency(1n);
    expect(view).to.include({ epoch: 2n, solvent: true });
    expect(view.assets[1]).to.include({
      liabilities: usdt(1_500n),
      onChainReserves: usdt(1_600n),
      onChainRatioBps: 10_666n,
      covered: true,
    });
    // A past epoch reads with its own figures and today's balances.
    expect((await lensClient.solvency(1n, 1n)).assets[1]).to.include({
      liabilities: usdt(1_800n),
      onChainReserves: usdt(1_600n),
    });

    // Removing a wallet takes its balance out of the count.
    await reserveWallets.removeWallet(1n, hot.address);
    expect((await lensClient.solvency(1n)).assets[0]).to.include({ onChainReserves: parseEther("6"), covered: false });
    expect(await registry.latestEpoch(1n)).to.equal(2n);
  });

  it("converts token decimals to the asset's, rounding down", async function () {
    const { post, lensClient, reserveWallets, hot } = await networkHelpers.loadFixture(setUp);
    // A USDT token with 18 decimals mapped to an asset the exchange counts in 6.
    const wide = await ethers.deployContract("TestToken", ["USDT18", 18]);
    await reserveWallets.setAssetToken(1n, USDT, await wide.getAddress());
    await wide.mint(hot.address, 123_456_789_999_999_999_999n);
    await post([0n, usdt(100n), 0n], [0n, usdt(200n), 0n]);
    const view = await lensClient.solvency(1n);
    expect(view.assets[1]).to.include({ onChainReserves: 123_456_789n, onChainRatioBps: 12_345n });
    // Nothing owed: the ratio is unbounded and the asset is covered.
    expect(view.assets[0]).to.include({
      liabilities: 0n,
      claimedRatioBps: UNBOUNDED_RATIO,
      onChainRatioBps: UNBOUNDED_RATIO,
      covered: true,
    });
  });

  it("reports audited and revoked epochs, and no data before the first post", async function () {
    const { post, lens, lensClient, registry } = await networkHelpers.loadFixture(setUp);
    await expect(lens.solvency(1n)).to.be.revertedWithCustomError(lens, "NoAttestation").withArgs(1n);
    const auditor = newKey();
    await registry.setAuditor(1n, auditor.address, true);
    await registry.setAuditThreshold(1n, 1n);
    const asOf = await post([1n, 1n, 1n], [1n, 1n, 1n]);
    const digest = await registry.attestationDigest(1n, 1n, auditor.address);
    await registry.countersign(1n, 1n, [
      { auditor: auditor.address, signature: auditor.signingKey.sign(digest).serialized },
    ]);
    let view = await lensClient.solvency(1n);
    expect(view).to.include({ audited: true, revoked: false, asOf });
    const block = await ethers.provider.getBlock("latest");
    expect(view.age).to.equal(BigInt(block!.timestamp) - asOf);
    await registry.revokeAttestation(1n, 1n, "wrong totals");
    view = await lensClient.solvency(1n);
    expect(view).to.include({ revoked: true, solvent: false, audited: true });
  });

  it("reads one exchange's wallets only", async function () {
    const { post, lensClient } = await networkHelpers.loadFixture(setUp);
    await post([1n, 1n, 1n], [1n, 1n, 1n], { exchangeId: 2n });
    const view = await lensClient.solvency(2n);
    expect(view.assets.map((a) => a.onChain)).to.deep.equal([false, false, false]);
  });
});
