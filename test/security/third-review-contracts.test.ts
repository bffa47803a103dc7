import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { AbiCoder, Wallet, concat } from "ethers";
import { network } from "hardhat";
import { RESERVE_WALLET_TYPES, reserveWalletLeaveDigest, reserveWalletsDomain } from "../../src/spec/typed-data.js";
import { RegistryClient } from "../../src/chain/registry-client.js";
import { ReserveWalletsClient } from "../../src/chain/reserve-wallets-client.js";
import { expectInputError } from "../helpers/assert.js";
import { assetArgs, now } from "../helpers/registry.js";
import { SUITE_ASSETS, USDT, deploySuite } from "../helpers/suite.js";

/**
 * The third review's findings (issue 21) on the contracts' side, each as the attack that worked before the fix.
 * The verifier's halves of findings 2 and 4 are tested with the verifier.
 */
const { ethers, networkHelpers } = await network.create();
const newKey = () => new Wallet(Wallet.createRandom().privateKey);

async function setUp() {
  const suite = await deploySuite(ethers);
  const [admin, outsider, newAdmin, planted] = await ethers.getSigners();
  return { ...suite, admin: admin!, outsider: outsider!, newAdmin: newAdmin!, planted: planted! };
}

/** registerExchange's calldata with the name as raw bytes (the ABI encodes string and bytes alike). */
function registerWithRawName(registry: { interface: { getFunction(name: string): { selector: string } | null } }) {
  const selector = registry.interface.getFunction("registerExchange")!.selector;
  return (name: Uint8Array) =>
    concat([
      selector,
      AbiCoder.defaultAbiCoder().encode(["bytes", "bytes32[]", "uint8[]"], [name, ...assetArgs(SUITE_ASSETS)]),
    ]);
}

