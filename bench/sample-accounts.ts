import { keccak256, toUtf8Bytes } from "ethers";
import type { Asset } from "../src/spec/assets.js";
import { seededRandom, sampleBalance } from "../src/ops/sample-balances.js";
import { pooledRandomSalts } from "../src/tree/build.js";
import { columnsFromAccounts, type AccountColumns, type AccountInput } from "../src/tree/columns.js";

/** The same long-tail accounts for every contender: ids customer-N, balances from the demo's sampler. */
export function sampleAccounts(count: number, assets: readonly Asset[], seed = 2026): AccountInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({ accountId: `customer-${i}`, balances: assets.map((a) => sampleBalance(random, a.decimals)) }));
}

/** Solvent's input: columns in shared memory, as a streaming reader fills them. */
export function sampleColumns(accounts: readonly AccountInput[], assets: readonly Asset[]): AccountColumns {
  return columnsFromAccounts(assets, accounts, pooledRandomSalts(), { shared: true });
}

/** StandardMerkleTree's input for the same accounts: [bytes32 account key, uint256 balance] as strings. */
export function standardTreeValues(accounts: readonly AccountInput[]): [string, string][] {
  return accounts.map((account) => [keccak256(toUtf8Bytes(account.accountId)), account.balances[0]!.toString()]);
}
