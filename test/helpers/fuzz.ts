/**
 * How hard the property tests search. CI (CI=true) runs each property's base count, which it can afford;
 * a developer's machine runs twice as many by default; SOLVENT_FUZZ_RUNS=N multiplies the base counts by N
 * for a deep hunt (e.g. SOLVENT_FUZZ_RUNS=20 npm test). hardhat.config.ts scales the Solidity fuzz runs
 * by the same factor.
 */
export function fuzzFactor(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.SOLVENT_FUZZ_RUNS;
  if (text === undefined || text === "") return env.CI ? 1 : 2;
  const factor = Number(text);
  if (!Number.isInteger(factor) || factor < 1)
    throw new Error(`SOLVENT_FUZZ_RUNS must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  return factor;
}

/** The number of runs for a property whose base count is `base`. */
export function fuzzRuns(base: number): number {
  return base * fuzzFactor();
}
