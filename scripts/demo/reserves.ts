/**
 * The demo's second half (issue 4): auditors co-sign the latest epoch from signature files written
 * offline, reserve wallets prove themselves and their balances are read on-chain, a dapp reads solvency
 * in one call, and a Chainlink-compatible feed guards a reserve-backed token's minting.
 */
import { join } from "node:path";
import { Interface, Wallet } from "ethers";
import type { network } from "hardhat";
import { decodeRevert } from "../../src/chain/contract-client.js";
import type { RegistryClient } from "../../src/chain/registry-client.js";
import { NATIVE_COIN, ReserveWalletsClient } from "../../src/chain/reserve-wallets-client.js";
import { FeedFactoryClient, SolvencyLensClient, UNBOUNDED_RATIO } from "../../src/chain/solvency-client.js";
import { formatAmount } from "../../src/io/decimal.js";
import { readTreeSummary } from "../../src/io/tree-store.js";
import { countersignFromFiles } from "../../src/ops/audit.js";
import { signAttestation, signReserveWallet } from "../../src/ops/sign.js";
import { formatRatio } from "../../src/ops/solvency.js";

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
  for (const auditor of [eoaAuditor.address, multisigAddress]) await (await registry.setAuditor(exchangeId, auditor, true)).wait();
  await (await registry.setAuditThreshold(exchangeId, 2n)).wait();
  const summary = await readTreeSummary(ctx.treeFolder);
  const files = [join(ctx.out, "signatures", "auditor-eoa.json"), join(ctx.out, "signatures", "auditor-multisig.json")];
  const epochToSign = { summary, exchangeId, epoch, reserves: latest.reserves, uri: latest.uri };
  await signAttestation({ chainId, contract: registry.address, key: eoaAuditor, out: files[0]! }, epochToSign);
  await signAttestation({ chainId, contract: registry.address, key: multisigOwner, as: multisigAddress, out: files[1]! }, epochToSign);
  const audit = await countersignFromFiles(registry, chainId, files);
  say(`8. Two auditors (an EOA and an ERC-1271 smart wallet; threshold 2) signed epoch ${epoch} offline into`);
  say(`     ${files.join("\n     ")}`);
  say(`   countersigned on-chain: audited ${audit.audited ? "yes" : "NO"} (${audit.audit.signers.length} of ${audit.audit.threshold})`);
  ok &&= audit.audited;

  // 9. Reserve wallets: a hot EOA and a cold smart wallet, each signing that it backs the exchange.
  const reserveWallets = await ethers.deployContract("ReserveWallets", [registry.address]);
  const wallets = new ReserveWalletsClient(await reserveWallets.getAddress(), operator!);
  const hot = newKey();
  const coldOwner = newKey();
  const cold = await (await ethers.deployContract("MinimalSmartWallet", [coldOwner.address])).getAddress();
  for (const [key, as, name] of [[hot, undefined, "hot"], [coldOwner, cold, "cold"]] as const) {
    const out = join(ctx.out, "signatures", `wallet-${name}.json`);
    const nonce = await wallets.nonce(as ?? key.address);
    const signed = await signReserveWallet({ chainId, contract: wallets.address, key, ...(as ? { as } : {}), out }, { exchangeId, nonce });
    await (await wallets.addWallet(exchangeId, signed.signer, signed.signature)).wait();
  }
  await (await wallets.addForeignWallet(exchangeId, { asset: "BTC", chain: "bitcoin", wallet: "bc1qdemo0reserves0cold0storage", message: "Demo Exchange holds BTC reserves here", signature: "0x1f" })).wait();
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
  say(`   a bitcoin address recorded for off-chain checking; ETH read as the native coin, USDT as token ${await usdt.getAddress()}`);

  // 10. Solvency in one call.
  const lensContract = await ethers.deployContract("SolvencyLens", [registry.address, wallets.address]);
  const lens = new SolvencyLensClient(await lensContract.getAddress(), ethers.provider);
  const view = await lens.solvency(exchangeId);
  say(`10. SolvencyLens.solvency(${exchangeId}), one eth_call: epoch ${view.epoch}, ${view.audited ? "audited" : "not audited"}, ${view.revoked ? "revoked" : "not revoked"}, snapshot ${view.age} s old → ${view.solvent ? "solvent" : "NOT fully covered"}`);
  for (const a of view.assets) {
    const ratio = (bps: bigint) => formatRatio(bps === UNBOUNDED_RATIO ? undefined : bps);
    const onChain = a.onChain ? `on-chain ${formatAmount(a.onChainReserves, a.decimals)} (${ratio(a.onChainRatioBps)})` : "on-chain: not on this chain";
    say(`     ${a.symbol.padEnd(5)} claimed ${ratio(a.claimedRatioBps).padStart(8)}, ${onChain}${a.covered ? "" : "  ← not covered"}`);
  }
  ok &&= !view.solvent && view.assets.find((a) => a.symbol === "USDT")!.covered === false;

  // 11. A Chainlink-compatible feed of USDT reserves, and a token that mints only against it.
  const factoryContract = await ethers.deployContract("SolvencyFeedFactory", [registry.address]);
  const factory = new FeedFactoryClient(await factoryContract.getAddress(), operator!);
  const { feed: feedAddress } = await factory.createFeed(exchangeId, "USDT", "reserves");
  const feed = factory.feed(feedAddress);
  const about = await feed.describe();
  const round = await feed.latestRound();
  const first = await feed.round(1n);
  say(`11. Feed "${about.description}" (AggregatorV3Interface, ${about.decimals} decimals) at ${feedAddress}:`);
  say(`     latestRoundData → round ${round.roundId}, answer ${formatAmount(round.answer, about.decimals)}; getRoundData(1) → answer ${formatAmount(first.answer, about.decimals)}`);

  const token = await ethers.deployContract("ReserveBackedToken", ["Wrapped Demo USDT", "wdUSDT", 6, feedAddress, 86_400n]);
  const feedErrors = new Interface(["error RoundRevoked(uint80 roundId)", "error NoRounds(uint256 exchangeId)"]);
  const attempt = async (amount: bigint) => {
    try {
      await (await token.mint(operator!.address, amount)).wait();
      return "minted";
    } catch (error) {
      const revert = decodeRevert(error, token.interface);
      if (revert === undefined) throw error;
      if (revert.name === "ReserveFeedUnavailable") return `refused: feed said ${feedErrors.parseError(revert.args[0] as string)?.name ?? "?"}`;
      return `refused: ${revert.name}`;
    }
  };
  const reserves = round.answer;
  const mints = [
    [`mint ${formatAmount((reserves * 9n) / 10n, 6)} wdUSDT (90% of reserves)`, await attempt((reserves * 9n) / 10n)],
    [`mint ${formatAmount(reserves / 5n, 6)} more (supply would exceed reserves)`, await attempt(reserves / 5n)],
  ];
  await networkHelpers.time.increase(2 * 86_400);
  mints.push(["two days later, mint 1 (the snapshot is older than a day)", await attempt(1_000_000n)]);
  await (await registry.revokeAttestation(exchangeId, epoch, "demo: auditors found an error")).wait();
  mints.push([`epoch ${epoch} revoked, mint 1`, await attempt(1_000_000n)]);
  say("12. ReserveBackedToken, a wrapped USDT whose minting is guarded by that feed (max age one day):");
  for (const [what, outcome] of mints) say(`     ${what!.padEnd(62)} → ${outcome}`);
  const expected = ["minted", "refused: InsufficientReserves", "refused: StaleReserves", "refused: feed said RoundRevoked"];
  ok &&= mints.every(([, outcome], i) => outcome === expected[i]);
  const written = [...files.map((f) => `${f}  (an auditor's signature file)`), `${join(ctx.out, "signatures")}/wallet-*.json  (reserve wallets' signature files)`];
  return { ok, files: written };
}
