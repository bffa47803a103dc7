import { expect } from "chai";
import { type FunctionFragment, Wallet, ZeroAddress, id } from "ethers";
import { network } from "hardhat";
import { signDigest } from "../helpers/audit.js";
import { assetArgs, now } from "../helpers/registry.js";
import { USDT, deploySuite } from "../helpers/suite.js";

const { ethers, networkHelpers } = await network.create();
const usdt = (amount: bigint) => amount * 10n ** 6n;
const wrapped = (amount: bigint) => amount * 10n ** 18n;
const DAY = 86_400n;
const newKey = () => new Wallet(Wallet.createRandom().privateKey, ethers.provider);

interface TokenOptions {
  decimals?: number;
  maxAge?: bigint;
  trusted?: readonly Wallet[];
  required?: bigint;
  reserveToken?: string;
}

/**
 * Exchange 1 with no auditors yet, and a wrapped USDT (18 decimals) backed by its USDT (6 decimals), read through
 * the lens; max age one day; the deployer trusts auditor A alone (1 of 1) and expects no USDT on this chain.
 */
async function setUp() {
  const suite = await deploySuite(ethers);
  const [owner, holder] = await ethers.getSigners();
  const auditorA = newKey();
  const auditorB = newKey();
  const lensAddress = await suite.lens.getAddress();
  /** Deploys a token over exchange 1's USDT with the deployer's trust settings. */
  const deployToken = async (options: TokenOptions = {}) =>
    ethers.deployContract("ReserveBackedToken", [
      "Wrapped Acme USDT",
      "waUSDT",
      options.decimals ?? 18,
      lensAddress,
      1n,
      USDT,
      options.maxAge ?? DAY,
      (options.trusted ?? [auditorA]).map((key) => key.address),
      options.required ?? 1n,
      options.reserveToken ?? ZeroAddress,
    ]);
  const token = await deployToken();
  /** The exchange admin lists `key` as one of its auditors in the registry (a trusted auditor can sign only then). */
  const enlist = async (key: Wallet) => {
    if (!(await suite.registry.isAuditor(1n, key.address))) await suite.registry.setAuditor(1n, key.address, true);
  };
  /** Each key, listed as the exchange's auditor if it is not yet, countersigns exchange 1's `epoch` (default: latest). */
  const audit = async (keys: readonly Wallet[] = [auditorA], epoch?: bigint) => {
    const signed = epoch ?? ((await suite.registry.latestEpoch(1n)) as bigint);
    for (const key of keys) await enlist(key);
    const cosignatures = [];
    for (const key of keys) {
      const digest = await suite.registry.attestationDigest(1n, signed, key.address);
      cosignatures.push({ auditor: key.address, signature: signDigest(key, digest) });
    }
    await suite.registry.countersign(1n, signed, cosignatures);
  };
  /** Posts exchange 1's next epoch owing `owed` USDT and claiming `reserves` USDT, its snapshot `age` seconds old. */
  const postFresh = async (owed: bigint, reserves: bigint, age = 60n) =>
    suite.post([0n, owed, 0n], [0n, reserves, 0n], { asOf: (await now(ethers)) - age });
  /** postFresh, then auditor A signs the epoch; returns its asOf. */
  const postAudited = async (owed: bigint, reserves: bigint, age = 60n) => {
    const asOf = await postFresh(owed, reserves, age);
    await audit();
    return asOf;
  };
  /** Exchange 1's hot wallet holding `held` of a USDT test token, mapped to the asset; the token is returned. */
  const holdOnChain = async (held: bigint) => {
    const hot = newKey();
    await suite.reserveWallets.addWallet(1n, hot.address, await suite.walletSignature(hot, 1n));
    const tether = await ethers.deployContract("TestToken", ["USDT", 6]);
    await suite.reserveWallets.setAssetToken(1n, USDT, await tether.getAddress());
    await tether.mint(hot.address, held);
    return { hot, tether };
  };
  return {
    ...suite,
    token,
    deployToken,
    owner: owner!,
    holder: holder!,
    auditorA,
    auditorB,
    audit,
    postFresh,
    postAudited,
    holdOnChain,
  };
}

