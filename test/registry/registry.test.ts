import { expect } from "chai";
import { network } from "hardhat";
import { buildTree, decodeEpochRecord, epochRecordAddress, symbolToBytes32 } from "../../src/index.js";
import { assetArgs, deployRegistry, now } from "../helpers/registry.js";

const { ethers, networkHelpers } = await network.create();
const BTC = symbolToBytes32("BTC");
const ETH = symbolToBytes32("ETH");
const ASSETS = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
];

async function registered() {
  const [admin, publisher, outsider, nextAdmin] = await ethers.getSigners();
  const registry = await deployRegistry(ethers);
  await registry.registerExchange("Acme", ...assetArgs(ASSETS));
  return { registry, admin: admin!, publisher: publisher!, outsider: outsider!, nextAdmin: nextAdmin! };
}

describe("AttestationRegistry", function () {
  describe("registerExchange", function () {
    it("hands out ids 1, 2, 3 and makes the caller admin and publisher", async function () {
      const { registry, admin, outsider } = await networkHelpers.loadFixture(registered);
      await expect(registry.connect(outsider).registerExchange("Beta", ...assetArgs(ASSETS)))
        .to.emit(registry, "ExchangeRegistered")
        .withArgs(2n, outsider.address, "Beta")
        .and.to.emit(registry, "AssetsSet")
        .withArgs(2n, 1n, [BTC, ETH], [8n, 18n])
        .and.to.emit(registry, "PublisherSet")
        .withArgs(2n, outsider.address, true);
      expect(await registry.exchangeCount()).to.equal(2n);
      const info = await registry.exchange(1n);
      expect(info.name).to.equal("Acme");
      expect(info.admin).to.equal(admin.address);
      expect(info.assets).to.deep.equal([BTC, ETH]);
      expect(await registry.isPublisher(1n, admin.address)).to.equal(true);
      expect(await registry.isPublisher(1n, outsider.address)).to.equal(false);
    });

    it("validates names and asset lists", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      await expect(registry.registerExchange("", ...assetArgs(ASSETS)))
        .to.be.revertedWithCustomError(registry, "InvalidName")
        .withArgs(0n);
      await expect(registry.registerExchange("x", [], []))
        .to.be.revertedWithCustomError(registry, "InvalidAssetCount")
        .withArgs(0n);
      await expect(registry.registerExchange("x", [BTC, ETH], [8]))
        .to.be.revertedWithCustomError(registry, "AssetListLengthMismatch")
        .withArgs(2n, 1n);
      await expect(registry.registerExchange("x", [BTC, BTC], [8, 8]))
        .to.be.revertedWithCustomError(registry, "DuplicateAsset")
        .withArgs(BTC);
      await expect(registry.registerExchange("x", [BTC], [37]))
        .to.be.revertedWithCustomError(registry, "InvalidDecimals")
        .withArgs(0n, 37n);
      const spaced = ethers.encodeBytes32String("B C");
      await expect(registry.registerExchange("x", [spaced], [8]))
        .to.be.revertedWithCustomError(registry, "InvalidAssetSymbol")
        .withArgs(0n, spaced);
      const gap = "0x4200430000000000000000000000000000000000000000000000000000000000"; // "B\0C": two spellings
      await expect(registry.registerExchange("x", [gap], [8])).to.be.revertedWithCustomError(
        registry,
        "InvalidAssetSymbol",
      );
    });
  });

  describe("admin", function () {
    it("names and removes publishers; only the admin may", async function () {
      const { registry, publisher, outsider } = await networkHelpers.loadFixture(registered);
      await expect(registry.setPublisher(1n, publisher.address, true))
        .to.emit(registry, "PublisherSet")
        .withArgs(1n, publisher.address, true);
      expect(await registry.isPublisher(1n, publisher.address)).to.equal(true);
      await expect(registry.connect(outsider).setPublisher(1n, outsider.address, true))
        .to.be.revertedWithCustomError(registry, "NotAdmin")
        .withArgs(1n, outsider.address);
      await expect(registry.setPublisher(9n, outsider.address, true))
        .to.be.revertedWithCustomError(registry, "UnknownExchange")
        .withArgs(9n);
      await expect(registry.setPublisher(1n, ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
        registry,
        "ZeroAddress",
      );
    });

    it("hands over admin rights in two steps", async function () {
      const { registry, admin, nextAdmin, outsider } = await networkHelpers.loadFixture(registered);
      await expect(registry.transferAdmin(1n, nextAdmin.address))
        .to.emit(registry, "AdminTransferStarted")
        .withArgs(1n, admin.address, nextAdmin.address);
      expect((await registry.exchange(1n)).admin).to.equal(admin.address);
      await expect(registry.connect(outsider).acceptAdmin(1n))
        .to.be.revertedWithCustomError(registry, "NotPendingAdmin")
        .withArgs(1n, outsider.address);
      await expect(registry.connect(nextAdmin).acceptAdmin(1n))
        .to.emit(registry, "AdminTransferred")
        .withArgs(1n, admin.address, nextAdmin.address);
      const info = await registry.exchange(1n);
      expect([info.admin, info.pendingAdmin]).to.deep.equal([nextAdmin.address, ethers.ZeroAddress]);
      await expect(registry.setPublisher(1n, outsider.address, true)).to.be.revertedWithCustomError(
        registry,
        "NotAdmin",
      );
    });

    it("changes assets for future epochs only", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      await registry.postAttestation(1n, ethers.id("root1"), 3n, await now(ethers), [1n, 2n], [3n, 4n], "");
      const USDT = symbolToBytes32("USDT");
      await expect(registry.setAssets(1n, [USDT], [6]))
        .to.emit(registry, "AssetsSet")
        .withArgs(1n, 2n, [USDT], [6n]);
      await expect(registry.postAttestation(1n, ethers.id("root2"), 3n, await now(ethers), [1n, 2n], [3n, 4n], ""))
        .to.be.revertedWithCustomError(registry, "LiabilityCountMismatch")
        .withArgs(1n, 2n);
      await registry.postAttestation(1n, ethers.id("root2"), 3n, await now(ethers), [5n], [6n], "");
      expect((await registry.attestation(1n, 1n)).assets).to.deep.equal([BTC, ETH]);
      expect((await registry.attestation(1n, 2n)).assets).to.deep.equal([USDT]);
      expect(await registry.assetList(1n, 1n)).to.deep.equal([
        [BTC, ETH],
        [8n, 18n],
      ]);
      await expect(registry.assetList(1n, 3n))
        .to.be.revertedWithCustomError(registry, "UnknownAssetList")
        .withArgs(1n, 3n);
    });
  });

  describe("postAttestation", function () {
    it("refuses a 65,536th asset list (ids are 16-bit in the exchange's one slot)", async function () {
      const { registry, admin } = await networkHelpers.loadFixture(registered);
      const address = await registry.getAddress();
      // Find the exchange's first slot by its admin (low 160 bits) and asset list id 1 (bits 232..247).
      const coder = ethers.AbiCoder.defaultAbiCoder();
      let slot: string | undefined;
      for (let mappingSlot = 0; mappingSlot < 16 && slot === undefined; mappingSlot++) {
        const candidate = ethers.keccak256(coder.encode(["uint256", "uint256"], [1n, mappingSlot]));
        const word = BigInt(await ethers.provider.getStorage(address, candidate));
        if (word % 2n ** 160n === BigInt(admin.address) && (word >> 232n) % 2n ** 16n === 1n) slot = candidate;
      }
      expect(slot, "the exchange's first slot").to.not.equal(undefined);
      const word = BigInt(await ethers.provider.getStorage(address, slot!));
      const full = word - (1n << 232n) + (0xffffn << 232n);
      await ethers.provider.send("hardhat_setStorageAt", [address, slot!, ethers.toBeHex(full, 32)]);
      expect((await registry.exchange(1n)).assetListId).to.equal(0xffffn);
      await expect(registry.setAssets(1n, [BTC], [8]))
        .to.be.revertedWithCustomError(registry, "TooManyAssetLists")
        .withArgs(1n);
    });

    it("stores an epoch with everything a dapp reads, and emits it", async function () {
      const { registry, publisher } = await networkHelpers.loadFixture(registered);
      await registry.setPublisher(1n, publisher.address, true);
      const tree = buildTree(ASSETS, [
        { accountId: "a", balances: [5n, 6n] },
        { accountId: "b", balances: [7n, 8n] },
      ]);
      const asOf = (await now(ethers)) - 60n;
      await expect(
        registry
          .connect(publisher)
          .postAttestation(1n, tree.root, 2n, asOf, tree.totals, [100n, 200n], "ipfs://epoch1"),
      )
        .to.emit(registry, "AttestationPosted")
        .withArgs(1n, 1n, tree.root, 2n, asOf, 1n, [12n, 14n], [100n, 200n], "ipfs://epoch1", publisher.address);
      const stored = await registry.attestation(1n, 1n);
      expect(stored.root).to.equal(tree.root);
      expect(stored.leafCount).to.equal(2n);
      expect(stored.asOf).to.equal(asOf);
      expect(stored.postedAt).to.equal(await now(ethers));
      expect(stored.status).to.equal(1n);
      expect(stored.liabilities).to.deep.equal([12n, 14n]);
      expect(stored.reserves).to.deep.equal([100n, 200n]);
      expect(stored.uri).to.equal("ipfs://epoch1");
      expect(await registry.latestEpoch(1n)).to.equal(1n);
      const [epoch, latest] = await registry.latestAttestation(1n);
      expect([epoch, latest.root]).to.deep.equal([1n, tree.root]);
      expect(await registry.assetPosition(1n, 1n, ETH)).to.deep.equal([14n, 200n]);
      await expect(registry.assetPosition(1n, 1n, symbolToBytes32("SOL"))).to.be.revertedWithCustomError(
        registry,
        "UnknownAsset",
      );
      await expect(registry.attestation(1n, 2n))
        .to.be.revertedWithCustomError(registry, "UnknownAttestation")
        .withArgs(1n, 2n);
    });

    it("stores each epoch once, as code at an address anyone can derive and read with eth_getCode", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      const asOf = (await now(ethers)) - 5n;
      await registry.postAttestation(
        1n,
        ethers.id("root"),
        3n,
        asOf,
        [12n, 2n ** 128n - 1n],
        [100n, 0n],
        "https://acme.example/epoch/1",
      );
      const address = epochRecordAddress(await registry.getAddress(), 1n, 1n);
      const record = decodeEpochRecord(await ethers.provider.getCode(address));
      const view = await registry.attestation(1n, 1n);
      expect(record).to.deep.equal({
        root: view.root,
        leafCount: view.leafCount,
        asOf: view.asOf,
        postedAt: view.postedAt,
        assetListId: view.assetListId,
        liabilities: [...view.liabilities],
        reserves: [...view.reserves],
        uri: view.uri,
      });
      expect(record!.liabilities).to.deep.equal([12n, 2n ** 128n - 1n]);
      expect(
        decodeEpochRecord(await ethers.provider.getCode(epochRecordAddress(await registry.getAddress(), 1n, 2n))),
      ).to.equal(null);
      // Calling a record does nothing (it starts with STOP); calling the registry's fallback outside a post reverts.
      const [caller] = await ethers.getSigners();
      await caller!.sendTransaction({ to: address, data: "0x1234" });
      await expect(
        caller!.sendTransaction({ to: await registry.getAddress(), data: "0x12345678" }),
      ).to.be.revertedWithoutReason(ethers);
    });

    it("refuses a uri longer than 4096 bytes", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      const t = await now(ethers);
      await expect(registry.postAttestation(1n, ethers.id("r"), 1n, t, [1n, 1n], [0n, 0n], "x".repeat(4097)))
        .to.be.revertedWithCustomError(registry, "UriTooLong")
        .withArgs(4097n, 4096n);
      await registry.postAttestation(1n, ethers.id("r"), 1n, t, [1n, 1n], [0n, 0n], "x".repeat(4096));
      expect((await registry.attestation(1n, 1n)).uri).to.have.length(4096);
    });

    it("numbers epochs 1, 2, 3 and never overwrites one", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      const start = await now(ethers);
      for (let i = 1n; i <= 3n; i++) {
        await registry.postAttestation(1n, ethers.id(`root${i}`), i, start + i, [i, i], [0n, 0n], "");
      }
      expect(await registry.latestEpoch(1n)).to.equal(3n);
      for (let i = 1n; i <= 3n; i++) expect((await registry.attestation(1n, i)).root).to.equal(ethers.id(`root${i}`));
    });

    it("validates root, leaf count and amounts", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      const t = await now(ethers);
      await expect(
        registry.postAttestation(1n, ethers.ZeroHash, 1n, t, [1n, 1n], [0n, 0n], ""),
      ).to.be.revertedWithCustomError(registry, "ZeroRoot");
      await expect(registry.postAttestation(1n, ethers.id("r"), 0n, t, [1n, 1n], [0n, 0n], ""))
        .to.be.revertedWithCustomError(registry, "InvalidLeafCount")
        .withArgs(0n);
      await expect(
        registry.postAttestation(1n, ethers.id("r"), 2n ** 64n, t, [1n, 1n], [0n, 0n], ""),
      ).to.be.revertedWithCustomError(registry, "InvalidLeafCount");
      await expect(registry.postAttestation(1n, ethers.id("r"), 1n, t, [1n, 1n], [0n], ""))
        .to.be.revertedWithCustomError(registry, "ReserveCountMismatch")
        .withArgs(2n, 1n);
      await expect(registry.postAttestation(9n, ethers.id("r"), 1n, t, [1n], [0n], ""))
        .to.be.revertedWithCustomError(registry, "UnknownExchange")
        .withArgs(9n);
    });
  });

  describe("revokeAttestation and freshness", function () {
    it("revokes once, keeps the data and the event trail", async function () {
      const { registry, outsider } = await networkHelpers.loadFixture(registered);
      await registry.postAttestation(1n, ethers.id("r"), 1n, await now(ethers), [1n, 1n], [0n, 0n], "");
      await expect(registry.connect(outsider).revokeAttestation(1n, 1n, "x")).to.be.revertedWithCustomError(
        registry,
        "NotAdmin",
      );
      await expect(registry.revokeAttestation(1n, 1n, "wrong balances"))
        .to.emit(registry, "AttestationRevoked")
        .withArgs(1n, 1n, "wrong balances");
      const stored = await registry.attestation(1n, 1n);
      expect([stored.status, stored.root]).to.deep.equal([2n, ethers.id("r")]);
      expect(await registry.status(1n, 1n)).to.equal(2n);
      await expect(registry.revokeAttestation(1n, 1n, "again"))
        .to.be.revertedWithCustomError(registry, "RevokedAttestation")
        .withArgs(1n, 1n);
      await expect(registry.revokeAttestation(1n, 2n, "none"))
        .to.be.revertedWithCustomError(registry, "UnknownAttestation")
        .withArgs(1n, 2n);
    });

    it("is fresh only while the newest epoch is active and young enough", async function () {
      const { registry } = await networkHelpers.loadFixture(registered);
      expect(await registry.isFresh(1n, 3600n)).to.equal(false);
      await registry.postAttestation(1n, ethers.id("r"), 1n, await now(ethers), [1n, 1n], [0n, 0n], "");
      expect(await registry.isFresh(1n, 3600n)).to.equal(true);
      await networkHelpers.time.increase(3601);
      expect(await registry.isFresh(1n, 3600n)).to.equal(false);
      await registry.postAttestation(1n, ethers.id("r2"), 1n, await now(ethers), [1n, 1n], [0n, 0n], "");
      expect(await registry.isFresh(1n, 3600n)).to.equal(true);
      await registry.revokeAttestation(1n, 2n, "bad");
      expect(await registry.isFresh(1n, 3600n)).to.equal(false);
    });
  });
});
