import { expect } from "chai";
import { AbiCoder, id } from "ethers";
import { network } from "hardhat";
import { now } from "../helpers/registry.js";
import { USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const usdt = (amount: bigint) => amount * 10n ** 6n;
const DAY = 86_400n;
const RESERVES = 0;

/** Revert data of a feed error, as the consumer wraps it in ReserveFeedUnavailable(bytes). */
const feedError = (signature: string, ...args: bigint[]) =>
  id(signature).slice(0, 10) + AbiCoder.defaultAbiCoder().encode(args.map(() => "uint256"), args).slice(2);

/** A wrapped USDT (18 decimals) guarded by exchange 1's USDT reserves feed (6 decimals), max age one day. */
async function setUp() {
  const suite = await deploySuite(ethers);
  await suite.factory.createFeed(1n, USDT, RESERVES);
  const feed = await suite.factory.feedOf(1n, USDT, RESERVES);
  const token = await ethers.deployContract("ReserveBackedToken", ["Wrapped Acme USDT", "waUSDT", 18, feed, DAY]);
  const [owner, holder] = await ethers.getSigners();
  const postFresh = async (reserves: bigint, age = 60n) => suite.post([0n, usdt(1n), 0n], [0n, reserves, 0n], { asOf: (await now(ethers)) - age });
  return { ...suite, token, owner: owner!, holder: holder!, postFresh };
}

describe("example consumer: a reserve-backed token with a proof-of-reserve circuit breaker", function () {
  it("mints within reserves, converting the feed's decimals to the token's", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    await postFresh(usdt(1_000n));
    expect(await token.currentReserves()).to.equal(1_000n * 10n ** 18n);
    await token.mint(holder.address, 600n * 10n ** 18n);
    await token.mint(holder.address, 400n * 10n ** 18n);
    expect(await token.totalSupply()).to.equal(1_000n * 10n ** 18n);
  });

  it("refuses to mint when the supply would exceed the reserves (under-collateralized)", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    await postFresh(usdt(1_000n));
    await token.mint(holder.address, 900n * 10n ** 18n);
    await expect(token.mint(holder.address, 101n * 10n ** 18n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves").withArgs(1_001n * 10n ** 18n, 1_000n * 10n ** 18n);
    // Reserves fall in the next epoch: no new supply until redemptions bring it under.
    await postFresh(usdt(800n));
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "InsufficientReserves");
    await token.connect(holder).burn(100n * 10n ** 18n);
    await token.mint(holder.address, 0n);
  });

  it("refuses stale data: the snapshot time counts, not the posting time", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    // Balances that were already two days old when posted do not pass, though the post is new.
    const oldSnapshot = await postFresh(usdt(1_000n), 2n * DAY);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "StaleReserves").withArgs(oldSnapshot, DAY);
    const asOf = await postFresh(usdt(1_000n));
    await token.mint(holder.address, 1n);
    await networkHelpers.time.increase(DAY);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "StaleReserves").withArgs(asOf, DAY);
  });

  it("refuses when the latest epoch is revoked, or nothing was ever posted", async function () {
    const { token, holder, postFresh, registry } = await networkHelpers.loadFixture(setUp);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "ReserveFeedUnavailable").withArgs(feedError("NoRounds(uint256)", 1n));
    await postFresh(usdt(1_000n));
    await registry.revokeAttestation(1n, 1n, "double-counted a wallet");
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "ReserveFeedUnavailable").withArgs(feedError("RoundRevoked(uint80)", 1n));
    // No fallback to an older epoch: the breaker stays open until a new epoch is posted.
    await postFresh(usdt(1_000n));
    await token.mint(holder.address, 1n);
  });

  it("refuses zero reserves, and only the owner mints", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    await postFresh(0n);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "InvalidReserves").withArgs(0n);
    await postFresh(usdt(1n));
    await expect(token.connect(holder).mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount");
    await expect(token.setMaxAge(3_600n)).to.emit(token, "MaxAgeSet").withArgs(3_600n);
  });
});