describe("third review findings (issue 21): the contracts", function () {
  describe("finding 4: names and uris the registry stores are printable ASCII", function () {
    it("finding 4: registerExchange refuses a name that is not valid UTF-8, naming the byte and its position", async function () {
      const { registry, outsider } = await networkHelpers.loadFixture(setUp);
      const data = registerWithRawName(registry)(new Uint8Array([0x41, 0x63, 0xff, 0x65]));
      await expect(outsider.sendTransaction({ to: await registry.getAddress(), data }))
        .to.be.revertedWithCustomError(registry, "InvalidNameCharacter")
        .withArgs(2n, "0xff");
    });

    it("finding 4: registerExchange refuses non-ASCII, control characters and a leading or trailing space", async function () {
      const { registry } = await networkHelpers.loadFixture(setUp);
      const cases: [string, bigint, string][] = [
        ["\u0410cme", 0n, "0xd0"], // a Cyrillic А: valid UTF-8, but a homoglyph
        ["Acme\u200b", 4n, "0xe2"], // a zero-width space
        ["Ac\nme", 2n, "0x0a"],
        ["Acme\u007f", 4n, "0x7f"],
        [" Acme", 0n, "0x20"],
        ["Acme ", 4n, "0x20"],
      ];
      for (const [name, position, character] of cases) {
        await expect(registry.registerExchange(name, ...assetArgs(SUITE_ASSETS)), JSON.stringify(name))
          .to.be.revertedWithCustomError(registry, "InvalidNameCharacter")
          .withArgs(position, character);
      }
      // Inner spaces and every printable ASCII character are fine.
      const printable = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
      await registry.registerExchange("ACME  exchange", ...assetArgs(SUITE_ASSETS));
      await registry.registerExchange(printable.slice(1, 65), ...assetArgs(SUITE_ASSETS));
      await registry.registerExchange(`x${printable.slice(64)}`, ...assetArgs(SUITE_ASSETS));
      expect((await registry.exchange(3n)).name).to.equal("ACME  exchange");
    });

    it("finding 4: postAttestation refuses a uri with a byte outside printable ASCII or a space (RFC 3986)", async function () {
      const { registry, post } = await networkHelpers.loadFixture(setUp);
      const asOf = await post([1n, 1n, 1n], [1n, 1n, 1n]);
      const postWithUri = (uri: string) =>
        registry.postAttestation(1n, ethers.id("r"), 1n, asOf + 1n, [1n, 1n, 1n], [1n, 1n, 1n], uri);
      for (const [uri, position, character] of [
        ["ipfs://a b", 8n, "0x20"],
        ["https://é.example", 8n, "0xc3"],
        ["ipfs://x\n", 8n, "0x0a"],
      ] as const) {
        await expect(postWithUri(uri), JSON.stringify(uri))
          .to.be.revertedWithCustomError(registry, "InvalidUriCharacter")
          .withArgs(position, character);
      }
      await postWithUri("https://example.com/por/2026-12?epoch=2#totals%20v2");
      expect((await registry.attestation(1n, 2n)).uri).to.equal("https://example.com/por/2026-12?epoch=2#totals%20v2");
    });
  });

  it("finding 4: the registry client refuses such a name or uri before sending, saying what to change", async function () {
    const { registry, admin } = await networkHelpers.loadFixture(setUp);
    const client = new RegistryClient(await registry.getAddress(), admin);
    await expectInputError(
      client.registerExchange("\u0410cme", SUITE_ASSETS),
      /character 1 \(U\+0410\) is not printable ASCII/,
    );
    await expectInputError(client.registerExchange("Acme ", SUITE_ASSETS), /ends with a space/);
    await expectInputError(
      client.postAttestation(1n, {
        root: ethers.id("r"),
        leafCount: 1,
        asOf: await now(ethers),
        totals: [1n, 1n, 1n],
        uri: "ipfs://a b",
      }),
      /character 9 \(U\+0020\) is not allowed; percent-encode it/,
    );
    expect(await registry.exchangeCount()).to.equal(2n);
  });

  describe("finding 4 (ReserveWallets): a foreign wallet's text is printable ASCII", function () {
    it("finding 4: addForeignWallet refuses a chain, address or message a reader could not decode as plain text", async function () {
      const { reserveWallets } = await networkHelpers.loadFixture(setUp);
      const foreign = {
        asset: USDT,
        chain: "tron",
        wallet: "TXYZ",
        message: "Acme Exchange reserves 2026-12",
        signature: "0x1234",
      };
      for (const [change, field, position, character] of [
        [{ chain: "tr\u043en" }, "chain", 2n, "0xd0"],
        [{ wallet: "TX YZ" }, "wallet", 2n, "0x20"],
        [{ message: "Acme\nreserves" }, "message", 4n, "0x0a"],
      ] as const) {
        await expect(reserveWallets.addForeignWallet(1n, { ...foreign, ...change }), field)
          .to.be.revertedWithCustomError(reserveWallets, "InvalidForeignWalletCharacter")
          .withArgs(field, position, character);
      }
      await reserveWallets.addForeignWallet(1n, foreign);
      expect((await reserveWallets.foreignWallets(1n))[0]!.message).to.equal(foreign.message);
    });
  });

  describe("finding 7: an admin handover hands over posting", function () {
    it("finding 7: accepting admin leaves the new admin as the only publisher", async function () {
      const { registry, admin, newAdmin, planted, post } = await networkHelpers.loadFixture(setUp);
      await post([1n, 1n, 1n], [1n, 1n, 1n]);
      // The old admin plants a publisher, then hands over.
      await registry.setPublisher(1n, planted.address, true);
      await registry.transferAdmin(1n, newAdmin.address);
      await expect(registry.connect(newAdmin).acceptAdmin(1n))
        .to.emit(registry, "PublishersCleared")
        .withArgs(1n, admin.address, newAdmin.address)
        .and.to.emit(registry, "PublisherSet")
        .withArgs(1n, newAdmin.address, true);
      expect(await registry.publishers(1n)).to.deep.equal([newAdmin.address]);
      expect(await registry.isPublisher(1n, planted.address)).to.equal(false);
      expect(await registry.isPublisher(1n, admin.address)).to.equal(false);
      // The planted publisher can no longer post a junk latest epoch that blocks the new admin's post.
      const t = await now(ethers);
      await expect(
        registry.connect(planted).postAttestation(1n, ethers.id("junk"), 1n, t, [1n, 1n, 1n], [0n, 0n, 0n], ""),
      )
        .to.be.revertedWithCustomError(registry, "NotPublisher")
        .withArgs(1n, planted.address);
      await registry.connect(newAdmin).postAttestation(1n, ethers.id("real"), 1n, t, [1n, 1n, 1n], [1n, 1n, 1n], "");
      expect(await registry.latestEpoch(1n)).to.equal(2n);
      // The new admin may name publishers again, and the other exchange was never touched.
      await registry.connect(newAdmin).setPublisher(1n, planted.address, true);
      expect(await registry.publishers(1n)).to.deep.equal([newAdmin.address, planted.address]);
      expect(await registry.publishers(2n)).to.deep.equal([admin.address]);
    });

    it("finding 7: publishers of an earlier admin do not come back when admin rights return to it", async function () {
      const { registry, admin, newAdmin, planted } = await networkHelpers.loadFixture(setUp);
      await registry.setPublisher(1n, planted.address, true);
      await registry.transferAdmin(1n, newAdmin.address);
      await registry.connect(newAdmin).acceptAdmin(1n);
      await registry.connect(newAdmin).transferAdmin(1n, admin.address);
      await registry.acceptAdmin(1n);
      expect(await registry.publishers(1n)).to.deep.equal([admin.address]);
      expect(await registry.isPublisher(1n, planted.address)).to.equal(false);
      expect(await registry.isPublisher(1n, newAdmin.address)).to.equal(false);
    });
  });

  describe("finding 8: a reserve wallet can withdraw its consent", function () {
    it("finding 8: an EOA wallet leaves with a call; another exchange can then add it", async function () {
      const { reserveWallets, chainId, outsider } = await networkHelpers.loadFixture(setUp);
      // A node account: an EOA that can both sign its consent and send the call that withdraws it.
      const wallet = outsider;
      const domain = reserveWalletsDomain(chainId, await reserveWallets.getAddress());
      const consent = async (exchangeId: bigint) =>
        wallet.signTypedData(domain, RESERVE_WALLET_TYPES, {
          exchangeId,
          wallet: wallet.address,
          nonce: await reserveWallets.nonces(wallet.address),
        });
      await reserveWallets.addWallet(1n, wallet.address, await consent(1n));
      // A second consent for exchange 1, held back by the exchange to re-add the wallet after it leaves.
      const heldBack = await wallet.signTypedData(domain, RESERVE_WALLET_TYPES, {
        exchangeId: 1n,
        wallet: wallet.address,
        nonce: 1n,
      });
      await expect(reserveWallets.connect(wallet).leave())
        .to.emit(reserveWallets, "ReserveWalletLeft")
        .withArgs(1n, wallet.address, 1n);
      expect(await reserveWallets.walletExchange(wallet.address)).to.equal(0n);
      expect(await reserveWallets.wallets(1n)).to.deep.equal([]);
      expect(await reserveWallets.nonces(wallet.address)).to.equal(2n);
      await expect(reserveWallets.addWallet(1n, wallet.address, heldBack))
        .to.be.revertedWithCustomError(reserveWallets, "InvalidWalletSignature")
        .withArgs(wallet.address);
      await expect(reserveWallets.connect(wallet).leave())
        .to.be.revertedWithCustomError(reserveWallets, "NotReserveWallet")
        .withArgs(wallet.address);
      await reserveWallets.addWallet(2n, wallet.address, await consent(2n));
      expect(await reserveWallets.wallets(2n)).to.deep.equal([wallet.address]);
    });

    it("finding 8: a smart wallet leaves with a call it makes itself", async function () {
      const { reserveWallets, walletSignature } = await networkHelpers.loadFixture(setUp);
      const owner = newKey();
      const smart = await ethers.deployContract("MinimalSmartWallet", [owner.address]);
      const address = await smart.getAddress();
      await reserveWallets.addWallet(1n, address, await walletSignature(owner, 1n, { wallet: address }));
      const leave = reserveWallets.interface.encodeFunctionData("leave");
      await networkHelpers.setBalance(owner.address, 10n ** 18n);
      const asOwner = smart.connect(owner.connect(ethers.provider));
      await expect(asOwner.execute(await reserveWallets.getAddress(), leave))
        .to.emit(reserveWallets, "ReserveWalletLeft")
        .withArgs(1n, address, 1n);
      expect(await reserveWallets.walletExchange(address)).to.equal(0n);
    });

    it("finding 8: a signed withdrawal (EOA or ERC-1271) relayed by anyone removes the wallet once", async function () {
      const { reserveWallets, walletSignature, chainId, outsider } = await networkHelpers.loadFixture(setUp);
      const contract = await reserveWallets.getAddress();
      const eoa = newKey();
      const owner = newKey();
      const smart = await ethers.deployContract("MinimalSmartWallet", [owner.address]);
      const smartAddress = await smart.getAddress();
      await reserveWallets.addWallet(1n, eoa.address, await walletSignature(eoa, 1n));
      await reserveWallets.addWallet(1n, smartAddress, await walletSignature(owner, 1n, { wallet: smartAddress }));
      const relayer = reserveWallets.connect(outsider);
      for (const [signer, wallet] of [
        [eoa, eoa.address],
        [owner, smartAddress],
      ] as const) {
        const nonce = (await reserveWallets.nonces(wallet)) as bigint;
        const digest = reserveWalletLeaveDigest(chainId, contract, { exchangeId: 1n, wallet, nonce });
        // The TypeScript typed data is the contract's.
        expect(await reserveWallets.leaveDigest(1n, wallet, nonce)).to.equal(digest);
        const signature = signer.signingKey.sign(digest).serialized;
        // A stranger's signature, or one for another exchange, does not speak for the wallet.
        const stranger = newKey().signingKey.sign(digest).serialized;
        await expect(relayer.leaveWithSignature(wallet, stranger))
          .to.be.revertedWithCustomError(reserveWallets, "InvalidWalletSignature")
          .withArgs(wallet);
        const otherExchange = signer.signingKey.sign(
          reserveWalletLeaveDigest(chainId, contract, { exchangeId: 2n, wallet, nonce }),
        ).serialized;
        await expect(relayer.leaveWithSignature(wallet, otherExchange)).to.be.revertedWithCustomError(
          reserveWallets,
          "InvalidWalletSignature",
        );
        await expect(relayer.leaveWithSignature(wallet, signature))
          .to.emit(reserveWallets, "ReserveWalletLeft")
          .withArgs(1n, wallet, nonce);
        expect(await reserveWallets.nonces(wallet)).to.equal(nonce + 1n);
        await expect(relayer.leaveWithSignature(wallet, signature))
          .to.be.revertedWithCustomError(reserveWallets, "NotReserveWallet")
          .withArgs(wallet);
      }
      expect(await reserveWallets.wallets(1n)).to.deep.equal([]);
      // The same withdrawal cannot remove the wallet again once it backs an exchange anew.
      const nonce = (await reserveWallets.nonces(eoa.address)) as bigint;
      const old = eoa.signingKey.sign(
        reserveWalletLeaveDigest(chainId, contract, { exchangeId: 1n, wallet: eoa.address, nonce: nonce - 1n }),
      ).serialized;
      await reserveWallets.addWallet(1n, eoa.address, await walletSignature(eoa, 1n));
      await expect(relayer.leaveWithSignature(eoa.address, old)).to.be.revertedWithCustomError(
        reserveWallets,
        "InvalidWalletSignature",
      );
    });

    it("finding 8: the client sends both ways of leaving", async function () {
      const { reserveWallets, walletSignature, chainId, outsider } = await networkHelpers.loadFixture(setUp);
      const key = newKey();
      await reserveWallets.addWallet(1n, key.address, await walletSignature(key, 1n));
      const client = new ReserveWalletsClient(await reserveWallets.getAddress(), outsider);
      const nonce = await client.nonce(key.address);
      const digest = reserveWalletLeaveDigest(chainId, await reserveWallets.getAddress(), {
        exchangeId: 1n,
        wallet: key.address,
        nonce,
      });
      await (await client.leaveWithSignature(key.address, key.signingKey.sign(digest).serialized)).wait();
      expect(await client.wallets(1n)).to.deep.equal([]);
      // The wallet's own call, through the client connected to the wallet.
      await reserveWallets.addWallet(1n, key.address, await walletSignature(key, 1n));
      const asWallet = new ReserveWalletsClient(await reserveWallets.getAddress(), key.connect(ethers.provider));
      await networkHelpers.setBalance(key.address, 10n ** 18n);
      await (await asWallet.leave()).wait();
      expect(await client.wallets(1n)).to.deep.equal([]);
    });
  });

  describe("finding 10: the lens never panics on a ratio", function () {
    it("finding 10: a 0-decimal token backing a 36-decimal asset, plus anyone's transfer, leaves solvency() readable", async function () {
      const { registry, reserveWallets, lens, walletSignature, outsider } = await networkHelpers.loadFixture(setUp);
      const deep = [USDT];
      await registry.registerExchange("Deep", deep, [36]);
      const key = newKey();
      await reserveWallets.addWallet(3n, key.address, await walletSignature(key, 3n));
      const token = await ethers.deployContract("TestToken", ["USDT", 0]);
      await reserveWallets.setAssetToken(3n, USDT, await token.getAddress());
      await registry.postAttestation(3n, ethers.id("r"), 1n, await now(ethers), [1n], [1n], "");
      // Anyone can send the wallet tokens: the largest balance there is.
      await token.connect(outsider).mint(key.address, 2n ** 256n - 1n);
      const [onChain, tracked] = await reserveWallets.onChainReserves(3n, USDT, 36);
      expect(tracked).to.equal(true);
      expect(onChain).to.equal(2n ** 128n - 1n);
      const view = await lens.solvency(3n);
      expect(view.assets[0]!.onChainReserves).to.equal(2n ** 128n - 1n);
      expect(view.assets[0]!.onChainRatioBps).to.equal((2n ** 128n - 1n) * 10_000n);
      expect(view.assets[0]!.covered).to.equal(true);
      // Any decimals a caller asks for, up to 255, give an answer rather than a panic.
      for (const decimals of [0, 37, 77, 78, 255]) {
        const [amount] = await reserveWallets.onChainReserves(3n, USDT, decimals);
        expect(amount <= 2n ** 128n - 1n, `decimals ${decimals}`).to.equal(true);
      }
    });
  });

  describe("finding 2: the lens says whose word its coverage rests on", function () {
    it("finding 2: ISolvencyLens says covered and solvent take the exchange's word for which token counts", async function () {
      const source = await readFile(new URL("../../contracts/interfaces/ISolvencyLens.sol", import.meta.url), "utf8");
      const natspec = source.replace(/\n\s*\/\/\/ ?/g, " ");
      expect(natspec).to.match(/`covered` and `solvent` take the exchange's word for which token counts/);
      expect(natspec).to.match(/self-minted/);
    });
  });
});
