import type { AttestationView, RegistryClient } from "../chain/registry-client.js";
import { STALE_AFTER_SECONDS, type Freshness } from "./freshness.js";
import { postedEpoch } from "./posted-epoch.js";
import { solvencyOf, type AssetSolvency } from "./solvency.js";

/** An exchange's latest epoch as `npx hardhat solvent status` shows it. */
export interface ExchangeStatus {
  exchangeId: bigint;
  epoch: bigint;
  attestation: AttestationView;
  /** Seconds from the snapshot time to the latest block. */
  ageSeconds: bigint;
  maxAgeSeconds: bigint;
  /** The registry's `isFresh(exchangeId, maxAgeSeconds)`: not revoked, and at most that old. */
  fresh: boolean;
  freshness: Freshness;
  solvency: AssetSolvency[];
}

/**
 * Asks the registry for the exchange's latest epoch and whether it is fresh by the one staleness rule
 * (ops/freshness.ts; `maxAgeSeconds` only when the caller asks for another age).
 */
export async function exchangeStatus(
  registry: RegistryClient,
  exchangeId: bigint,
  maxAgeSeconds: bigint = STALE_AFTER_SECONDS,
): Promise<ExchangeStatus> {
  await postedEpoch(registry, exchangeId);
  const provider = registry.contract.runner!.provider!;
  const [attestation, fresh, block] = await Promise.all([
    registry.latestAttestation(exchangeId),
    registry.isFresh(exchangeId, maxAgeSeconds),
    provider.getBlock("latest"),
  ]);
  const ageSeconds = BigInt(block!.timestamp) - attestation.asOf;
  const freshness: Freshness = attestation.status === "Revoked" ? "revoked" : fresh ? "fresh" : "stale";
  return {
    exchangeId,
    epoch: attestation.epoch,
    attestation,
    ageSeconds,
    maxAgeSeconds,
    fresh,
    freshness,
    solvency: solvencyOf(attestation),
  };
}
