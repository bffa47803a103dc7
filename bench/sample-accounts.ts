import { randomBytes } from "node:crypto";
import { keccak256, toUtf8Bytes } from "ethers";
import type { Asset } from "../src/spec/assets.js";
import { AMOUNT_BYTES, writeAmount } from "../src/spec/bytes.js";
import { seededRandom, sampleBalance } from "../scripts/sample-balances.js";
import type { AccountColumns } from "../src/tree/columns.js";

/** The same long-tail accounts for every contender: ids customer-N, balances from the demo's sampler. */
export function sampleBalances(count: number, assets: readonly Asset[], seed = 2026): bigint[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => assets.map((a) => sampleBalance(random, a.decimals)));
}

/** Solvent's input for those accounts: columns in shared memory, as the CSV reader fills them. */
export function sampleColumns(count: number, assets: readonly Asset[], seed = 2026): AccountColumns {
  const random = seededRandom(seed);
  const shared = (bytes: number) => new Uint8Array(new SharedArrayBuffer(bytes));
  const idOffsets = new Uint32Array(new SharedArrayBuffer(4 * (count + 1)));
  const ids = Buffer.from(new SharedArrayBuffer(count * 16));
  let at = 0;
  const balances = shared(AMOUNT_BYTES * assets.length * count);
  for (let i = 0; i < count; i++) {
    at += ids.write(`customer-${i}`, at, "latin1");
    idOffsets[i + 1] = at;
    assets.forEach((asset, a) =>
      writeAmount(balances, AMOUNT_BYTES * (assets.length * i + a), sampleBalance(random, asset.decimals)),
    );
  }
  const salts = shared(32 * count);
  salts.set(randomBytes(32 * count));
  return { count, ids: new Uint8Array(ids.buffer, 0, at), idOffsets, salts, balances };
}

/** StandardMerkleTree's input for the same accounts: [bytes32 account key, uint256 balance] as strings. */
export function standardTreeValues(count: number, asset: Asset, seed = 2026): [string, string][] {
  return sampleBalances(count, [asset], seed).map((balances, i) => [
    keccak256(toUtf8Bytes(`customer-${i}`)),
    balances[0]!.toString(),
  ]);
}
