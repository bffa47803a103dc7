import { chosenDeploymentsFolder, findDeploymentByChainId } from "../chain/deployments.js";
import { connectRpc } from "../chain/rpc.js";
import type { InclusionProof } from "../tree/proof.js";
import { verifyProofOffChain, verifyProofOnChain, type OnChainTarget, type VerifyReport } from "./verify-proof.js";

/** How `solvent verify` reaches and trusts things beyond what the customer chose for the proof. */
export interface VerifyOnNodeOptions {
  /**
   * A deployments folder the customer named (`--deployments`); without it, $SOLVENT_DEPLOYMENTS_DIR when set
   * and not empty. Only the records that ship with Solvent are read otherwise, never ./deployments.
   */
  deployments?: string;
  /** Plain http to a host other than this machine, for test networks (connectRpc's endpoint rule). */
  allowHttp?: boolean;
}

/**
 * `solvent verify` as a function, on Node: checks a proof off-chain and, given an RPC endpoint, against the
 * registry the customer chose, else the deployment recorded for the chain (the records that ship with
 * Solvent, then a folder the customer named), else the one the proof file names, which verifies nothing.
 */
export async function verifyProofReport(
  proof: InclusionProof,
  target?: OnChainTarget,
  options: VerifyOnNodeOptions = {},
): Promise<VerifyReport> {
  if (target === undefined) return verifyProofOffChain(proof);
  const folder = chosenDeploymentsFolder(options.deployments);
  const { provider, chainId } = await connectRpc(target.rpc, { allowHttp: options.allowHttp === true });
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
          const found = await findDeploymentByChainId(id, folder);
          return found && { registry: found.deployment.registry, file: found.file, shipped: found.shipped };
        },
      },
    );
  } finally {
    provider.destroy();
  }
}
