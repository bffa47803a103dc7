/**
 * `solvent check`: re-verifies every proof a tree folder's store can hand out, before its root is posted (a
 * posted epoch cannot be taken back). A proof of a shard's leaf is that leaf (from its id, salt and
 * balances), the shard's stored levels and the siblings stored above them. So every proof checks out
 * exactly when, in every shard, each leaf hashes to its stored record, each stored node is the parent of
 * the two stored below it, and the shard's top folds with its stored siblings into the summary's root and
 * totals: about two hashes per account, for the whole store, not a sample. The index is checked too: every
 * account listed once, in its bucket, at the position whose leaf has its id.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { keccakEngine, readWord, toHex, WORD_BYTES } from "../spec/bytes.js";
import { nodeSize } from "../spec/encoding.js";
import type { AccountColumns } from "../tree/columns.js";
import { hashAccounts } from "../tree/leaves.js";
import { parentLevel } from "../tree/levels.js";
import { idHash, INDEX_MAGIC } from "./format/index-bucket.js";
import { indexBucketFile, shardFile, storeLayout } from "./format/layout.js";
import { decodeShard } from "./format/shard.js";
import type { TreeFacts } from "./format/tree-facts.js";

export interface StoreProblem {
  /** The store file, relative to the tree folder. */
  file: string;
  problem: string;
}

export interface StoreCheck {
  leaves: number;
  shards: number;
  buckets: number;
  /** The first problems found (at most MAX_PROBLEMS); `problemCount` counts them all. */
  problems: StoreProblem[];
  problemCount: number;
}

const MAX_PROBLEMS = 100;

/** Checks every shard and index bucket of the store in `folder` against the tree's summary (`tree`). */
export async function checkTreeStore(
  folder: string,
  tree: TreeFacts,
  onProgress?: (done: number, total: number) => void,
): Promise<StoreCheck> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const engine = keccakEngine();
  const problems: StoreProblem[] = [];
  let problemCount = 0;
  const report = (file: string, problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, problem });
    problemCount++;
  };
  // Each position's id fingerprint, for the index check: the ids themselves would not fit in memory. Those of
  // a shard that could not be read stay unknown: its problem is reported once, not again per index entry.
  const fingerprints = new Uint32Array(tree.leafCount);
  const known = new Uint8Array(tree.leafCount);
  for (let s = 0; s < layout.shards; s++) {
    const file = shardFile(s);
    const bytes = await readFile(join(folder, file)).catch(() => undefined);
    if (bytes === undefined) report(file, "missing");
    else {
      try {
        checkShard(engine, bytes, s, layout.shardHeight, tree, { fingerprints, known }, (problem) =>
          report(file, problem),
        );
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        report(file, error.message.replace(/^.*?: /, ""));
      }
    }
    onProgress?.(Math.min(tree.leafCount, (s + 1) * 2 ** layout.shardHeight), tree.leafCount);
  }
  const listed = new Uint8Array(tree.leafCount);
  for (let b = 0; b < layout.buckets; b++) {
    const file = indexBucketFile(b);
    const bytes = await readFile(join(folder, file)).catch(() => undefined);
    if (bytes === undefined) report(file, "missing");
    else checkBucket(bytes, b, layout.buckets, { fingerprints, known }, listed, (problem) => report(file, problem));
  }
  const unlisted = listed.reduce((sum, seen) => sum + (seen === 0 ? 1 : 0), 0);
  if (unlisted > 0)
    report("store/index", `${unlisted} account(s) are in no index bucket: 'solvent proof' cannot find them`);
  return { leaves: tree.leafCount, shards: layout.shards, buckets: layout.buckets, problems, problemCount };
}

