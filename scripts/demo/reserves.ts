/**
 * The demo's second half (issue 4): auditors co-sign the latest epoch from signature files written
 * offline, reserve wallets prove themselves and their balances are read on-chain, a dapp reads solvency
 * in one call, a Chainlink-compatible feed serves one figure, and reserve-backed tokens mint only against
 * the audited epoch's reserves net of liabilities.
 */
import { join } from "node:path";
import { Wallet } from "ethers";
import type { network } from "hardhat";
import { decodeRevert } from "../../src/chain/contract-client.js";
import type { RegistryClient } from "../../src/chain/registry-client.js";
import { NATIVE_COIN, ReserveWalletsClient } from "../../src/chain/reserve-wallets-client.js";
import { FeedFactoryClient, SolvencyLensClient } from "../../src/chain/solvency-client.js";
import { formatAmount } from "../../src/io/decimal.js";
import { readTreeSummary } from "../../src/store/tree-folder.js";
import { countersignFromFiles } from "../../src/ops/audit.js";
import { signAttestation, signReserveWallet } from "../../src/ops/sign.js";
import { formatRatio } from "../../src/ops/solvency.js";
import { symbolToBytes32 } from "../../src/spec/assets.js";

const newKey = () => new Wallet(Wallet.createRandom().privateKey);

export interface DemoContext {
  connection: Awaited<ReturnType<typeof network.create>>;
  registry: RegistryClient;
  chainId: bigint;
  exchangeId: bigint;
  /** The tree folder of the latest epoch. */
  treeFolder: string;
  out: string;
  say: (text?: string) => void;
}

