import fc from "fast-check";
import { MAX_AMOUNT, type AccountInput, type Asset, type InclusionProof } from "../../src/index.js";

const SYMBOLS = ["BTC", "ETH", "USDT", "SOL"];

/** A realistic spread of amounts: zeros, long-tail small values and values close to the range limit. */
function amount(limit: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: limit }));
}

/** Random trees: N 1..70 accounts, K 1..4 assets, balances up to the range limit (totals never overflow). */
export function randomTree(maxAccounts = 70): fc.Arbitrary<{ assets: Asset[]; accounts: AccountInput[] }> {
  return fc.integer({ min: 1, max: SYMBOLS.length }).chain((assetCount) =>
    fc.integer({ min: 1, max: maxAccounts }).chain((accountCount) => {
      // Each balance is at most MAX_AMOUNT / N, so no total can reach 2^128.
      const limit = MAX_AMOUNT / BigInt(accountCount);
      const assets = SYMBOLS.slice(0, assetCount).map((symbol, i) => ({ symbol, decimals: [8, 18, 6, 9][i]! }));
      return fc
        .array(fc.array(amount(limit), { minLength: assetCount, maxLength: assetCount }), {
          minLength: accountCount,
          maxLength: accountCount,
        })
        .map((rows) => ({ assets, accounts: rows.map((balances, i) => ({ accountId: `user-${i}`, balances })) }));
    }),
  );
}

const flipHex = (hex: string, bit: number): `0x${string}` => {
  const value = BigInt(hex) ^ (1n << BigInt(bit % 256));
  return `0x${value.toString(16).padStart(64, "0")}`;
};
const flipAmount = (value: bigint, bit: number) => value ^ (1n << BigInt(bit % 128));

/**
 * Single changes to a proof that must make it invalid. Each returns false when it does not apply
 * (for example, no siblings to change in a one-leaf tree).
 */
export const mutations: Record<string, (proof: InclusionProof, what: number, bit: number) => boolean> = {
  root: (p, _w, bit) => ((p.root = flipHex(p.root, bit)), true),
  accountKey: (p, _w, bit) => {
    p.leaf.accountKey = flipHex(p.leaf.accountKey, bit);
    delete p.leaf.salt; // otherwise the key-derivation check alone would catch it
    return true;
  },
  balance: (p, what, bit) => {
    const a = what % p.leaf.balances.length;
    p.leaf.balances[a] = flipAmount(p.leaf.balances[a]!, bit);
    return true;
  },
  total: (p, what, bit) => {
    const a = what % p.totals.length;
    p.totals[a] = flipAmount(p.totals[a]!, bit);
    return true;
  },
  siblingHash: (p, what, bit) => {
    if (p.siblings.length === 0) return false;
    const s = p.siblings[what % p.siblings.length]!;
    s.hash = flipHex(s.hash, bit);
    return true;
  },
  siblingSum: (p, what, bit) => {
    if (p.siblings.length === 0) return false;
    const s = p.siblings[what % p.siblings.length]!;
    const a = what % s.sums.length;
    s.sums[a] = flipAmount(s.sums[a]!, bit);
    return true;
  },
  index: (p, what) => {
    if (p.leafCount < 2n) return false;
    const other = (p.leaf.index + 1n + (BigInt(what) % (p.leafCount - 1n))) % p.leafCount;
    p.leaf.index = other;
    return true;
  },
  droppedSibling: (p) => (p.siblings.length === 0 ? false : (p.siblings.pop(), true)),
  extraSibling: (p) => (p.siblings.push({ hash: p.root, sums: p.totals.slice() }), true),
};
