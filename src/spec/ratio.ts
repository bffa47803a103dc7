/**
 * The reserves/liabilities ratio, the same rule as contracts/libraries/SolvencyMath.sol `ratioBps`
 * (docs/spec.md, "Reserve ratio"): basis points rounded down, never above a ceiling, and "nothing owed"
 * answers the ceiling. Every TypeScript reader computes a ratio here, so an off-chain figure is the figure
 * the lens returns.
 */

/** Basis points in 1.0: 10,000 means the reserves equal the liabilities. */
export const RATIO_BPS = 10_000n;

/** The lens's ceiling, type(uint256).max: the ratio of nothing owed (no posted amount can reach it otherwise). */
export const UNBOUNDED_RATIO = 2n ** 256n - 1n;

/**
 * reserves × 10,000 / liabilities, rounded down, capped at `ceiling`; zero liabilities answer `ceiling`.
 * Inputs are uint256 values, as on-chain.
 */
export function ratioBps(reserves: bigint, liabilities: bigint, ceiling: bigint = UNBOUNDED_RATIO): bigint {
  for (const [name, value] of [
    ["reserves", reserves],
    ["liabilities", liabilities],
    ["ceiling", ceiling],
  ] as const) {
    if (value < 0n || value > UNBOUNDED_RATIO) {
      throw new RangeError(`ratioBps: ${name} ${value} is not a uint256; pass base units between 0 and 2^256 - 1`);
    }
  }
  if (liabilities === 0n) return ceiling;
  const ratio = (reserves * RATIO_BPS) / liabilities;
  return ratio > ceiling ? ceiling : ratio;
}
