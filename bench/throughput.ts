import { execFileSync } from "node:child_process";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Asset } from "../src/spec/assets.js";
import { standardTreeValues } from "./sample-accounts.js";

const ONE_ASSET: Asset[] = [{ symbol: "USDT", decimals: 6 }];

export interface Throughput {
  standardMerkleTree: { accounts: number; seconds: number; accountsPerSecond: number };
  solvent: { accounts: number; seconds: number; accountsPerSecond: number; threads: number };
  ratio: number;
}

/**
 * Accounts per second building a tree of one asset: @openzeppelin/merkle-tree's StandardMerkleTree
 * (leaf types bytes32, uint256) here, Solvent's parallel column builder in a child process, on the same
 * accounts. Each is timed from its own prepared input to the root; Solvent's time includes deriving the
 * salted account keys, which StandardMerkleTree is handed ready.
 */
export async function measureThroughput(sizes: { standard: number; solvent: number }): Promise<Throughput> {
  const standardValues = standardTreeValues(sizes.standard, ONE_ASSET[0]!);
  StandardMerkleTree.of(standardValues.slice(0, 500), ["bytes32", "uint256"]); // warm up
  const started = performance.now();
  StandardMerkleTree.of(standardValues, ["bytes32", "uint256"]);
  const standardSeconds = (performance.now() - started) / 1000;

  const child = runChild("build", { accounts: sizes.solvent, assets: ONE_ASSET }) as {
    buildSeconds: number;
    threads: number;
  };
  const standardRate = sizes.standard / standardSeconds;
  const solventRate = sizes.solvent / child.buildSeconds;
  return {
    standardMerkleTree: {
      accounts: sizes.standard,
      seconds: standardSeconds,
      accountsPerSecond: Math.round(standardRate),
    },
    solvent: {
      accounts: sizes.solvent,
      seconds: child.buildSeconds,
      accountsPerSecond: Math.round(solventRate),
      threads: child.threads,
    },
    ratio: solventRate / standardRate,
  };
}

/** Runs bench/child.ts in a fresh process and returns what it printed. */
export function runChild(task: "build" | "store" | "lookups", args: object): unknown {
  return JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", "bench/child.ts", task, JSON.stringify(args)], {
      encoding: "utf8",
    }),
  );
}
