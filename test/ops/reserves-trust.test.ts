import { expect } from "chai";
import { Wallet, parseEther } from "ethers";
import { network } from "hardhat";
import { knownAsset } from "../../src/ops/known-assets.js";
import { verifyProofOnChain, type VerifyReport } from "../../src/ops/verify-proof.js";
import { proofAt } from "../../src/index.js";
import { assetArgs, now } from "../helpers/registry.js";
import { ETH, SUITE_ASSETS, USDT, deploySuite, treeOwing } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const usdt = (amount: bigint) => amount * 10n ** 6n;

/**
 * Exchange 1 of a genuine suite owes 2 ETH and 1,000 USDT; its wallet holds 3 ETH and 1,500 of a "USDT" it
 * minted itself. Beside it, a rogue ReserveWallets of another registry (where the exchange's admin registered
 * "Acme" too) holds a billion of that token, and a genuine SolvencyLens reads the real registry through it.
 */
async function setUp() {
  const suite = await deploySuite(ethers);
  const { registry, reserveWallets, walletSignature, chainId } = suite;
  const tree = treeOwing([parseEther("2"), usdt(1_000n), 0n]);
  await registry.postAttestation(1n, tree.root, tree.leafCount, await now(ethers), tree.totals, tree.totals, "");
  const hot = new Wallet(Wallet.createRandom().privateKey, ethers.provider);
  await reserveWallets.addWallet(1n, hot.address, await walletSignature(hot, 1n));
  const token = await ethers.deployContract("TestToken", ["USDT", 6]);
  await reserveWallets.setAssetToken(1n, ETH, await reserveWallets.NATIVE_COIN());
  await reserveWallets.setAssetToken(1n, USDT, await token.getAddress());
  await networkHelpers.setBalance(hot.address, parseEther("3"));
  await token.mint(hot.address, usdt(1_500n));

  const elsewhere = await ethers.deployContract("AttestationRegistry");
  await elsewhere.registerExchange("Acme", ...assetArgs(SUITE_ASSETS));
  const rogueWallets = await ethers.deployContract("ReserveWallets", [await elsewhere.getAddress()]);
  const rogueHot = new Wallet(Wallet.createRandom().privateKey, ethers.provider);
  const digest = (await rogueWallets.walletDigest(1n, rogueHot.address, 0n)) as string;
  await rogueWallets.addWallet(1n, rogueHot.address, rogueHot.signingKey.sign(digest).serialized);
  await rogueWallets.setAssetToken(1n, USDT, await token.getAddress());
  await token.mint(rogueHot.address, usdt(10n ** 9n));
  const rogueLens = await ethers.deployContract("SolvencyLens", [
    await registry.getAddress(),
    await rogueWallets.getAddress(),
  ]);
  const proof = proofAt(tree, 0);
  const check = async (lens: string): Promise<VerifyReport> =>
    verifyProofOnChain(
      proof,
      { provider: ethers.provider, chainId, label: "the test chain" },
      { registry: await registry.getAddress(), exchangeId: 1n, chainId, lens },
      { inclusion: "local" },
    );
  return { ...suite, token, rogueLens, check };
}

describe("on-chain reserves a verifier shows", function () {
  it("finding 2: the genuine lens code pointed at a rogue wallets contract is refused, with a warning in words", async function () {
    const { check, rogueLens } = await networkHelpers.loadFixture(setUp);
    const report = await check(await rogueLens.getAddress());
    expect(report.valid, "inclusion itself still stands").to.equal(true);
    expect(report.onChain!.onChainReserves, "no reserves read through the rogue wallets").to.equal(undefined);
    const warning = report.onChain!.warnings.find((text) => text.includes("reserve wallets"));
    expect(warning, report.onChain!.warnings.join("\n")).to.include("not Solvent's ReserveWallets of the registry");
  });

  it("finding 2: a lens whose code is not Solvent's SolvencyLens is refused", async function () {
    const { check, token } = await networkHelpers.loadFixture(setUp);
    const report = await check(await token.getAddress());
    expect(report.onChain!.onChainReserves).to.equal(undefined);
    expect(report.onChain!.warnings.join("\n")).to.include("is not Solvent's SolvencyLens");
  });

  it("finding 2: the genuine deployment's reserves show each token's address and symbol, and flag a token not on the known list", async function () {
    const { check, lens, token, reserveWallets } = await networkHelpers.loadFixture(setUp);
    const report = await check(await lens.getAddress());
    const [eth, tether] = report.onChain!.onChainReserves!;
    expect(eth).to.deep.include({ symbol: "ETH", onChainReserves: parseEther("3") });
    expect(eth!.token).to.deep.include({
      address: await reserveWallets.NATIVE_COIN(),
      symbol: "ETH",
      native: true,
      known: false,
    });
    expect(tether).to.deep.include({ symbol: "USDT", onChainReserves: usdt(1_500n) });
    expect(tether!.token).to.deep.include({ address: await token.getAddress(), symbol: "USDT", known: false });
    const warnings = report.onChain!.warnings.join("\n");
    expect(warnings).to.include(await token.getAddress());
    expect(warnings).to.include("not on Solvent's short list of well-known assets");
  });

  it("finding 2 (review): a genuine lens and wallets pair is still shown with a warning that no canonical deployment names it", async function () {
    const { check, lens, reserveWallets } = await networkHelpers.loadFixture(setUp);
    const report = await check(await lens.getAddress());
    expect(report.onChain!.onChainReserves, "the reserves are shown").to.have.length(3);
    const warnings = report.onChain!.warnings.join("\n");
    expect(warnings).to.include(await reserveWallets.getAddress());
    expect(warnings).to.include("no canonical deployment names them yet");
  });

  it("finding 2: the known assets of Ethereum are recognised by address, for the asset they stand for", function () {
    expect(knownAsset(1n, "0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT")).to.equal(true);
    expect(knownAsset(1n, "0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT")).to.equal(true);
    expect(knownAsset(1n, "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "ETH")).to.equal(true);
    expect(knownAsset(1n, "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE", "ETH")).to.equal(true);
    // A known token counted as another asset, the native coin of another chain, an unknown token: flagged.
    expect(knownAsset(1n, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "BTC")).to.equal(false);
    expect(knownAsset(137n, "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE", "ETH")).to.equal(false);
    expect(knownAsset(1n, "0x1111111111111111111111111111111111111111", "USDT")).to.equal(false);
    expect(knownAsset(31337n, "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE", "ETH")).to.equal(false);
  });
});
