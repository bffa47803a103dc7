import type { AttestationView, InclusionResult } from "../chain/registry-client.js";
import { verifyProof, type InclusionProof } from "../tree/proof.js";

/**
 * The registry's checkInclusion, run on this device against the epoch as read from the chain: the same
 * checks in the same order (revoked, balance count, proof length, index, sums in range, root, totals), with
 * the same error names. Only the epoch is read from the chain, and every customer reads the same, so the
 * RPC endpoint (which the exchange may run) never sees the account key or balances. Binding the key to the
 * account id and salt is the off-chain check's job, as it is not the contract's.
 */
export function checkInclusionLocally(proof: InclusionProof, attestation: AttestationView): InclusionResult {
  if (attestation.status === "Revoked") {
    return { valid: false, error: "RevokedAttestation", args: [attestation.exchangeId, attestation.epoch] };
  }
  const { accountId: _accountId, salt: _salt, ...leaf } = proof.leaf;
  const result = verifyProof({
    ...proof,
    leaf,
    root: attestation.root,
    leafCount: attestation.leafCount,
    totals: attestation.liabilities,
  });
  return result.valid ? { valid: true } : { valid: false, error: result.check, args: [result.reason] };
}
