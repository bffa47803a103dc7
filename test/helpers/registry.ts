import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { symbolToBytes32, type Asset } from "../../src/index.js";
export { inclusionArgs } from "../../src/chain/registry-client.js";

export async function deployRegistry(ethers: HardhatEthers) {
  const registry = await ethers.deployContract("AttestationRegistry");
  return registry;
}

export function assetArgs(assets: readonly Asset[]) {
  return [assets.map((asset) => symbolToBytes32(asset.symbol)), assets.map((asset) => asset.decimals)] as const;
}

/** The current block time, for snapshot times that are "now". */
export async function now(ethers: HardhatEthers): Promise<bigint> {
  const block = await ethers.provider.getBlock("latest");
  return BigInt(block!.timestamp);
}

/** Registers a fresh exchange for the tree's assets on `registry` and posts the tree as its epoch 1. */
export async function postAsNewExchange(
  ethers: HardhatEthers,
  registry: Awaited<ReturnType<typeof deployRegistry>>,
  tree: { assets: readonly Asset[]; root: string; leafCount: number; totals: readonly bigint[] },
): Promise<bigint> {
  await registry.registerExchange("test", ...assetArgs(tree.assets));
  const exchangeId = (await registry.exchangeCount()) as bigint;
  await registry.postAttestation(
    exchangeId,
    tree.root,
    tree.leafCount,
    await now(ethers),
    [...tree.totals],
    [...tree.totals],
    "",
  );
  return exchangeId;
}
