import { expect } from "chai";
import { parseEther } from "ethers";
import { network } from "hardhat";
import { FeedFactoryClient, FEED_METRICS } from "../../src/chain/solvency-client.js";
import { buildTree } from "../../src/index.js";
import { assetArgs, now } from "../helpers/registry.js";
import { BTC, ETH, USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const usdt = (amount: bigint) => amount * 10n ** 6n;
const Metric = { Reserves: 0, Liabilities: 1, Ratio: 2 } as const;

/** Exchange 1 with three epochs; the second is revoked. */
async function setUp() {
  const suite = await deploySuite(ethers);
  const { registry, factory, post } = suite;
  const asOf1 = await post([parseEther("8"), usdt(1_000n), 10n ** 8n], [parseEther("10"), usdt(1_200n), 10n ** 8n]);
  const asOf2 = await post([parseEther("9"), usdt(1_000n), 10n ** 8n], [parseEther("1"), usdt(1_200n), 10n ** 8n]);
  await registry.revokeAttestation(1n, 2n, "reserves misstated");
  const asOf3 = await post([parseEther("9"), usdt(2_000n), 10n ** 8n], [parseEther("9.9"), usdt(2_500n), 10n ** 8n]);
  const client = new FeedFactoryClient(await factory.getAddress(), (await ethers.getSigners())[0]!);
  const feeds: Record<string, string> = {};
  for (const metric of FEED_METRICS) feeds[metric] = (await client.createFeed(1n, "USDT", metric)).feed;
  const feed = (metric: keyof typeof Metric) => ethers.getContractAt("SolvencyFeed", feeds[metric.toLowerCase()]!);
  return { ...suite, client, feed, asOf: [asOf1, asOf2, asOf3] };
}

describe("Chainlink-compatible solvency feed", function () {
  it("rounds are epochs: latestRoundData is the newest, getRoundData reads past ones", async function () {
    const { feed, registry, asOf } = await networkHelpers.loadFixture(setUp);
    const reserves = await feed("Reserves");
    expect(await reserves.latestRoundData()).to.deep.equal([3n, usdt(2_500n), asOf[2], asOf[2], 3n]);
    const first = await reserves.getRoundData(1n);
    expect(first).to.deep.equal([1n, usdt(1_200n), asOf[0], asOf[0], 1n]);
    // The posting time is kept apart, and comes after the snapshot.
    const postedAt1 = (await registry.attestation(1n, 1n)).postedAt;
    expect(await reserves.postedAt(1n)).to.equal(postedAt1);
    expect(postedAt1).to.be.greaterThan(asOf[0]);
  });

  it("finding 6: updatedAt is the snapshot time, so a year-old snapshot posted today reads stale", async function () {
    const suite = await deploySuite(ethers);
    const YEAR = 365n * 86_400n;
    const asOf = (await now(ethers)) - YEAR;
    await suite.post([usdt(1n), usdt(1n), 1n], [usdt(1n), usdt(1n), 1n], { asOf });
    const postedAt = (await suite.registry.attestation(1n, 1n)).postedAt;
    await suite.factory.createFeed(1n, USDT, Metric.Reserves);
    const feed = await ethers.getContractAt("SolvencyFeed", await suite.factory.feedOf(1n, USDT, Metric.Reserves));
    // What a Chainlink consumer does: reject answers whose updatedAt is older than its heartbeat.
    const [, , startedAt, updatedAt] = await feed.latestRoundData();
    const heartbeat = 86_400n;
    expect((await now(ethers)) - updatedAt > heartbeat, "a year-old snapshot must read stale").to.equal(true);
    expect(updatedAt).to.equal(asOf);
    expect(startedAt).to.equal(asOf);
    expect(await feed.postedAt(1n)).to.equal(postedAt);
    expect(postedAt - asOf >= YEAR).to.equal(true);
  });

  it("postedAt reverts like getRoundData for unknown and revoked rounds", async function () {
    const { feed } = await networkHelpers.loadFixture(setUp);
    const reserves = await feed("Reserves");
    await expect(reserves.postedAt(0n)).to.be.revertedWithCustomError(reserves, "UnknownRound").withArgs(0n);
    await expect(reserves.postedAt(4n)).to.be.revertedWithCustomError(reserves, "UnknownRound").withArgs(4n);
    await expect(reserves.postedAt(2n)).to.be.revertedWithCustomError(reserves, "RoundRevoked").withArgs(2n);
  });

  it("answers liabilities and the reserves/liabilities ratio in basis points", async function () {
    const { feed } = await networkHelpers.loadFixture(setUp);
    expect((await (await feed("Liabilities")).latestRoundData())[1]).to.equal(usdt(2_000n));
    const ratio = await feed("Ratio");
    expect((await ratio.latestRoundData())[1]).to.equal(12_500n);
    expect((await ratio.getRoundData(1n))[1]).to.equal(12_000n);
    expect(await ratio.decimals()).to.equal(4n);
  });

  it("decimals, description and version", async function () {
    const { client, feeds } = await networkHelpers.loadFixture(setUpFeedsView);
    expect(await feeds.reserves.describe()).to.deep.equal({
      description: "Acme USDT reserves, claimed by the exchange (self-declared; see the registry for audits)",
      decimals: 6,
      version: 2n,
    });
    expect(await feeds.liabilities.describe()).to.deep.equal({
      description: "Acme USDT liabilities to customers (Merkle sum tree root)",
      decimals: 6,
      version: 2n,
    });
    expect(await feeds.ratio.describe()).to.deep.equal({
      description: "Acme USDT claimed reserves / liabilities",
      decimals: 4,
      version: 2n,
    });
    expect((await client.feedOf(1n, "USDT", "ratio")).deployed).to.equal(true);
  });

  it("the ratio is capped at maxRatio, which is also the answer when nothing is owed", async function () {
    const { feed, post } = await networkHelpers.loadFixture(setUp);
    const ratio = await feed("Ratio");
    const MAX_RATIO = 10_000n * 1_000_000n;
    expect(await ratio.maxRatio()).to.equal(MAX_RATIO);
    await post([1n, 0n, 1n], [1n, usdt(5n), 1n]);
    expect((await ratio.latestRoundData())[1]).to.equal(MAX_RATIO);
    await post([1n, 0n, 1n], [1n, 0n, 1n]); // nothing owed and nothing held: still fully covered
    expect((await ratio.latestRoundData())[1]).to.equal(MAX_RATIO);
    await post([1n, 1n, 1n], [1n, 2n ** 127n, 1n]);
    expect((await ratio.latestRoundData())[1]).to.equal(MAX_RATIO);
    await post([1n, 3n, 1n], [1n, 2n, 1n]);
    expect((await ratio.latestRoundData())[1]).to.equal(6_666n); // below the cap: reserves * 10000 / liabilities, rounded down
  });

  it("fails closed: unknown and revoked rounds revert, and so does a feed with nothing posted", async function () {
    const { feed, registry, post, factory } = await networkHelpers.loadFixture(setUp);
    const reserves = await feed("Reserves");
    await expect(reserves.getRoundData(0n)).to.be.revertedWithCustomError(reserves, "UnknownRound").withArgs(0n);
    await expect(reserves.getRoundData(4n)).to.be.revertedWithCustomError(reserves, "UnknownRound").withArgs(4n);
    await expect(reserves.getRoundData(2n)).to.be.revertedWithCustomError(reserves, "RoundRevoked").withArgs(2n);
    await registry.revokeAttestation(1n, 3n, "stale wallets");
    await expect(reserves.latestRoundData()).to.be.revertedWithCustomError(reserves, "RoundRevoked").withArgs(3n);
    await post([1n, 1n, 1n], [1n, 1n, 1n]);
    expect((await reserves.latestRoundData())[0]).to.equal(4n);

    await factory.createFeed(2n, ETH, Metric.Reserves);
    const empty = await ethers.getContractAt("SolvencyFeed", await factory.feedOf(2n, ETH, Metric.Reserves));
    await expect(empty.latestRoundData()).to.be.revertedWithCustomError(empty, "NoRounds").withArgs(2n);
  });

  it("keeps its decimals when the exchange changes the asset's, and reverts for rounds without the asset", async function () {
    const { feed, registry, factory } = await networkHelpers.loadFixture(setUp);
    const reserves = await feed("Reserves");
    await factory.createFeed(1n, BTC, Metric.Reserves);
    const btc = await ethers.getContractAt("SolvencyFeed", await factory.feedOf(1n, BTC, Metric.Reserves));
    // USDT is now counted in 8 decimals and BTC is dropped: new rounds are rescaled to the feed's 6 decimals.
    const assets = [
      { symbol: "ETH", decimals: 18 },
      { symbol: "USDT", decimals: 8 },
    ];
    await registry.setAssets(1n, ...assetArgs(assets));
    const tree = buildTree(assets, [{ accountId: "a", balances: [1n, 30_000_000_000n] }]);
    const asOf = (await registry.attestation(1n, 3n)).asOf + 1n;
    await registry.postAttestation(1n, tree.root, tree.leafCount, asOf, tree.totals, [1n, 12_345_678_999n], "");
    expect((await reserves.latestRoundData())[1]).to.equal(123_456_789n);
    expect(await reserves.decimals()).to.equal(6n);
    await expect(btc.latestRoundData()).to.be.revertedWithCustomError(btc, "AssetNotInRound").withArgs(4n, BTC);
    expect((await btc.getRoundData(3n))[1]).to.equal(10n ** 8n);
  });

  it("finding 9: the liabilities feed rounds up when it drops decimals", async function () {
    const { feed, registry } = await networkHelpers.loadFixture(setUp);
    const [reserves, liabilities] = [await feed("Reserves"), await feed("Liabilities")];
    // USDT is now counted in 8 decimals; the feeds keep 6 and drop two digits.
    const assets = [{ symbol: "USDT", decimals: 8 }];
    await registry.setAssets(1n, ...assetArgs(assets));
    let asOf = (await registry.attestation(1n, 3n)).asOf;
    const postOwing = async (owed: bigint, held: bigint) => {
      const tree = buildTree(assets, [{ accountId: "a", balances: [owed] }]);
      asOf += 1n;
      await registry.postAttestation(1n, tree.root, tree.leafCount, asOf, tree.totals, [held], "");
    };
    await postOwing(30_000_000_001n, 30_000_000_099n);
    expect((await liabilities.latestRoundData())[1]).to.equal(300_000_001n); // 3,000.00000001 owed reads 3,000.000001
    expect((await reserves.latestRoundData())[1]).to.equal(300_000_000n); // 3,000.00000099 held reads 3,000.000000
    await postOwing(30_000_000_100n, 0n);
    expect((await liabilities.latestRoundData())[1]).to.equal(300_000_001n); // exact: no rounding
    await postOwing(1n, 0n);
    expect((await liabilities.latestRoundData())[1]).to.equal(1n); // dust owed is never read as nothing
  });

  it("the factory deploys one feed per (exchange, asset, metric) at a predictable address", async function () {
    const { factory, client } = await networkHelpers.loadFixture(setUp);
    const predicted = await factory.feedAddress(1n, ETH, Metric.Reserves);
    expect(await factory.feedOf(1n, ETH, Metric.Reserves)).to.equal(ethers.ZeroAddress);
    await expect(factory.createFeed(1n, ETH, Metric.Reserves))
      .to.emit(factory, "FeedCreated")
      .withArgs(1n, ETH, Metric.Reserves, predicted);
    await expect(factory.createFeed(1n, ETH, Metric.Reserves))
      .to.be.revertedWithCustomError(factory, "FeedExists")
      .withArgs(predicted);
    const doge = `0x${Buffer.from("DOGE").toString("hex").padEnd(64, "0")}`;
    const feedErrors = await ethers.getContractFactory("SolvencyFeed");
    await expect(factory.createFeed(1n, doge, Metric.Reserves))
      .to.be.revertedWithCustomError(feedErrors, "AssetNotListed")
      .withArgs(1n, doge);
    expect(await client.feedOf(1n, "BTC", "liabilities")).to.deep.equal({
      address: await factory.feedAddress(1n, BTC, Metric.Liabilities),
      deployed: false,
    });
  });
});

async function setUpFeedsView() {
  const { client } = await setUp();
  const at = async (metric: (typeof FEED_METRICS)[number]) =>
    client.feed((await client.feedOf(1n, "USDT", metric)).address);
  return {
    client,
    feeds: { reserves: await at("reserves"), liabilities: await at("liabilities"), ratio: await at("ratio") },
  };
}
