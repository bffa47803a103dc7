import { JsonRpcProvider } from "ethers";
import { findDeploymentByChainId } from "../chain/deployments.js";
import { RegistryClient, type AttestationView } from "../chain/registry-client.js";
import { InputError } from "../errors.js";
import { verifyProof, type InclusionProof, type VerifyResult } from "../tree/proof.js";
import { solvencyOf, type AssetSolvency } from "./solvency.js";

export interface OnChainTarget {
  rpc: string;
  registry?: string;
  exchangeId?: bigint;
  epoch?: bigint;
}

export interface OnChainReport {
  chainId: bigint;
  registry: string;
  exchangeId: bigint;
  epoch: bigint;
  valid: boolean;
  /** The registry's custom error when invalid. */
  error?: string;
  errorArgs?: string[];
  attestation: AttestationView;
  ageSeconds: bigint;
  solvency: AssetSolvency[];
}

export interface VerifyReport {
  valid: boolean;
  offChain: VerifyResult;
  onChain?: OnChainReport;
}

/**
 * Checks a proof off-chain and, given an RPC endpoint, on-chain with checkInclusion (an eth_call: the
 * exchange never learns who checked). Missing registry, exchange or epoch come from the proof file, then
 * from deployments/ by chain id; the epoch defaults to the exchange's latest.
 */
export async function verifyProofReport(proof: InclusionProof, target?: OnChainTarget): Promise<VerifyReport> {
  const offChain = verifyProof(proof);
  if (target === undefined) return { valid: offChain.valid, offChain };

  const provider = new JsonRpcProvider(target.rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const chainId = await provider.send("eth_chainId", []).then(
      (hex: string) => BigInt(hex),
      (error: Error) => {
        throw new InputError(`cannot reach the RPC endpoint ${target.rpc} (${error.message.split("\n")[0]})`);
      },
    );
    if (proof.chainId !== undefined && proof.chainId !== chainId) {
      throw new InputError(`the proof is for chain ${proof.chainId} but ${target.rpc} is chain ${chainId}`);
    }
    const registry = target.registry ?? proof.registry ?? (await findDeploymentByChainId(chainId))?.registry;
    if (registry === undefined) throw new InputError(`no registry address: pass --registry, or run from a folder whose deployments/ records chain ${chainId}`);
    if ((await provider.getCode(registry)) === "0x") throw new InputError(`there is no contract at ${registry} on chain ${chainId}`);
    const exchangeId = target.exchangeId ?? proof.exchangeId;
    if (exchangeId === undefined) throw new InputError("the proof file names no exchange: pass --exchange ID");
    const client = new RegistryClient(registry, provider);
    const epoch = target.epoch ?? proof.epoch ?? (await client.latestEpoch(exchangeId));
    if (epoch === 0n) throw new InputError(`exchange ${exchangeId} has posted nothing yet`);
    const attestation = await client.attestation(exchangeId, epoch);
    const result = await client.checkInclusion(proof, exchangeId, epoch);
    const latest = await provider.getBlock("latest");
    const onChain: OnChainReport = {
      chainId,
      registry,
      exchangeId,
      epoch,
      valid: result.valid,
      ...(result.valid ? {} : { error: result.error, errorArgs: result.args.map(String) }),
      attestation,
      ageSeconds: BigInt(latest!.timestamp) - attestation.asOf,
      solvency: solvencyOf(attestation),
    };
    return { valid: offChain.valid && result.valid, offChain, onChain };
  } finally {
    provider.destroy();
  }
}
