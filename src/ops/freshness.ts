import type { AttestationStatus } from "../chain/registry-client.js";

/**
 * The one staleness rule of every reader (`npx hardhat solvent status`, `solvent verify`, the verifier page): a snapshot
 * older than this is stale. The registry records no cadence per exchange, so one rule fits an exchange that
 * attests monthly (up to 31 days between snapshots) with four days' slack for a late post.
 */
export const STALE_AFTER_SECONDS = 35n * 86_400n;

/** What a reader may rely on: "revoked" (the exchange withdrew it) comes before "stale" (it is old). */
export type Freshness = "fresh" | "stale" | "revoked";

/**
 * The registry's `isFresh` rule (not revoked, and at most `maxAgeSeconds` old by its snapshot time) in words,
 * for an epoch whose status and snapshot age are read.
 */
export function freshnessOf(
  status: AttestationStatus,
  ageSeconds: bigint,
  maxAgeSeconds: bigint = STALE_AFTER_SECONDS,
): Freshness {
  if (status === "Revoked") return "revoked";
  return ageSeconds > maxAgeSeconds ? "stale" : "fresh";
}
