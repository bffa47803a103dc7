/**
 * Deterministic gas and code-size measurement behind gas-snapshot.json and docs/gas.md: written by
 * scripts/gas-snapshot.ts (npm run gas:snapshot), checked by test/gas/snapshot.test.ts. It deploys through
 * Hardhat, so it lives with the scripts, not in the library (src/ runs without Hardhat).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { Interface } from "ethers";
import type { ArtifactManager } from "hardhat/types/artifacts";
import { packProof } from "../../src/chain/packed-proof.js";
import { inclusionArgs } from "../../src/chain/registry-client.js";
import { symbolToBytes32 } from "../../src/spec/assets.js";
import { toHex } from "../../src/spec/bytes.js";
import { seededRandom } from "../../scripts/sample-balances.js";
import { recomputeRoot, type InclusionProof } from "../../src/tree/proof.js";

/** The format of gas-snapshot.json; v2 added `sizes`. */
export const GAS_SNAPSHOT_FORMAT = "solvent-gas-snapshot-v2";

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
  return new Interface(["function verifyInclusionPacked(bytes)"]).encodeFunctionData("verifyInclusionPacked", [
    packProof(realisticProof(gasCase, 1), 1n, 2n),
  ]);
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
  const siblings = Array.from({ length: depth }, (_, level) => ({
    hash: toHex(bytes(32)),
    sums: Array.from({ length: assets }, () => amount(level)),
  }));
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
export async function measureGas(
  newChain: () => Promise<{ ethers: HardhatEthers }>,
  gasCase: GasCase,
): Promise<GasFigures> {
  const { ethers } = await newChain();
  const registry = await ethers.deployContract("AttestationRegistry");
  const symbols = Array.from({ length: gasCase.assets }, (_, a) => symbolToBytes32(`A${a}`));
  await registry.registerExchange(
    "Gas",
    symbols,
    symbols.map(() => 8),
  );
  const warmUp = realisticProof(gasCase, 2);
  const proof = realisticProof(gasCase, 1);
  await ethers.provider.send("evm_setNextBlockTimestamp", [AS_OF + 100]);
  await registry.postAttestation(1n, warmUp.root, warmUp.leafCount, AS_OF - 1, warmUp.totals, warmUp.totals, "");
  const post = [1n, proof.root, proof.leafCount, AS_OF, proof.totals, proof.totals, ""] as const;
  const postAttestation = await registry.postAttestation.estimateGas(...post);
  await registry.postAttestation(...post);
  const args = inclusionArgs(proof, 1n, 2n);
  if (!(await registry.verifyInclusion(...args)))
    throw new Error(`the gas proof for ${JSON.stringify(gasCase)} does not verify`);
  const verifyInclusion = await registry.verifyInclusion.estimateGas(...args);
  const verifyCalldataFloor = calldataFloor(registry.interface.encodeFunctionData("verifyInclusion", [...args]));
  const packed = packProof(proof, 1n, 2n);
  if (!(await registry.verifyInclusionPacked(packed)))
    throw new Error(`the packed gas proof for ${JSON.stringify(gasCase)} does not verify`);
  const verifyInclusionPacked = Number(await registry.verifyInclusionPacked.estimateGas(packed));
  return {
    ...gasCase,
    verifyInclusion: Number(verifyInclusion),
    postAttestation: Number(postAttestation),
    verifyCalldataFloor,
    verifyInclusionPacked,
  };
}

/** The cases issue 5 budgets and the snapshot tracks. */
export const GAS_CASES: GasCase[] = [16, 20, 24, 28].flatMap((depth) =>
  [1, 5, 20].map((assets) => ({ assets, depth })),
);

/** The keys of GasFigures that are gas amounts (everything but the case). */
export const GAS_FIGURES = [
  "verifyInclusion",
  "postAttestation",
  "verifyCalldataFloor",
  "verifyInclusionPacked",
] as const;

/**
 * How far a gas figure may move, either way, before the snapshot test fails: 0.5% of the snapshot's figure or
 * 200 gas, whichever is larger. The measurement is deterministic (fixed seeds, timestamps and chain), so the
 * figures repeat exactly for the same code; the margin only absorbs what an upgrade of Hardhat's chain may
 * shift in eth_estimateGas, while a change in the contracts' code (one extra cold storage read is 2,100 gas)
 * still shows up at every K = 1 and K = 5 figure. Code sizes have no margin: they must match exactly.
 */
export function gasTolerance(recorded: number): number {
  return Math.max(200, Math.ceil(recorded * 0.005));
}

/** EIP-170: the most code a contract may have, in bytes. */
export const CODE_SIZE_LIMIT = 24_576;

/** Every contract this repository deploys (test contracts aside), by fully qualified name. */
export const DEPLOYABLE_CONTRACTS = [
  "contracts/AttestationRegistry.sol:AttestationRegistry",
  "contracts/ReserveWallets.sol:ReserveWallets",
  "contracts/SolvencyLens.sol:SolvencyLens",
  "contracts/SolvencyFeedFactory.sol:SolvencyFeedFactory",
  "contracts/SolvencyFeed.sol:SolvencyFeed",
  "contracts/examples/ReserveBackedToken.sol:ReserveBackedToken",
] as const;

export interface CodeSize {
  /** The contract's name. */
  contract: string;
  /** The file that declares it. */
  source: string;
  /** Length of its deployed (runtime) bytecode: what EIP-170 limits. */
  deployedBytes: number;
}

/** The deployed bytecode size of every deployable contract, read from the compiled artifacts. */
export async function measureSizes(artifacts: ArtifactManager): Promise<CodeSize[]> {
  const sizes: CodeSize[] = [];
  for (const name of DEPLOYABLE_CONTRACTS) {
    const artifact = await artifacts.readArtifact(name);
    // Immutables and library links are placeholders of their final length, so the hex length is the size.
    const hex = artifact.deployedBytecode.replace(/^0x/, "");
    sizes.push({ contract: artifact.contractName, source: artifact.sourceName, deployedBytes: hex.length / 2 });
  }
  return sizes;
}

/** gas-snapshot.json. */
export interface GasSnapshot {
  format: typeof GAS_SNAPSHOT_FORMAT;
  /** Gas per case of GAS_CASES, on Hardhat's default hardfork. */
  figures: GasFigures[];
  /** Deployed bytecode size per contract of DEPLOYABLE_CONTRACTS. */
  sizes: CodeSize[];
}
