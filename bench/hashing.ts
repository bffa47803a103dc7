import { execFileSync } from "node:child_process";
import { KeccakEngine } from "../src/spec/keccak-batch.js";
import type { Asset } from "../src/spec/assets.js";
import { nodeSize } from "../src/spec/encoding.js";
import type { HashPool } from "../src/store/hash-pool.js";
import { sampleColumns } from "./sample-accounts.js";

export interface HashingRates {
  /** openssl's single-thread sha3-256 on 64-byte inputs (same permutation as keccak-256): the ceiling. */
  nativeHashesPerSecond: number | undefined;
  /** One engine on the main thread, 64-byte items in batches. */
  singleThreadHashesPerSecond: number;
  /** Each hashing thread's rate while every pool thread hashes account keys and leaves at once. */
  perThreadHashesPerSecond: number;
  threads: number;
  /** perThread / native. */
  fractionOfNative: number | undefined;
}

export async function measureHashing(
  pool: HashPool,
  options: { items: number; seconds: number },
): Promise<HashingRates> {
  const native = opensslRate(options.seconds);
  const engine = new KeccakEngine();
  const data = new Uint8Array(64 * options.items).map((_, i) => (i * 131) & 0xff);
  const offsets = Uint32Array.from({ length: options.items + 1 }, (_, i) => 64 * i);
  const out = new Uint8Array(32 * options.items);
  engine.hashItems(data, offsets, out); // warm up
  let started = performance.now();
  engine.hashItems(data, offsets, out);
  const single = options.items / ((performance.now() - started) / 1000);

  // Every thread hashes a slice of real accounts: an account key (salt ‖ id) and a leaf each.
  const assets: Asset[] = [{ symbol: "USDT", decimals: 6 }];
  const accounts = options.items / 2;
  const columns = sampleColumns(accounts, assets);
  const size = nodeSize(1);
  const keys = new Uint8Array(new SharedArrayBuffer(32 * accounts));
  const leafHashes = new Uint8Array(new SharedArrayBuffer(32 * accounts));
  const hashAll = () =>
    pool.runSlices(accounts, async (first, end) => {
      await pool.run({ kind: "keys", columns, keys, first, end });
      await pool.run({ kind: "leaves", columns, keys, leafHashes, size, first, end });
    });
  await hashAll();
  started = performance.now();
  await hashAll();
  const perThread = (2 * accounts) / pool.size / ((performance.now() - started) / 1000);
  return {
    nativeHashesPerSecond: native,
    singleThreadHashesPerSecond: Math.round(single),
    perThreadHashesPerSecond: Math.round(perThread),
    threads: pool.size,
    fractionOfNative: native === undefined ? undefined : perThread / native,
  };
}

/** `openssl speed -evp sha3-256` on 64-byte blocks, in hashes per second; undefined without openssl. */
function opensslRate(seconds: number): number | undefined {
  try {
    const output = execFileSync("openssl", ["speed", "-seconds", String(seconds), "-bytes", "64", "-evp", "sha3-256"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const match = /^sha3-256\s+([\d.]+)k/m.exec(output);
    return match ? Math.round((Number(match[1]) * 1000) / 64) : undefined;
  } catch {
    return undefined;
  }
}
