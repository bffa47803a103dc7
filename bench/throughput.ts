import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Asset } from "../src/spec/assets.js";
import { buildColumnTreeParallel } from "../src/tree/build-columns.js";
import type { HashPool } from "../src/tree/hash-pool.js";
import { sampleAccounts, sampleColumns, standardTreeValues } from "./sample-accounts.js";

const ONE_ASSET: Asset[] = [{ symbol: "USDT", decimals: 6 }];

export interface Throughput {
  standardMerkleTree: { accounts: number; seconds: number; accountsPerSecond: number };
  solvent: { accounts: number; seconds: number; accountsPerSecond: number; threads: number };
  ratio: number;
}

/**
 * Accounts per second building a tree of one asset: @openzeppelin/merkle-tree's StandardMerkleTree
 * (leaf types bytes32, uint256) against Solvent's parallel column builder, in the same process. Each is
 * timed from its own prepared input to the root; Solvent's time includes deriving salted account keys,
 * which StandardMerkleTree is handed ready.
 */
export async function measureThroughput(pool: HashPool, sizes: { standard: number; solvent: number }): Promise<Throughput> {
  const standardValues = standardTreeValues(sampleAccounts(sizes.standard, ONE_ASSET));
  StandardMerkleTree.of(standardValues.slice(0, 500), ["bytes32", "uint256"]); // warm up
  let started = performance.now();
  StandardMerkleTree.of(standardValues, ["bytes32", "uint256"]);
  const standardSeconds = (performance.now() - started) / 1000;

  const columns = sampleColumns(sampleAccounts(sizes.solvent, ONE_ASSET), ONE_ASSET);
  const warm = sampleColumns(sampleAccounts(Math.min(sizes.solvent, 200_000), ONE_ASSET, 7), ONE_ASSET);
  await buildColumnTreeParallel(ONE_ASSET, warm, pool); // warm up the threads' compiled code
  await buildColumnTreeParallel(ONE_ASSET, warm, pool);
  started = performance.now();
  await buildColumnTreeParallel(ONE_ASSET, columns, pool);
  const solventSeconds = (performance.now() - started) / 1000;

  const standardRate = sizes.standard / standardSeconds;
  const solventRate = sizes.solvent / solventSeconds;
  return {
    standardMerkleTree: { accounts: sizes.standard, seconds: standardSeconds, accountsPerSecond: Math.round(standardRate) },
    solvent: { accounts: sizes.solvent, seconds: solventSeconds, accountsPerSecond: Math.round(solventRate), threads: pool.size },
    ratio: solventRate / standardRate,
  };
}
