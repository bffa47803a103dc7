import type { AttestationView } from "../chain/registry-client.js";
import { ratioBps, UNBOUNDED_RATIO } from "../spec/ratio.js";

export interface AssetSolvency {
  symbol: string;
  decimals: number;
  liabilities: bigint;
  reserves: bigint;
  /** reserves / liabilities in basis points (10000 = 100%), as the lens reports it (src/spec/ratio.ts). */
  ratioBps: bigint;
}

/** Per-asset claimed reserves against liabilities for one attestation. */
export function solvencyOf(attestation: AttestationView): AssetSolvency[] {
  return attestation.assets.map((asset, a) => {
    const liabilities = attestation.liabilities[a]!;
    const reserves = attestation.reserves[a]!;
    return {
      ...asset,
      liabilities,
      reserves,
      ratioBps: ratioBps(reserves, liabilities),
    };
  });
}

/** A ratio in words: "nothing owed" for the unbounded ratio, else a percentage with two decimals. */
export function formatRatio(ratioBps: bigint): string {
  if (ratioBps === UNBOUNDED_RATIO) return "nothing owed";
  return `${ratioBps / 100n}.${String(ratioBps % 100n).padStart(2, "0")}%`;
}

export function formatAge(seconds: bigint): string {
  if (seconds < 120n) return `${seconds} s`;
  if (seconds < 7200n) return `${seconds / 60n} min`;
  if (seconds < 172_800n) return `${seconds / 3600n} h`;
  return `${seconds / 86_400n} days`;
}
