/**
 * One part of a partitioned build: every account's key (so the part knows how many leaves come before its
 * own and how many there are in all), then the part's own accounts through the one store builder.
 */
import { keccakEngine } from "../spec/bytes.js";
import type { Asset } from "../spec/assets.js";
import type { AccountColumns } from "../tree/columns.js";
import { hashKeys } from "../tree/leaves.js";
import { partShape } from "../tree/part-shape.js";
import { selectColumns, selectPart, type Partition } from "../tree/partition.js";
import { storeLayout } from "./proof-store.js";
import { buildStoreRange, type BuildProgress, type BuiltRange } from "./build-store.js";
import type { HashPool } from "./hash-pool.js";
import { writePartIndex } from "./part-index.js";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

export async function buildPart(
  assets: readonly Asset[],
  columns: AccountColumns,
  folder: string,
  options: { partition: Partition; pool?: HashPool; onProgress?: BuildProgress },
): Promise<BuiltRange> {
  const { pool } = options;
  const leafCount = columns.count;
  const allocate = (bytes: number) => (pool ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes));
  const keys = allocate(32 * leafCount);
  if (pool) await pool.runSlices(leafCount, (first, end) => pool.run({ kind: "keys", columns, keys, first, end }));
  else hashKeys(keccakEngine(), columns, keys, 0, leafCount);
  const { offset, chosen } = selectPart(keys, leafCount, options.partition);
  if (chosen.length > 0) {
    const own = selectColumns(columns, chosen, assets.length, allocate);
    return buildStoreRange(assets, own, folder, { ...options, offset, leafCount, part: true });
  }
  // A part whose key range holds no account (a small tree split many ways): nothing but an empty index.
  const shape = partShape(leafCount, offset, 0);
  const layout = storeLayout(leafCount, shape.depth);
  await mkdir(join(folder, "store", "shards"), { recursive: true, mode: 0o700 });
  await writePartIndex(folder, [], layout.buckets);
  return { shape, layout, blocks: [], fragments: [] };
}
