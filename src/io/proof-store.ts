/**
 * The proof store of a tree folder (solvent-tree-v2): every account's proof, in sharded, compressed files.
 *
 * A shard holds 2^h consecutive leaves (tree order) with their ids and salts, every level of their subtree,
 * and the siblings above it: all a proof of any of its leaves needs, each shared record stored once.
 * An index, bucketed by a hash of the id, maps ids to leaf positions. A lookup reads one index bucket and
 * one shard: a few hundred kilobytes.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { InputError, invariant } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import { toHex } from "../spec/bytes.js";
import { accountKey, emptyRecord, recordSize } from "../spec/encoding.js";
import type { ColumnTree } from "../tree/build-columns.js";
import { recordToSibling, type InclusionProof, type ProofSibling } from "../tree/proof.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const MAGIC = 0x534c5653; // "SLVS"
const VERSION = 1;
/** Leaves per shard: 2^12. */
export const SHARD_HEIGHT = 12;
/** Ids per index bucket, about. */
const BUCKET_TARGET = 2048;
/** Compressions in flight; zlib runs them on libuv's thread pool. */
const IN_FLIGHT = 8;

export interface StoreLayout {
  shardHeight: number;
  shards: number;
  buckets: number;
}

export function storeLayout(leafCount: number, depth: number): StoreLayout {
  const shardHeight = Math.min(SHARD_HEIGHT, depth);
  const buckets = 2 ** Math.max(0, Math.ceil(Math.log2(Math.ceil(leafCount / BUCKET_TARGET))));
  return { shardHeight, shards: Math.ceil(leafCount / 2 ** shardHeight), buckets };
}

const shardFile = (s: number) => join("store", "shards", `${String(s).padStart(6, "0")}.bin.gz`);
const bucketFile = (b: number) => join("store", "index", `${String(b).padStart(6, "0")}.json.gz`);

/** Writes the store of `tree` into `folder` (which must exist). Files are owner-only: they hold salts. */
export async function writeProofStore(folder: string, tree: ColumnTree, onProgress?: (written: number, total: number) => void): Promise<StoreLayout> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  await mkdir(join(folder, "store", "shards"), { recursive: true, mode: 0o700 });
  await mkdir(join(folder, "store", "index"), { recursive: true, mode: 0o700 });
  const writing = new Set<Promise<void>>();
  const queue = async (job: () => Promise<void>) => {
    const promise: Promise<void> = job().finally(() => writing.delete(promise));
    writing.add(promise);
    if (writing.size >= IN_FLIGHT) await Promise.race(writing);
  };
  for (let s = 0; s < layout.shards; s++) {
    const bytes = encodeShard(tree, s, layout.shardHeight);
    await queue(async () => writeFile(join(folder, shardFile(s)), await gzipAsync(bytes, { level: 1 }), { mode: 0o600 }));
    onProgress?.(Math.min(tree.leafCount, (s + 1) * 2 ** layout.shardHeight), tree.leafCount);
  }
  const buckets: Record<string, number>[] = Array.from({ length: layout.buckets }, () => ({}));
  const { columns, order } = tree;
  for (let p = 0; p < tree.leafCount; p++) {
    const account = order[p]!;
    const id = columns.ids.subarray(columns.idOffsets[account]!, columns.idOffsets[account + 1]!);
    buckets[bucketOf(id, layout.buckets)]![Buffer.from(id).toString("utf8")] = p;
  }
  for (const [b, entries] of buckets.entries()) {
    await queue(async () => writeFile(join(folder, bucketFile(b)), await gzipAsync(JSON.stringify(entries), { level: 1 }), { mode: 0o600 }));
  }
  await Promise.all(writing);
  return layout;
}

/** What a proof needs from the tree's summary. */
export interface TreeFacts {
  assets: readonly Asset[];
  leafCount: number;
  depth: number;
  root: string;
  totals: readonly bigint[];
}

/** The proof of one account (id trimmed and NFC-normalised) from a tree folder's store. */
export async function readProofFromStore(folder: string, accountId: string, tree: TreeFacts): Promise<InclusionProof> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const id = accountId.trim().normalize("NFC");
  const bucketPath = join(folder, bucketFile(bucketOf(Buffer.from(id, "utf8"), layout.buckets)));
  const bucket = JSON.parse((await unzip(bucketPath)).toString("utf8")) as Record<string, number>;
  const position = Object.hasOwn(bucket, id) ? bucket[id]! : undefined;
  if (position === undefined) throw new InputError(`no account ${JSON.stringify(id)} in this tree`, { file: bucketPath });
  const shardPath = join(folder, shardFile(Math.floor(position / 2 ** layout.shardHeight)));
  const shard = decodeShard(await unzip(shardPath), shardPath);
  return proofFromShard(shard, position, tree);
}

/** A store file, read and decompressed; a missing or damaged one is the user's input error. */
async function unzip(path: string): Promise<Buffer> {
  const compressed = await readFile(path).catch((error: Error) => {
    throw new InputError(`cannot read the proof store (${error.message}); is this a folder written by 'solvent build'?`, { file: path });
  });
  return gunzipAsync(compressed).catch((error: Error) => {
    throw new InputError(`this file of the proof store is damaged (${error.message}); rebuild the tree`, { file: path });
  });
}

