import { expect } from "chai";
import { Wallet, id } from "ethers";
import { network } from "hardhat";
import { signDigest } from "../helpers/audit.js";
import { assetArgs, now } from "../helpers/registry.js";
import { USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const usdt = (amount: bigint) => amount * 10n ** 6n;
const wrapped = (amount: bigint) => amount * 10n ** 18n;
const DAY = 86_400n;
const newKey = () => new Wallet(Wallet.createRandom().privateKey, ethers.provider);

/** A wrapped USDT (18 decimals) backed by exchange 1's USDT (6 decimals), read through the lens; max age one day. */
async function setUp() {
  const suite = await deploySuite(ethers);
  const token = await ethers.deployContract("ReserveBackedToken", ["Wrapped Acme USDT", "waUSDT", 18, await suite.lens.getAddress(), 1n, USDT, DAY]);
  const [owner, holder] = await ethers.getSigners();
  /** Posts exchange 1's next epoch owing `owed` USDT and claiming `reserves` USDT, its snapshot `age` seconds old. */
  const postFresh = async (owed: bigint, reserves: bigint, age = 60n) => suite.post([0n, owed, 0n], [0n, reserves, 0n], { asOf: (await now(ethers)) - age });
  return { ...suite, token, owner: owner!, holder: holder!, postFresh };
}

describe("example consumer: a reserve-backed token with a proof-of-reserve circuit breaker", function () {
  it("mints up to reserves net of liabilities, in the token's decimals, for an exchange without auditors", async function () {
    const { token, holder, postFresh, lens, registry } = await networkHelpers.loadFixture(setUp);
    expect(await token.lens()).to.equal(await lens.getAddress());
    expect(await token.registry()).to.equal(await registry.getAddress());
    await postFresh(usdt(400n), usdt(1_000n));
    expect(await token.backing()).to.equal(wrapped(600n));
    await token.mint(holder.address, wrapped(250n));
    await token.mint(holder.address, wrapped(350n));
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves").withArgs(wrapped(600n) + 1n, wrapped(600n));
    // Redemptions make room again.
    await token.connect(holder).burn(wrapped(100n));
    await token.mint(holder.address, wrapped(100n));
    expect(await token.totalSupply()).to.equal(wrapped(600n));
  });

  it("finding 7: supply is capped by reserves net of customer liabilities", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    // Reserves that exactly cover what customers are owed back nothing else.
    await postFresh(usdt(1_000n), usdt(1_000n));
    expect(await token.backing()).to.equal(0n);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "InsufficientReserves").withArgs(1n, 0n);
    // Under-collateralized: the backing is zero, not an underflow.
    await postFresh(usdt(1_000n), usdt(800n));
    expect(await token.backing()).to.equal(0n);
    await postFresh(usdt(900n), usdt(1_000n));
    await token.mint(holder.address, wrapped(100n));
    // Customers' balances grow: the surplus shrinks below the supply, and no new supply until it recovers.
    await postFresh(usdt(950n), usdt(1_000n));
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves").withArgs(wrapped(100n) + 1n, wrapped(50n));
  });

  it("finding 7: a junk root with 2^127 self-declared reserves cannot mint when the exchange has auditors and the epoch is unaudited", async function () {
    const { token, holder, registry } = await networkHelpers.loadFixture(setUp);
    await registry.setAuditor(1n, newKey().address, true);
    await registry.setAuditThreshold(1n, 1n);
    // A publisher posts a root of nothing, claiming 2^127 USDT of reserves against nothing owed.
    await registry.postAttestation(1n, id("junk"), 1n, (await now(ethers)) - 60n, [0n, 0n, 0n], [0n, 2n ** 127n, 0n], "");
    await expect(token.mint(holder.address, 10n ** 30n)).to.be.revertedWithCustomError(token, "NotAudited").withArgs(1n);
    await expect(token.backing()).to.be.revertedWithCustomError(token, "NotAudited").withArgs(1n);
    expect(await token.totalSupply()).to.equal(0n);
  });

  it("mints against an audited epoch when the exchange has auditors, and waits for the next epoch's audit", async function () {
    const { token, holder, registry, postFresh } = await networkHelpers.loadFixture(setUp);
    const auditor = newKey();
    await registry.setAuditor(1n, auditor.address, true);
    await registry.setAuditThreshold(1n, 1n);
    /** The auditor countersigns `epoch` as the registry asks it to be signed. */
    const audit = async (epoch: bigint) =>
      registry.countersign(1n, epoch, [{ auditor: auditor.address, signature: signDigest(auditor, await registry.attestationDigest(1n, epoch, auditor.address)) }]);
    await postFresh(usdt(400n), usdt(1_000n));
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "NotAudited").withArgs(1n);
    await audit(1n);
    expect(await token.backing()).to.equal(wrapped(600n));
    await token.mint(holder.address, wrapped(600n));
    // A newer epoch is what counts, and it is not audited yet: the older audit does not carry over.
    await postFresh(usdt(400n), usdt(2_000n));
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "NotAudited").withArgs(2n);
    await audit(2n);
    await token.mint(holder.address, wrapped(1_000n));
  });

  it("refuses a revoked latest epoch, with no fallback to an older one", async function () {
    const { token, holder, postFresh, registry } = await networkHelpers.loadFixture(setUp);
    await postFresh(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
    await postFresh(0n, usdt(1_000n));
    await registry.revokeAttestation(1n, 2n, "double-counted a wallet");
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "EpochRevoked").withArgs(2n);
    await postFresh(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
  });

  it("refuses a stale snapshot: the snapshot time counts, not the posting time", async function () {
    const { token, holder, postFresh } = await networkHelpers.loadFixture(setUp);
    // Balances that were already two days old when posted do not pass, though the post is new.
    const oldSnapshot = await postFresh(0n, usdt(1_000n), 2n * DAY);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "StaleReserves").withArgs(oldSnapshot, DAY);
    const asOf = await postFresh(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
    await networkHelpers.time.increase(DAY);
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "StaleReserves").withArgs(asOf, DAY);
  });

  it("refuses when nothing was posted, passing on the lens's reason", async function () {
    const { token, holder, lens } = await networkHelpers.loadFixture(setUp);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "ReservesUnavailable").withArgs(lens.interface.encodeErrorResult("NoAttestation", [1n]));
  });

  it("on-chain reserves lower than claimed cap the mint, and higher ones (a flash loan) do not raise it", async function () {
    const { token, holder, postFresh, reserveWallets, walletSignature } = await networkHelpers.loadFixture(setUp);
    const hot = newKey();
    await reserveWallets.addWallet(1n, hot.address, await walletSignature(hot, 1n));
    const tether = await ethers.deployContract("TestToken", ["USDT", 6]);
    await reserveWallets.setAssetToken(1n, USDT, await tether.getAddress());
    await tether.mint(hot.address, usdt(700n));
    // Claimed 1,000, held 700, owed 400: only 300 is backed.
    await postFresh(usdt(400n), usdt(1_000n));
    expect(await token.backing()).to.equal(wrapped(300n));
    await expect(token.mint(holder.address, wrapped(301n)))
      .to.be.revertedWithCustomError(token, "InsufficientReserves").withArgs(wrapped(301n), wrapped(300n));
    await token.mint(holder.address, wrapped(300n));
    // Borrowed money lands in the wallet: the claim, not the live balance, is the ceiling.
    await tether.mint(hot.address, usdt(1_000_000n));
    expect(await token.backing()).to.equal(wrapped(600n));
  });

  it("refuses an epoch whose asset list lacks the token's asset", async function () {
    const { token, holder, registry } = await networkHelpers.loadFixture(setUp);
    await registry.setAssets(1n, ...assetArgs([{ symbol: "ETH", decimals: 18 }]));
    await registry.postAttestation(1n, id("eth only"), 1n, (await now(ethers)) - 60n, [0n], [1n], "");
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "AssetNotInEpoch").withArgs(1n, USDT);
  });

  it("only the owner mints and sets maxAge; decimals above 36 are refused", async function () {
    const { token, holder, postFresh, lens } = await networkHelpers.loadFixture(setUp);
    await postFresh(0n, usdt(1n));
    await expect(token.connect(holder).mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount");
    await expect(token.connect(holder).setMaxAge(1n)).to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount");
    await expect(token.setMaxAge(3_600n)).to.emit(token, "MaxAgeSet").withArgs(3_600n);
    expect(await token.maxAge()).to.equal(3_600n);
    const tokens = await ethers.getContractFactory("ReserveBackedToken");
    await expect(tokens.deploy("x", "x", 37, await lens.getAddress(), 1n, USDT, DAY)).to.be.revertedWithCustomError(tokens, "InvalidDecimals").withArgs(37n);
  });
});
