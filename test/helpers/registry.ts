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
