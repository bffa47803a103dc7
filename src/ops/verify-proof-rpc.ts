import { findDeploymentByChainId } from "../chain/deployments.js";
import { connectRpc } from "../chain/rpc.js";
import type { InclusionProof } from "../tree/proof.js";
import { verifyProofOffChain, verifyProofOnChain, type OnChainTarget, type VerifyReport } from "./verify-proof.js";

/**
 * `solvent verify` as a function, on Node: checks a proof off-chain and, given an RPC endpoint, against the
 * registry the customer chose, else the deployment recorded for the chain (deployments/), else, with a
 * warning, the one the proof file names.
 */
export async function verifyProofReport(proof: InclusionProof, target?: OnChainTarget): Promise<VerifyReport> {
  if (target === undefined) return verifyProofOffChain(proof);
  const { provider, chainId } = await connectRpc(target.rpc);
  try {
    return await verifyProofOnChain(
      proof,
      { provider, chainId, label: target.rpc },
      {
        ...(target.registry !== undefined ? { registry: target.registry } : {}),
        ...(target.exchangeId !== undefined ? { exchangeId: target.exchangeId } : {}),
        ...(target.epoch !== undefined ? { epoch: target.epoch } : {}),
      },
      {
        registryFromFile: true,
        registryChoiceName: "--registry",
        findDeployment: async (id) => {
          const found = await findDeploymentByChainId(id);
          return found && { registry: found.deployment.registry, file: found.file };
        },
      },
    );
  } finally {
    provider.destroy();
  }
}
