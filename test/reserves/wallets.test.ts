import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { ReserveWalletsClient } from "../../src/chain/reserve-wallets-client.js";
import { expectInputError } from "../helpers/assert.js";
import { highS } from "../helpers/audit.js";
import { BTC, ETH, USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const newKey = () => new Wallet(Wallet.createRandom().privateKey);

async function setUp() {
  const suite = await deploySuite(ethers);
  const [admin, outsider] = await ethers.getSigners();
  return { ...suite, admin: admin!, outsider: outsider! };
}

describe("reserve wallets", function () {
  it("adds an EOA wallet with the wallet's own signature and bumps its nonce", async function () {
    const { reserveWallets, walletSignature } = await networkHelpers.loadFixture(setUp);
    const key = newKey();
    await expect(reserveWallets.addWallet(1n, key.address, await walletSignature(key, 1n)))
      .to.emit(reserveWallets, "ReserveWalletAdded")
      .withArgs(1n, key.address, 0n);
    expect(await reserveWallets.wallets(1n)).to.deep.equal([key.address]);
    expect(await reserveWallets.walletExchange(key.address)).to.equal(1n);
    expect(await reserveWallets.nonces(key.address)).to.equal(1n);
  });

  it("adds a minimal ERC-1271 smart wallet whose owner signs for it", async function () {
    const { reserveWallets, walletSignature } = await networkHelpers.loadFixture(setUp);
    const owner = newKey();
    const smart = await ethers.deployContract("MinimalSmartWallet", [owner.address]);
    const address = await smart.getAddress();
    await expect(reserveWallets.addWallet(1n, address, await walletSignature(owner, 1n, { wallet: address })))
      .to.emit(reserveWallets, "ReserveWalletAdded")
      .withArgs(1n, address, 0n);
    // Another key cannot speak for the smart wallet.
    await reserveWallets.removeWallet(1n, address);
    const stranger = newKey();
    await expect(reserveWallets.addWallet(1n, address, await walletSignature(stranger, 1n, { wallet: address })))
      .to.be.revertedWithCustomError(reserveWallets, "InvalidWalletSignature")
      .withArgs(address);
  });

  it("replay: a signature for another exchange, chain, contract or an old nonce is refused", async function () {
    const { reserveWallets, walletSignature, chainId } = await networkHelpers.loadFixture(setUp);
    const key = newKey();
    const cases = {
      "another exchange": await walletSignature(key, 2n),
      "another chain": await walletSignature(key, 1n, { chain: chainId + 1n }),
      "another contract": await walletSignature(key, 1n, { contract: "0x000000000000000000000000000000000000dEaD" }),
      "a future nonce": await walletSignature(key, 1n, { nonce: 1n }),
    };
    for (const [name, signature] of Object.entries(cases)) {
      await expect(reserveWallets.addWallet(1n, key.address, signature), name)
        .to.be.revertedWithCustomError(reserveWallets, "InvalidWalletSignature")
        .withArgs(key.address);
    }
    // Once used and removed, the same signature cannot bring the wallet back: its nonce moved on.
    const signature = await walletSignature(key, 1n);
    await reserveWallets.addWallet(1n, key.address, signature);
    await reserveWallets.removeWallet(1n, key.address);
    await expect(reserveWallets.addWallet(1n, key.address, signature)).to.be.revertedWithCustomError(
      reserveWallets,
      "InvalidWalletSignature",
    );
    await reserveWallets.addWallet(1n, key.address, await walletSignature(key, 1n));
    expect(await reserveWallets.nonces(key.address)).to.equal(2n);
  });

  it("malleability: the high-s twin of a valid wallet signature is refused", async function () {
    const { reserveWallets, walletSignature } = await networkHelpers.loadFixture(setUp);
    const key = newKey();
    const signature = await walletSignature(key, 1n);
    await expect(reserveWallets.addWallet(1n, key.address, highS(signature))).to.be.revertedWithCustomError(
      reserveWallets,
      "InvalidWalletSignature",
    );
    await expect(reserveWallets.addWallet(1n, key.address, "0x1234")).to.be.revertedWithCustomError(
      reserveWallets,
      "InvalidWalletSignature",
    );
    await reserveWallets.addWallet(1n, key.address, signature);
  });

  it("a wallet backs one exchange at a time", async function () {
    const { reserveWallets, walletSignature, outsider } = await networkHelpers.loadFixture(setUp);
    const key = newKey();
    await reserveWallets.addWallet(1n, key.address, await walletSignature(key, 1n));
    // Exchange 2's admin (the same account here) holds a valid signature for exchange 2, but the wallet is taken.
    await expect(reserveWallets.addWallet(2n, key.address, await walletSignature(key, 2n)))
      .to.be.revertedWithCustomError(reserveWallets, "WalletInUse")
      .withArgs(key.address, 1n);
    await expect(reserveWallets.connect(outsider).removeWallet(1n, key.address))
      .to.be.revertedWithCustomError(reserveWallets, "NotExchangeAdmin")
      .withArgs(1n, outsider.address);
    await expect(reserveWallets.removeWallet(2n, key.address))
      .to.be.revertedWithCustomError(reserveWallets, "UnknownWallet")
      .withArgs(2n, key.address);
    await expect(reserveWallets.removeWallet(1n, key.address))
      .to.emit(reserveWallets, "ReserveWalletRemoved")
      .withArgs(1n, key.address);
    await reserveWallets.addWallet(2n, key.address, await walletSignature(key, 2n));
    expect(await reserveWallets.walletExchange(key.address)).to.equal(2n);
  });

  it("only the exchange's admin adds wallets, maps tokens and records foreign wallets", async function () {
    const { reserveWallets, registry, walletSignature, outsider } = await networkHelpers.loadFixture(setUp);
    const key = newKey();
    const asOutsider = reserveWallets.connect(outsider);
    await expect(asOutsider.addWallet(1n, key.address, await walletSignature(key, 1n))).to.be.revertedWithCustomError(
      reserveWallets,
      "NotExchangeAdmin",
    );
    await expect(asOutsider.setAssetToken(1n, ETH, await reserveWallets.NATIVE_COIN())).to.be.revertedWithCustomError(
      reserveWallets,
      "NotExchangeAdmin",
    );
    const foreign = {
      asset: BTC,
      chain: "bitcoin",
      wallet: "bc1qexample",
      message: "Acme holds this",
      signature: "0x01",
    };
    await expect(asOutsider.addForeignWallet(1n, foreign)).to.be.revertedWithCustomError(
      reserveWallets,
      "NotExchangeAdmin",
    );
    // Admin rights follow the registry's two-step handover.
    await registry.transferAdmin(1n, outsider.address);
    await registry.connect(outsider).acceptAdmin(1n);
    await asOutsider.addWallet(1n, key.address, await walletSignature(key, 1n));
  });

  it("records and removes wallets on other chains for off-chain checking", async function () {
    const { reserveWallets } = await networkHelpers.loadFixture(setUp);
    const client = new ReserveWalletsClient(await reserveWallets.getAddress(), (await ethers.getSigners())[0]!);
    const foreign = {
      asset: "BTC",
      chain: "bitcoin",
      wallet: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
      message: "Acme Exchange reserves 2026-11",
      signature: "0x1f2e3d",
    };
    await (await client.addForeignWallet(1n, foreign)).wait();
    expect(await client.foreignWallets(1n)).to.deep.equal([foreign]);
    await expectInputError(client.addForeignWallet(1n, { ...foreign, asset: "DOGE" }), /AssetNotListed/);
    await expectInputError(client.addForeignWallet(1n, { ...foreign, message: "" }), /InvalidForeignWallet/);
    await expectInputError(client.removeForeignWallet(1n, "bitcoin", "bc1qother"), /UnknownForeignWallet/);
    await expect(reserveWallets.removeForeignWallet(1n, "bitcoin", foreign.wallet))
      .to.emit(reserveWallets, "ForeignWalletRemoved")
      .withArgs(1n, "bitcoin", foreign.wallet);
    expect(await client.foreignWallets(1n)).to.deep.equal([]);
  });

  it("maps assets to the native coin or an ERC-20, reading the token's decimals", async function () {
    const { reserveWallets } = await networkHelpers.loadFixture(setUp);
    const token = await ethers.deployContract("TestToken", ["USDT", 6]);
    const native = await reserveWallets.NATIVE_COIN();
    await expect(reserveWallets.setAssetToken(1n, ETH, native))
      .to.emit(reserveWallets, "AssetTokenSet")
      .withArgs(1n, ETH, native, 18);
    await expect(reserveWallets.setAssetToken(1n, USDT, await token.getAddress()))
      .to.emit(reserveWallets, "AssetTokenSet")
      .withArgs(1n, USDT, await token.getAddress(), 6);
    expect(await reserveWallets.assetToken(1n, USDT)).to.deep.equal([await token.getAddress(), 6n]);
    // An address without decimals() is not a token; an unlisted asset cannot be mapped.
    await expect(
      reserveWallets.setAssetToken(1n, BTC, await reserveWallets.getAddress()),
    ).to.be.revertedWithCustomError(reserveWallets, "UnsupportedToken");
    const doge = `0x${Buffer.from("DOGE").toString("hex").padEnd(64, "0")}`;
    await expect(reserveWallets.setAssetToken(1n, doge, native))
      .to.be.revertedWithCustomError(reserveWallets, "AssetNotListed")
      .withArgs(1n, doge);
    await reserveWallets.setAssetToken(1n, USDT, ethers.ZeroAddress);
    expect(await reserveWallets.onChainReserves(1n, USDT, 6)).to.deep.equal([0n, false]);
  });
});