function checkShard(
  engine: ReturnType<typeof keccakEngine>,
  bytes: Buffer,
  s: number,
  height: number,
  tree: TreeFacts,
  ids: { fingerprints: Uint32Array; known: Uint8Array },
  report: (problem: string) => void,
): void {
  const shard = decodeShard(bytes, "");
  const assetCount = tree.assets.length;
  const size = nodeSize(assetCount);
  const first = s * 2 ** height;
  const count = Math.min(2 ** height, tree.leafCount - first);
  if (shard.assetCount !== assetCount || shard.depth !== tree.depth || shard.height !== height)
    return report(`its header says ${shard.assetCount} assets, depth ${shard.depth}: it is not this tree's shard`);
  if (shard.first !== first || shard.accounts.count !== count)
    return report(`it holds leaves ${shard.first}… (${shard.accounts.count}), not ${first}… (${count})`);

  // The leaves: each account's key and leaf hash from its id, salt and balances, as a builder makes them.
  const balances = new Uint8Array(16 * assetCount * count);
  const leaves = shard.levels[0]!;
  for (let i = 0; i < count; i++)
    for (let a = 0; a < assetCount; a++) {
      const word = i * size + WORD_BYTES * (a + 1);
      balances.set(leaves.subarray(word + 16, word + 32), 16 * (assetCount * i + a));
    }
  const columns: AccountColumns = { ...shard.accounts, balances };
  const keys = new Uint8Array(32 * count);
  const leafHashes = new Uint8Array(32 * count);
  hashAccounts(engine, columns, undefined, keys, leafHashes, size, 0, count);
  for (let i = 0; i < count; i++) {
    const { ids: shardIds, idOffsets } = shard.accounts;
    ids.fingerprints[first + i] = idHash(shardIds, idOffsets[i]!, idOffsets[i + 1]!);
    ids.known[first + i] = 1;
    if (!sameBytes(leafHashes, 32 * i, leaves, i * size, 32))
      report(`the leaf at position ${first + i} does not hash to its stored record (its id, salt or balances changed)`);
  }
  // The nodes: each stored one the parent of the two below it; then the top folded to the root.
  for (let j = 1; j <= height; j++) {
    const expected = parentLevel(engine, shard.levels[j - 1]!, assetCount, j - 1);
    const stored = shard.levels[j]!;
    for (let r = 0; r < stored.length / size; r++)
      if (!sameBytes(expected, r * size, stored, r * size, size))
        report(`its node ${first / 2 ** j + r} of level ${j} is not the parent of the two below it`);
  }
  let node = shard.levels[height]!;
  for (let j = height; j < tree.depth; j++) {
    const sibling = shard.upper[j - height]!;
    const pair = new Uint8Array(2 * size);
    const left = Math.floor(first / 2 ** j) % 2 === 0;
    pair.set(left ? node : sibling, 0);
    pair.set(left ? sibling : node, size);
    node = parentLevel(engine, pair, assetCount, j);
  }
  const totals = tree.assets.map((_, a) => readWord(node, WORD_BYTES * (a + 1)));
  if (toHex(node.subarray(0, WORD_BYTES)) !== tree.root.toLowerCase())
    report(`its proofs lead to the root ${toHex(node.subarray(0, WORD_BYTES))}, not the summary's ${tree.root}`);
  else if (totals.some((total, a) => total !== tree.totals[a]))
    report(`its proofs lead to the totals ${totals.join(", ")}, not the summary's ${tree.totals.join(", ")}`);
}

function checkBucket(
  bytes: Buffer,
  b: number,
  buckets: number,
  ids: { fingerprints: Uint32Array; known: Uint8Array },
  listed: Uint8Array,
  report: (problem: string) => void,
): void {
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== INDEX_MAGIC) return report("no index header");
  const count = bytes.readUInt32BE(4);
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + 6 > bytes.length) return report("truncated");
    const position = bytes.readUInt32BE(at);
    const length = bytes.readUInt16BE(at + 4);
    if (at + 6 + length > bytes.length) return report("truncated");
    const fingerprint = idHash(bytes, at + 6, at + 6 + length);
    const id = JSON.stringify(bytes.toString("utf8", at + 6, at + 6 + length));
    if (position >= listed.length) report(`it sends ${id} to position ${position}, beyond the tree`);
    else if ((fingerprint & (buckets - 1)) !== b) report(`it lists ${id}, whose id belongs in another bucket`);
    else if (ids.known[position] === 1 && ids.fingerprints[position] !== fingerprint)
      report(`it sends ${id} to position ${position}, another account's`);
    else if (listed[position] !== 0) report(`it lists position ${position} (${id}) a second time`);
    else listed[position] = 1;
    at += 6 + length;
  }
  if (at !== bytes.length) report("trailing bytes");
}

function sameBytes(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[aAt + k] !== b[bAt + k]) return false;
  return true;
}
