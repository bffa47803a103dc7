import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { symbolToBytes32, type Asset, type InclusionProof } from "../../src/index.js";

/** The registry's verifyInclusion/checkInclusion arguments for a proof. */
export function inclusionArgs(proof: InclusionProof, exchangeId: bigint, epoch: bigint) {
  return [
    exchangeId,
    epoch,
    proof.leaf.accountKey,
    proof.leaf.balances,
    proof.leaf.index,
    proof.siblings.map((sibling) => ({ hash: sibling.hash, sums: sibling.sums })),
  ] as const;
}

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
