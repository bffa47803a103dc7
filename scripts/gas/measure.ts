import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { Interface } from "ethers";
import { packProof } from "../chain/packed-proof.js";
import { inclusionArgs } from "../chain/registry-client.js";
import { symbolToBytes32 } from "../spec/assets.js";
import { toHex } from "../spec/bytes.js";
import { seededRandom } from "../ops/sample-balances.js";
import { recomputeRoot, type InclusionProof } from "../tree/proof.js";

export interface GasCase {
  assets: number;
  depth: number;
}

export interface GasFigures extends GasCase {
  /** Whole-transaction gas of verifyInclusion for a valid proof of the last leaf. */
  verifyInclusion: number;
  /** Whole-transaction gas of a steady-state postAttestation (not the exchange's first). */
  postAttestation: number;
  /** EIP-7623's minimum for the verifyInclusion calldata: 21000 + 10 × (zero bytes + 4 × non-zero bytes). */
  verifyCalldataFloor: number;
  /** Whole-transaction gas of verifyInclusionPacked for the same proof. */
  verifyInclusionPacked: number;
}

/** Issue 5's budgets (whole transaction, depth 28), priced before EIP-7623 as its baselines are. */
export const GAS_BUDGETS = {
  verifyInclusion: { 1: 50_000, 20: 250_000 },
  postAttestation: { 1: 100_000, 20: 450_000 },
} as const;

/** The least gas EIP-7623 (Prague and later) charges a transaction with this calldata, whatever it executes. */
export function calldataFloor(data: string): number {
  const bytes = Buffer.from(data.slice(2), "hex");
  const nonZero = bytes.reduce((count, byte) => count + (byte === 0 ? 0 : 1), 0);
  return 21_000 + 10 * (bytes.length - nonZero + 4 * nonZero);
}

/** What a transaction with this calldata pays before execution under Cancun pricing: 21000 + 16 × non-zero + 4 × zero bytes. */
export function cancunCalldataGas(data: string): number {
  const bytes = Buffer.from(data.slice(2), "hex");
  const nonZero = bytes.reduce((count, byte) => count + (byte === 0 ? 0 : 1), 0);
  return 21_000 + 16 * nonZero + 4 * (bytes.length - nonZero);
}

/** The calldata of verifyInclusionPacked for the case's realistic proof (exchange 1, epoch 2, as measureGas posts it). */
export function packedVerifyCalldata(gasCase: GasCase): string {
  return new Interface(["function verifyInclusionPacked(bytes)"]).encodeFunctionData("verifyInclusionPacked", [packProof(realisticProof(gasCase, 1), 1n, 2n)]);
}

/** Fixed snapshot time, so calldata (and so gas) is the same on every run. */
const AS_OF = 1_900_000_000;

/**
 * Realistic long-tail amounts from a seed: balances of 10^2..10^12 base units, sibling sums growing with
 * the level as real subtree totals do. Deterministic, so gas figures can be snapshotted.
 */
export function realisticProof({ assets, depth }: GasCase, seed = 1): InclusionProof {
  const random = seededRandom(seed * 1000 + assets * 64 + depth);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const amount = (scale: number) => BigInt(Math.floor(10 ** (2 + random() * 10))) * BigInt(2 ** Math.min(scale, 40));
  const key = bytes(32);
  const balances = Array.from({ length: assets }, () => amount(0));
  const siblings = Array.from({ length: depth }, (_, level) => ({ hash: toHex(bytes(32)), sums: Array.from({ length: assets }, () => amount(level)) }));
  const leafCount = 2n ** BigInt(depth);
  const index = leafCount - 1n;
  const { root, sums } = recomputeRoot(key, balances, index, siblings);
  return {
    assets: Array.from({ length: assets }, (_, a) => `A${a}`),
    leafCount,
    root,
    totals: sums!,
    leaf: { index, accountKey: toHex(key), balances },
    siblings,
  };
}

/** Measures one case on a fresh in-process chain (so the fixed timestamps always apply). */
export async function measureGas(newChain: () => Promise<{ ethers: HardhatEthers }>, gasCase: GasCase): Promise<GasFigures> {
  const { ethers } = await newChain();
  const registry = await ethers.deployContract("AttestationRegistry");
  const symbols = Array.from({ length: gasCase.assets }, (_, a) => symbolToBytes32(`A${a}`));
  await registry.registerExchange("Gas", symbols, symbols.map(() => 8));
  const warmUp = realisticProof(gasCase, 2);
  const proof = realisticProof(gasCase, 1);
  await ethers.provider.send("evm_setNextBlockTimestamp", [AS_OF + 100]);
  await registry.postAttestation(1n, warmUp.root, warmUp.leafCount, AS_OF - 1, warmUp.totals, warmUp.totals, "");
  const post = [1n, proof.root, proof.leafCount, AS_OF, proof.totals, proof.totals, ""] as const;
  const postAttestation = await registry.postAttestation.estimateGas(...post);
  await registry.postAttestation(...post);
  const args = inclusionArgs(proof, 1n, 2n);
  if (!(await registry.verifyInclusion(...args))) throw new Error(`the gas proof for ${JSON.stringify(gasCase)} does not verify`);
  const verifyInclusion = await registry.verifyInclusion.estimateGas(...args);
  const verifyCalldataFloor = calldataFloor(registry.interface.encodeFunctionData("verifyInclusion", [...args]));
  const packed = packProof(proof, 1n, 2n);
  if (!(await registry.verifyInclusionPacked(packed))) throw new Error(`the packed gas proof for ${JSON.stringify(gasCase)} does not verify`);
  const verifyInclusionPacked = Number(await registry.verifyInclusionPacked.estimateGas(packed));
  return { ...gasCase, verifyInclusion: Number(verifyInclusion), postAttestation: Number(postAttestation), verifyCalldataFloor, verifyInclusionPacked };
}

/** The cases issue 5 budgets and the snapshot tracks. */
export const GAS_CASES: GasCase[] = [16, 20, 24, 28].flatMap((depth) => [1, 5, 20].map((assets) => ({ assets, depth })));
