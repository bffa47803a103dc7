import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Wallet } from "ethers";
import { reserveWalletDigest } from "../../src/spec/typed-data.js";
import { buildTree, symbolToBytes32, type Asset } from "../../src/index.js";
import { assetArgs, now } from "./registry.js";

export const SUITE_ASSETS: Asset[] = [
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
  { symbol: "BTC", decimals: 8 },
];
export const ETH = symbolToBytes32("ETH");
export const USDT = symbolToBytes32("USDT");
export const BTC = symbolToBytes32("BTC");

/** A tree whose liabilities are `owed` (ETH, USDT, BTC) split over two accounts. */
export function treeOwing(owed: readonly [bigint, bigint, bigint]) {
  const half = owed.map((amount) => amount / 2n);
  return buildTree(SUITE_ASSETS, [
    { accountId: "alice", balances: half },
    { accountId: "bob", balances: owed.map((amount, i) => amount - half[i]!) },
  ]);
}

/** The registry with exchanges 1 ("Acme") and 2 ("Other"), ReserveWallets, SolvencyLens and the feed factory. */
export async function deploySuite(ethers: HardhatEthers) {
  const registry = await ethers.deployContract("AttestationRegistry");
  const reserveWallets = await ethers.deployContract("ReserveWallets", [await registry.getAddress()]);
  const lens = await ethers.deployContract("SolvencyLens", [
    await registry.getAddress(),
    await reserveWallets.getAddress(),
  ]);
  const factory = await ethers.deployContract("SolvencyFeedFactory", [await registry.getAddress()]);
  for (const name of ["Acme", "Other"]) await registry.registerExchange(name, ...assetArgs(SUITE_ASSETS));
  const chainId = (await ethers.provider.getNetwork()).chainId;
  let lastAsOf = (await now(ethers)) - 100_000n;

  /** Posts the next epoch of `exchangeId` owing `owed` and claiming `reserves`; returns its asOf. */
  async function post(
    owed: readonly [bigint, bigint, bigint],
    reserves: readonly bigint[],
    options: { exchangeId?: bigint; asOf?: bigint } = {},
  ) {
    const tree = treeOwing(owed);
    lastAsOf = options.asOf ?? lastAsOf + 10n;
    await registry.postAttestation(
      options.exchangeId ?? 1n,
      tree.root,
      tree.leafCount,
      lastAsOf,
      tree.totals,
      [...reserves],
      "",
    );
    return lastAsOf;
  }

  /** A wallet key's signature that it backs `exchangeId` under its current nonce (or `nonce`). */
  async function walletSignature(
    key: Wallet,
    exchangeId: bigint,
    options: { nonce?: bigint; wallet?: string; contract?: string; chain?: bigint } = {},
  ) {
    const wallet = options.wallet ?? key.address;
    const nonce = options.nonce ?? ((await reserveWallets.nonces(wallet)) as bigint);
    const digest = reserveWalletDigest(
      options.chain ?? chainId,
      options.contract ?? (await reserveWallets.getAddress()),
      { exchangeId, wallet, nonce },
    );
    return key.signingKey.sign(digest).serialized;
  }

  return { registry, reserveWallets, lens, factory, chainId, post, walletSignature };
}