interface Shard {
  assetCount: number;
  depth: number;
  height: number;
  first: number;
  count: number;
  ids: string[];
  salts: Uint8Array[];
  /** levels[j]: the shard's records at level j (ceil(count / 2^j) of them). */
  levels: Uint8Array[];
  /** Siblings of the shard's root at levels height … depth - 1. */
  upper: Uint8Array[];
}

function encodeShard(tree: ColumnTree, s: number, height: number): Buffer {
  const size = recordSize(tree.assets.length);
  const first = s * 2 ** height;
  const count = Math.min(2 ** height, tree.leafCount - first);
  const { columns, order } = tree;
  const parts: Uint8Array[] = [];
  const header = Buffer.alloc(16);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt8(VERSION, 4);
  header.writeUInt8(tree.assets.length, 5);
  header.writeUInt8(tree.depth, 6);
  header.writeUInt8(height, 7);
  header.writeUInt32BE(first, 8);
  header.writeUInt32BE(count, 12);
  parts.push(header);
  const lengths = Buffer.alloc(4 * count);
  const ids: Uint8Array[] = [];
  const salts = Buffer.alloc(32 * count);
  for (let i = 0; i < count; i++) {
    const account = order[first + i]!;
    const id = columns.ids.subarray(columns.idOffsets[account]!, columns.idOffsets[account + 1]!);
    lengths.writeUInt32BE(id.length, 4 * i);
    ids.push(id);
    salts.set(columns.salts.subarray(32 * account, 32 * account + 32), 32 * i);
  }
  parts.push(lengths, ...ids, salts);
  for (let j = 0; j <= height; j++) {
    const lo = first / 2 ** j;
    const hi = Math.ceil((first + count) / 2 ** j);
    parts.push(tree.levels[j]!.subarray(lo * size, hi * size));
  }
  for (let j = height; j < tree.depth; j++) {
    const sibling = (first / 2 ** j) ^ 1;
    const level = tree.levels[j]!;
    parts.push(sibling * size < level.length ? level.subarray(sibling * size, (sibling + 1) * size) : emptyRecord(tree.assets.length, j));
  }
  return Buffer.concat(parts);
}

function decodeShard(bytes: Buffer, file: string): Shard {
  const bad = (what: string) => new InputError(`this shard of the proof store is damaged (${what}); rebuild the tree`, { file });
  if (bytes.length < 16 || bytes.readUInt32BE(0) !== MAGIC) throw bad("no shard header");
  if (bytes.readUInt8(4) !== VERSION) throw bad(`version ${bytes.readUInt8(4)}`);
  const assetCount = bytes.readUInt8(5);
  const depth = bytes.readUInt8(6);
  const height = bytes.readUInt8(7);
  const first = bytes.readUInt32BE(8);
  const count = bytes.readUInt32BE(12);
  const size = recordSize(assetCount);
  let at = 16;
  const take = (n: number) => {
    if (at + n > bytes.length) throw bad("truncated");
    const slice = bytes.subarray(at, at + n);
    at += n;
    return slice;
  };
  const lengths = take(4 * count);
  const ids = Array.from({ length: count }, (_, i) => take(lengths.readUInt32BE(4 * i)).toString("utf8"));
  const saltBytes = take(32 * count);
  const salts = Array.from({ length: count }, (_, i) => saltBytes.subarray(32 * i, 32 * i + 32));
  const levels = Array.from({ length: height + 1 }, (_, j) => take((Math.ceil((first + count) / 2 ** j) - first / 2 ** j) * size));
  const upper = Array.from({ length: depth - height }, () => take(size));
  if (at !== bytes.length) throw bad("trailing bytes");
  return { assetCount, depth, height, first, count, ids, salts, levels, upper };
}

function proofFromShard(shard: Shard, position: number, tree: TreeFacts): InclusionProof {
  invariant(shard.depth === tree.depth && shard.assetCount === tree.assets.length, "the shard does not belong to this tree");
  const size = recordSize(shard.assetCount);
  const i = position - shard.first;
  invariant(i >= 0 && i < shard.count, "the index points outside its shard");
  const siblings: ProofSibling[] = [];
  for (let j = 0; j < shard.height; j++) {
    const local = ((position >>> j) ^ 1) - shard.first / 2 ** j;
    const level = shard.levels[j]!;
    siblings.push(recordToSibling(local * size < level.length ? level.subarray(local * size, (local + 1) * size) : emptyRecord(shard.assetCount, j), shard.assetCount));
  }
  for (const record of shard.upper) siblings.push(recordToSibling(record, shard.assetCount));
  const leafRecord = shard.levels[0]!.subarray(i * size, (i + 1) * size);
  return {
    assets: tree.assets.map((asset) => asset.symbol),
    decimals: tree.assets.map((asset) => asset.decimals),
    leafCount: BigInt(tree.leafCount),
    root: tree.root as InclusionProof["root"],
    totals: [...tree.totals],
    leaf: {
      index: BigInt(position),
      accountId: shard.ids[i]!,
      salt: toHex(shard.salts[i]!),
      // The leaf record holds the leaf hash, not the key: derive the key from salt and id.
      accountKey: toHex(accountKey(shard.salts[i]!, shard.ids[i]!)),
      balances: recordToSibling(leafRecord, shard.assetCount).sums,
    },
    siblings,
  };
}

/** FNV-1a of the id bytes, masked to the bucket count (a power of two). */
function bucketOf(id: Uint8Array, buckets: number): number {
  let hash = 0x811c9dc5;
  for (const byte of id) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0) & (buckets - 1);
}