/** Runs steps 8–12; returns whether every outcome was the expected one, and the files it wrote. */
export async function demoAuditReservesAndFeed(ctx: DemoContext): Promise<{ ok: boolean; files: string[] }> {
  const { registry, chainId, exchangeId, say } = ctx;
  const { ethers, networkHelpers } = ctx.connection;
  const [operator] = await ethers.getSigners();
  const latest = await registry.latestAttestation(exchangeId);
  const epoch = latest.epoch;
  let ok = true;

  // 8. Auditors: one EOA, one smart-contract wallet (ERC-1271); both must sign.
  const eoaAuditor = newKey();
  const multisigOwner = newKey();
  const multisig = await ethers.deployContract("MinimalSmartWallet", [multisigOwner.address]);
  const multisigAddress = await multisig.getAddress();
  for (const auditor of [eoaAuditor.address, multisigAddress])
    await (await registry.setAuditor(exchangeId, auditor, true)).wait();
  await (await registry.setAuditThreshold(exchangeId, 2n)).wait();
  const summary = await readTreeSummary(ctx.treeFolder);
  const files = [join(ctx.out, "signatures", "auditor-eoa.json"), join(ctx.out, "signatures", "auditor-multisig.json")];
  const epochToSign = { summary, exchangeId, epoch, reserves: latest.reserves, uri: latest.uri };
  // Each auditor signs in its current term, read from the registry (offline signers pass --term).
  const termOf = (auditor: string) => registry.auditorTerm(exchangeId, auditor);
  await signAttestation(
    { chainId, contract: registry.address, key: eoaAuditor, out: files[0]! },
    { ...epochToSign, auditorTerm: await termOf(eoaAuditor.address) },
  );
  await signAttestation(
    { chainId, contract: registry.address, key: multisigOwner, as: multisigAddress, out: files[1]! },
    { ...epochToSign, auditorTerm: await termOf(multisigAddress) },
  );
  const audit = await countersignFromFiles(registry, chainId, files);
  say(`8. Two auditors (an EOA and an ERC-1271 smart wallet; threshold 2) signed epoch ${epoch} offline into`);
  say(`     ${files.join("\n     ")}`);
  say(
    `   countersigned on-chain: audited ${audit.audited ? "yes" : "NO"} (${audit.audit.signers.length} of ${audit.audit.threshold})`,
  );
  ok &&= audit.audited;

  // 9. Reserve wallets: a hot EOA and a cold smart wallet, each signing that it backs the exchange.
  const reserveWallets = await ethers.deployContract("ReserveWallets", [registry.address]);
  const wallets = new ReserveWalletsClient(await reserveWallets.getAddress(), operator!);
  const hot = newKey();
  const coldOwner = newKey();
  const cold = await (await ethers.deployContract("MinimalSmartWallet", [coldOwner.address])).getAddress();
  for (const [key, as, name] of [
    [hot, undefined, "hot"],
    [coldOwner, cold, "cold"],
  ] as const) {
    const out = join(ctx.out, "signatures", `wallet-${name}.json`);
    const nonce = await wallets.nonce(as ?? key.address);
    const signed = await signReserveWallet(
      { chainId, contract: wallets.address, key, ...(as ? { as } : {}), out },
      { exchangeId, nonce },
    );
    await (await wallets.addWallet(exchangeId, signed.signer, signed.signature)).wait();
  }
  await (
    await wallets.addForeignWallet(exchangeId, {
      asset: "BTC",
      chain: "bitcoin",
      wallet: "bc1qdemo0reserves0cold0storage",
      message: "Demo Exchange holds BTC reserves here",
      signature: "0x1f",
    })
  ).wait();
  // Fund them: ETH at 105% of what is owed, USDT (a token on this chain) at only 97%.
  const owed = (symbol: string) => latest.liabilities[latest.assets.findIndex((a) => a.symbol === symbol)]!;
  const usdt = await ethers.deployContract("TestToken", ["USDT", 6]);
  await networkHelpers.setBalance(hot.address, (owed("ETH") * 40n) / 100n);
  await networkHelpers.setBalance(cold, (owed("ETH") * 65n) / 100n);
  await (await usdt.mint(hot.address, (owed("USDT") * 17n) / 100n)).wait();
  await (await usdt.mint(cold, (owed("USDT") * 80n) / 100n)).wait();
  await (await wallets.setAssetToken(exchangeId, "ETH", NATIVE_COIN)).wait();
  await (await wallets.setAssetToken(exchangeId, "USDT", await usdt.getAddress())).wait();
  say(`9. Reserve wallets added with their own signatures: hot ${hot.address}, cold smart wallet ${cold};`);
  say(
    `   a bitcoin address recorded for off-chain checking; ETH read as the native coin, USDT as token ${await usdt.getAddress()}`,
  );

  // 10. Solvency in one call.
  const lensContract = await ethers.deployContract("SolvencyLens", [registry.address, wallets.address]);
  const lens = new SolvencyLensClient(await lensContract.getAddress(), ethers.provider);
  const view = await lens.solvency(exchangeId);
  say(
    `10. SolvencyLens.solvency(${exchangeId}), one eth_call: epoch ${view.epoch}, ${view.audited ? "audited" : "not audited"}, ${view.revoked ? "revoked" : "not revoked"}, snapshot ${view.age} s old → ${view.solvent ? "solvent" : "NOT fully covered"}`,
  );
  for (const a of view.assets) {
    const onChain = a.onChain
      ? `on-chain ${formatAmount(a.onChainReserves, a.decimals)} (${formatRatio(a.onChainRatioBps)})`
      : "on-chain: not on this chain";
    say(
      `     ${a.symbol.padEnd(5)} claimed ${formatRatio(a.claimedRatioBps).padStart(8)}, ${onChain}${a.covered ? "" : "  ← not covered"}`,
    );
  }
  ok &&= !view.solvent && view.assets.find((a) => a.symbol === "USDT")!.covered === false;

  // 11. A Chainlink-compatible feed of USDT reserves, for dapps that speak AggregatorV3Interface.
  const factoryContract = await ethers.deployContract("SolvencyFeedFactory", [registry.address]);
  const factory = new FeedFactoryClient(await factoryContract.getAddress(), operator!);
  const { feed: feedAddress } = await factory.createFeed(exchangeId, "USDT", "reserves");
  const feed = factory.feed(feedAddress);
  const about = await feed.describe();
  const round = await feed.latestRound();
  const first = await feed.round(1n);
  const postedAt = await feed.postedAt(round.roundId);
  say(`11. Feed "${about.description}"`);
  say(`     (AggregatorV3Interface, ${about.decimals} decimals) at ${feedAddress}:`);
  say(
    `     latestRoundData → round ${round.roundId}, answer ${formatAmount(round.answer, about.decimals)}, updatedAt = the snapshot time, ${postedAt - round.updatedAt} s before postedAt; getRoundData(1) → answer ${formatAmount(first.answer, about.decimals)}`,
  );

  // 12. Tokens that mint only against the audited epoch's reserves net of liabilities, never above live balances.
  // The token's deployer, not the exchange, fixes whom to trust: both auditors of step 8 must have signed, and the
  // live balance of the token named here (USDT's test token, the native coin for ETH) caps the claim.
  const lensAddress = await lensContract.getAddress();
  const trusted = [eoaAuditor.address, multisigAddress];
  const deployToken = (
    name: string,
    symbol: string,
    asset: string,
    decimals: number,
    reserveToken: string,
    auditors = trusted,
  ) =>
    ethers.deployContract("ReserveBackedToken", [
      name,
      symbol,
      decimals,
      lensAddress,
      exchangeId,
      symbolToBytes32(asset),
      86_400n,
      auditors,
      BigInt(auditors.length),
      reserveToken,
    ]);
  const tokenUsdt = await deployToken("Wrapped Demo USDT", "wdUSDT", "USDT", 6, await usdt.getAddress());
  const tokenEth = await deployToken("Wrapped Demo ETH", "wdETH", "ETH", 18, NATIVE_COIN);
  // A token whose deployer trusts only an auditor that never signed: the exchange's audit does not count for it.
  const tokenOther = await deployToken("Other Wrapped ETH", "owETH", "ETH", 18, NATIVE_COIN, [newKey().address]);
  const attempt = async (token: typeof tokenEth, amount: bigint) => {
    try {
      await (await token.mint(operator!.address, amount)).wait();
      return "minted";
    } catch (error) {
      const revert = decodeRevert(error, token.interface);
      if (revert === undefined) throw error;
      return `refused: ${revert.name}`;
    }
  };
  // ETH: claimed 110% of what is owed, held on-chain 105%; the lower figure counts, less what is owed.
  const backing = (await tokenEth.backing()) as bigint;
  const mints = [
    ["wdUSDT: mint 1 (on-chain USDT is 97% of what is owed: nothing left over)", await attempt(tokenUsdt, 1_000_000n)],
    [
      `wdETH: mint ${formatAmount((backing * 9n) / 10n, 18)} (90% of the backing)`,
      await attempt(tokenEth, (backing * 9n) / 10n),
    ],
    [
      `wdETH: mint ${formatAmount(backing / 5n, 18)} more (supply would exceed the backing)`,
      await attempt(tokenEth, backing / 5n),
    ],
    ["owETH: mint 1 (its deployer's only trusted auditor did not sign)", await attempt(tokenOther, 10n ** 18n)],
  ];
  await networkHelpers.time.increase(2 * 86_400);
  mints.push(["two days later, wdETH: mint 1 (the snapshot is older than a day)", await attempt(tokenEth, 10n ** 18n)]);
  await (await registry.revokeAttestation(exchangeId, epoch, "demo: auditors found an error")).wait();
  mints.push([`epoch ${epoch} revoked, wdETH: mint 1`, await attempt(tokenEth, 10n ** 18n)]);
  say("12. ReserveBackedToken reads the lens: a fresh, unrevoked epoch signed by the auditors its deployer trusts,");
  say(`    and mints up to min(claimed, on-chain) − liabilities (ETH: ${formatAmount(backing, 18)}; max age one day):`);
  for (const [what, outcome] of mints) say(`     ${what!.padEnd(72)} → ${outcome}`);
  const expected = [
    "refused: InsufficientReserves",
    "minted",
    "refused: InsufficientReserves",
    "refused: NotAuditedByTrustedAuditors",
    "refused: StaleReserves",
    "refused: EpochRevoked",
  ];
  ok &&= backing > 0n && mints.every(([, outcome], i) => outcome === expected[i]);
  const written = [
    ...files.map((f) => `${f}  (an auditor's signature file)`),
    `${join(ctx.out, "signatures")}/wallet-*.json  (reserve wallets' signature files)`,
  ];
  return { ok, files: written };
}
