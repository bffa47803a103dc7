import fc from "fast-check";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { AccountInput, Asset } from "../../src/index.js";
import { formatAmount } from "../../src/io/decimal.js";
import { sampleBalance, seededRandom } from "../../scripts/sample-balances.js";
import { scratchFolder } from "./files.js";

export interface Input {
  assets: Asset[];
  accounts: (AccountInput & { saltHex?: string })[];
}

/** A balances CSV of `input`, with a salt column when every account has a salt. */
export async function writeCsv(input: Input): Promise<string> {
  const salted = input.accounts.every((a) => a.saltHex !== undefined);
  const header = ["account", ...(salted ? ["salt"] : []), ...input.assets.map((a) => `${a.symbol}:${a.decimals}`)];
  const rows = input.accounts.map((account) =>
    [
      `"${account.accountId.replaceAll('"', '""')}"`,
      ...(salted ? [account.saltHex!] : []),
      ...account.balances.map((b, a) => formatAmount(b, input.assets[a]!.decimals)),
    ].join(","),
  );
  const file = join(await scratchFolder("solvent-part-csv-"), "balances.csv");
  await writeFile(file, [header.join(","), ...rows].join("\n") + "\n");
  return file;
}

/** Every file of a folder, by relative path, as hex. */
export async function folderFiles(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(folder, path)] = (await readFile(path)).toString("hex");
    }
  };
  await walk(folder);
  return files;
}

/** Many accounts with long-tail balances, cheap to generate: enough for several shards of 1,024 leaves. */
export const manyAccounts = fc
  .record({ count: fc.integer({ min: 1, max: 4_000 }), seed: fc.integer(), assetCount: fc.integer({ min: 1, max: 4 }) })
  .map(({ count, seed, assetCount }): Input => {
    const random = seededRandom(seed);
    const assets = [
      { symbol: "BTC", decimals: 8 },
      { symbol: "ETH", decimals: 18 },
      { symbol: "USDT", decimals: 6 },
      { symbol: "SOL", decimals: 9 },
    ].slice(0, assetCount);
    const accounts = Array.from({ length: count }, (_, i) => ({
      accountId: i % 13 === 0 ? `cust, ${i} "q"` : `c${i}`,
      balances: assets.map((asset) => sampleBalance(random, asset.decimals)),
    }));
    return { assets, accounts };
  });