describe("example consumer: a reserve-backed token with a proof-of-reserve circuit breaker", function () {
  it("mints up to reserves net of liabilities, in the token's decimals, once the trusted auditor signed", async function () {
    const { token, holder, postAudited, lens, registry, reserveWallets, auditorA } =
      await networkHelpers.loadFixture(setUp);
    expect(await token.lens()).to.equal(await lens.getAddress());
    expect(await token.registry()).to.equal(await registry.getAddress());
    expect(await token.reserveWallets()).to.equal(await reserveWallets.getAddress());
    expect(await token.trustedAuditors()).to.deep.equal([auditorA.address]);
    expect(await token.requiredAuditors()).to.equal(1n);
    expect(await token.reserveToken()).to.equal(ZeroAddress);
    expect(await token.maxAge()).to.equal(DAY);
    await postAudited(usdt(400n), usdt(1_000n));
    expect(await token.backing()).to.equal(wrapped(600n));
    await token.mint(holder.address, wrapped(250n));
    await token.mint(holder.address, wrapped(350n));
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves")
      .withArgs(wrapped(600n) + 1n, wrapped(600n));
    // Redemptions make room again.
    await token.connect(holder).burn(wrapped(100n));
    await token.mint(holder.address, wrapped(100n));
    expect(await token.totalSupply()).to.equal(wrapped(600n));
  });

  it("converts the backing to the token's decimals rounding down, fewer or more than the asset's", async function () {
    const { deployToken, postAudited } = await networkHelpers.loadFixture(setUp);
    await postAudited(usdt(400n), usdt(1_000n) + 123_456n);
    const twoDecimals = await deployToken({ decimals: 2 });
    expect(await twoDecimals.backing()).to.equal(600_12n);
    const sixDecimals = await deployToken({ decimals: 6 });
    expect(await sixDecimals.backing()).to.equal(usdt(600n) + 123_456n);
    const maxDecimals = await deployToken({ decimals: 36 });
    expect(await maxDecimals.backing()).to.equal((usdt(600n) + 123_456n) * 10n ** 30n);
  });

  it("finding 7: supply is capped by reserves net of customer liabilities", async function () {
    const { token, holder, postAudited } = await networkHelpers.loadFixture(setUp);
    // Reserves that exactly cover what customers are owed back nothing else.
    await postAudited(usdt(1_000n), usdt(1_000n));
    expect(await token.backing()).to.equal(0n);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves")
      .withArgs(1n, 0n);
    // Under-collateralized: the backing is zero, not an underflow.
    await postAudited(usdt(1_000n), usdt(800n));
    expect(await token.backing()).to.equal(0n);
    await postAudited(usdt(900n), usdt(1_000n));
    await token.mint(holder.address, wrapped(100n));
    // Customers' balances grow: the surplus shrinks below the supply, and no new supply until it recovers.
    await postAudited(usdt(950n), usdt(1_000n));
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "InsufficientReserves")
      .withArgs(wrapped(100n) + 1n, wrapped(50n));
  });

  it("finding 7: a junk root with 2^127 self-declared reserves cannot mint for an exchange without auditors", async function () {
    const { token, holder, registry, audit } = await networkHelpers.loadFixture(setUp);
    const [auditors, threshold] = await registry.auditors(1n);
    expect(auditors).to.deep.equal([]);
    expect(threshold).to.equal(0n);
    // A publisher posts a root of nothing, claiming 2^127 USDT of reserves against nothing owed.
    await registry.postAttestation(
      1n,
      id("junk"),
      1n,
      (await now(ethers)) - 60n,
      [0n, 0n, 0n],
      [0n, 2n ** 127n, 0n],
      "",
    );
    await expect(token.mint(holder.address, 10n ** 30n))
      .to.be.revertedWithCustomError(token, "NotAuditedByTrustedAuditors")
      .withArgs(1n, 0n, 1n);
    await expect(token.backing())
      .to.be.revertedWithCustomError(token, "NotAuditedByTrustedAuditors")
      .withArgs(1n, 0n, 1n);
    // Auditors and a threshold set by the exchange change nothing while the trusted auditor has not signed.
    await registry.setAuditor(1n, newKey().address, true);
    await registry.setAuditThreshold(1n, 1n);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "NotAuditedByTrustedAuditors")
      .withArgs(1n, 0n, 1n);
    expect(await token.totalSupply()).to.equal(0n);
    // Only the trusted auditor's signature releases it, as it would for any figure it chose to sign.
    await audit();
    expect(await token.backing()).to.equal(2n ** 127n * 10n ** 12n);
  });

  it("finding 7: the exchange's own auditor does not count: only the deployer's trusted auditors do", async function () {
    const { token, holder, registry, lens, postFresh, audit, deployToken, auditorA, auditorB } =
      await networkHelpers.loadFixture(setUp);
    // The exchange admin adds its own key as an auditor, threshold 1, and signs its own epoch: the lens reads audited.
    const ownKey = newKey();
    await registry.setAuditThreshold(1n, 1n);
    await postFresh(0n, 2n ** 127n);
    await audit([ownKey]);
    expect((await lens.solvency(1n)).audited).to.equal(true);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "NotAuditedByTrustedAuditors")
      .withArgs(1n, 0n, 1n);
    // A token whose deployer requires two of its auditors: one signature is not enough, whatever the threshold.
    const twoOfTwo = await deployToken({ trusted: [auditorA, auditorB], required: 2n });
    await postFresh(0n, usdt(1_000n));
    await audit([ownKey, auditorA]);
    await expect(twoOfTwo.backing())
      .to.be.revertedWithCustomError(twoOfTwo, "NotAuditedByTrustedAuditors")
      .withArgs(2n, 1n, 2n);
    await audit([auditorB]);
    expect(await twoOfTwo.backing()).to.equal(wrapped(1_000n));
    await twoOfTwo.mint(holder.address, wrapped(1_000n));
    // A newer epoch needs its own signatures: the older audit does not carry over.
    await postFresh(0n, usdt(2_000n));
    await audit([auditorA]);
    await expect(twoOfTwo.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(twoOfTwo, "NotAuditedByTrustedAuditors")
      .withArgs(3n, 1n, 2n);
    await audit([auditorB]);
    await twoOfTwo.mint(holder.address, wrapped(1_000n));
    // An auditor the exchange removes stops counting (its signature was made in a term that ended).
    await registry.setAuditor(1n, auditorB.address, false);
    await expect(twoOfTwo.backing())
      .to.be.revertedWithCustomError(twoOfTwo, "NotAuditedByTrustedAuditors")
      .withArgs(3n, 1n, 2n);
  });

  it("finding 7: unmapping the asset or mapping a fake token does not lift the on-chain cap", async function () {
    const { deployToken, holder, postAudited, reserveWallets, holdOnChain } = await networkHelpers.loadFixture(setUp);
    const { hot, tether } = await holdOnChain(usdt(700n));
    const capped = await deployToken({ reserveToken: await tether.getAddress() });
    // Claimed 1,000, held 700, owed 400: only 300 is backed.
    await postAudited(usdt(400n), usdt(1_000n));
    expect(await capped.backing()).to.equal(wrapped(300n));
    // Unmapped, the lens reads no on-chain balance: the token refuses instead of trusting the claim alone.
    await reserveWallets.setAssetToken(1n, USDT, ZeroAddress);
    await expect(capped.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(capped, "ReserveTokenMismatch")
      .withArgs(await tether.getAddress(), ZeroAddress);
    // Mapped to a token the exchange mints itself, the wallet "holds" a million: refused too.
    const fake = await ethers.deployContract("TestToken", ["USDT", 6]);
    await fake.mint(hot.address, usdt(1_000_000n));
    await reserveWallets.setAssetToken(1n, USDT, await fake.getAddress());
    await expect(capped.backing())
      .to.be.revertedWithCustomError(capped, "ReserveTokenMismatch")
      .withArgs(await tether.getAddress(), await fake.getAddress());
    // Mapped back to the real token, the cap applies again.
    await reserveWallets.setAssetToken(1n, USDT, await tether.getAddress());
    expect(await capped.backing()).to.equal(wrapped(300n));
    await capped.mint(holder.address, wrapped(300n));
    // A deployer that expects no USDT on this chain (reserve token zero) trusts the audited claim alone.
    const uncapped = await deployToken();
    expect(await uncapped.backing()).to.equal(wrapped(600n));
  });

  it("on-chain reserves lower than claimed cap the mint, and higher ones (a flash loan) do not raise it", async function () {
    const { deployToken, holder, postAudited, holdOnChain } = await networkHelpers.loadFixture(setUp);
    const { hot, tether } = await holdOnChain(usdt(700n));
    const token = await deployToken({ reserveToken: await tether.getAddress() });
    // Claimed 1,000, held 700, owed 400: only 300 is backed.
    await postAudited(usdt(400n), usdt(1_000n));
    expect(await token.backing()).to.equal(wrapped(300n));
    await expect(token.mint(holder.address, wrapped(301n)))
      .to.be.revertedWithCustomError(token, "InsufficientReserves")
      .withArgs(wrapped(301n), wrapped(300n));
    await token.mint(holder.address, wrapped(300n));
    // Borrowed money lands in the wallet: the claim, not the live balance, is the ceiling.
    await tether.mint(hot.address, usdt(1_000_000n));
    expect(await token.backing()).to.equal(wrapped(600n));
  });

  it("refuses a revoked latest epoch, with no fallback to an older one", async function () {
    const { token, holder, postAudited, postFresh, registry } = await networkHelpers.loadFixture(setUp);
    await postAudited(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
    await postFresh(0n, usdt(1_000n));
    await registry.revokeAttestation(1n, 2n, "double-counted a wallet");
    await expect(token.mint(holder.address, 1n)).to.be.revertedWithCustomError(token, "EpochRevoked").withArgs(2n);
    await postAudited(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
  });

  it("refuses a stale snapshot: the snapshot time counts, not the posting time", async function () {
    const { token, holder, postAudited } = await networkHelpers.loadFixture(setUp);
    // Balances that were already two days old when posted do not pass, though the post is new and audited.
    const oldSnapshot = await postAudited(0n, usdt(1_000n), 2n * DAY);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "StaleReserves")
      .withArgs(oldSnapshot, DAY);
    const asOf = await postAudited(0n, usdt(1_000n));
    await token.mint(holder.address, 1n);
    await networkHelpers.time.increase(DAY);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "StaleReserves")
      .withArgs(asOf, DAY);
  });

  it("refuses when nothing was posted, passing on the lens's reason", async function () {
    const { token, holder, lens } = await networkHelpers.loadFixture(setUp);
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "ReservesUnavailable")
      .withArgs(lens.interface.encodeErrorResult("NoAttestation", [1n]));
  });

  it("refuses an epoch whose asset list lacks the token's asset", async function () {
    const { token, holder, registry, audit } = await networkHelpers.loadFixture(setUp);
    await registry.setAssets(1n, ...assetArgs([{ symbol: "ETH", decimals: 18 }]));
    await registry.postAttestation(1n, id("eth only"), 1n, (await now(ethers)) - 60n, [0n], [1n], "");
    await audit();
    await expect(token.mint(holder.address, 1n))
      .to.be.revertedWithCustomError(token, "AssetNotInEpoch")
      .withArgs(1n, USDT);
  });

  it("only the owner mints; the trust settings are fixed at deployment and checked", async function () {
    const { token, holder, postAudited, lens, auditorA, auditorB } = await networkHelpers.loadFixture(setUp);
    await postAudited(0n, usdt(1n));
    await expect(token.connect(holder).mint(holder.address, 1n)).to.be.revertedWithCustomError(
      token,
      "OwnableUnauthorizedAccount",
    );
    // Nothing but the ERC-20's, Ownable's, mint and burn changes state: no setter is left for the owner (or anyone)
    // to loosen maxAge, the trusted auditors, the required signatures or the reserve token.
    const writers = token.interface.fragments
      .filter((f): f is FunctionFragment => f.type === "function" && !(f as FunctionFragment).constant)
      .map((f) => f.name)
      .sort();
    expect(writers).to.deep.equal([
      "approve",
      "burn",
      "mint",
      "renounceOwnership",
      "transfer",
      "transferFrom",
      "transferOwnership",
    ]);
    const tokens = await ethers.getContractFactory("ReserveBackedToken");
    const lensAddress = await lens.getAddress();
    const deploy = (decimals: number, trusted: readonly string[], required: bigint) =>
      tokens.deploy("x", "x", decimals, lensAddress, 1n, USDT, DAY, [...trusted], required, ZeroAddress);
    const [a, b] = [auditorA.address, auditorB.address];
    await expect(deploy(37, [a], 1n))
      .to.be.revertedWithCustomError(tokens, "InvalidDecimals")
      .withArgs(37n);
    await expect(deploy(18, [], 1n))
      .to.be.revertedWithCustomError(tokens, "InvalidRequiredAuditors")
      .withArgs(1n, 0n);
    await expect(deploy(18, [a, b], 0n))
      .to.be.revertedWithCustomError(tokens, "InvalidRequiredAuditors")
      .withArgs(0n, 2n);
    await expect(deploy(18, [a, b], 3n))
      .to.be.revertedWithCustomError(tokens, "InvalidRequiredAuditors")
      .withArgs(3n, 2n);
    await expect(deploy(18, [a, ZeroAddress], 1n))
      .to.be.revertedWithCustomError(tokens, "InvalidTrustedAuditor")
      .withArgs(ZeroAddress);
    await expect(deploy(18, [a, b, a], 1n))
      .to.be.revertedWithCustomError(tokens, "InvalidTrustedAuditor")
      .withArgs(a);
    const seventeen = Array.from({ length: 17 }, () => newKey().address);
    await expect(deploy(18, seventeen, 1n))
      .to.be.revertedWithCustomError(tokens, "TooManyTrustedAuditors")
      .withArgs(17n, 16n);
    await deploy(18, seventeen.slice(0, 16), 16n);
  });
});
