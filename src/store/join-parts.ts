/**
 * `solvent join`: the parts of a partitioned build (store/part-folder.ts) into the tree folder a single
 * build writes, byte for byte. The hashing and memory depend on the parts and the depth only: the parts'
 * topmost nodes and shared shards (at most 2 per part) give every node the parts could not compute (at
 * most two per level per part), and with them the root. The files are then copied: each part's shards
 * (every byte checked against the digests the part recorded, store/part-files.ts) with the siblings above
 * them that only the join knows appended, the shared shards, and the index buckets, each the parts'
 * entries in part order.
 */
import { constants } from "node:fs";
import { access, copyFile, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError, invariant } from "../errors.js";
import { AMOUNT_BYTES, readWord, toHex, WORD_BYTES, type Hex } from "../spec/bytes.js";
import { nodeSize } from "../spec/encoding.js";
import { KECCAK_SCHEME, type HashScheme } from "../tree/hash-scheme.js";
import { verifyProof } from "../tree/proof.js";
import { writeQueue } from "../io/write-queue.js";
import { indexBucketHeader, refuseRepeatedIndexIds } from "./format/index-bucket.js";
import { shardFile, storeLayout } from "./format/layout.js";
import { PART_INDEX_FILE, PartIndexReader } from "./format/part-index.js";
import { encodeUpperSiblings } from "./format/shard.js";
import { checkPartBytes, checkPartFile, shardDigest, type PartFile } from "./part-files.js";
import type { PartManifest } from "./part-folder.js";
import type { PartBlock, PartFragment } from "./build-store.js";
import type { Asset } from "../spec/assets.js";
import { isPadding, knownSiblingLevels, partShape, type PartShape } from "./part-shape.js";
import { readProofAtPosition } from "./proof-store.js";
import { appendUpperSiblings, buildShards, openStore, writeIndexBucket, writeShardFile } from "./store-writer.js";

/**
 * A run of consecutive tree positions built apart, for the join to stitch into one store: a part of a
 * partitioned build (PartManifest is its on-disk form, part.json) or a bounded build's group, which never
 * leaves the process and so has no manifest.
 */
export interface StitchRange {
  /** How messages name it: "part 1/4 (its folder)", "group 3". */
  name: string;
  /** Where its index.bin is, and where its store/shards is. */
  indexFolder: string;
  shardsFolder: string;
  offset: number;
  count: number;
  blocks: PartBlock[];
  fragments: PartFragment[];
  /** Digests of every file it wrote (a v2 part): every byte taken is checked. Absent: taken as they are. */
  files?: PartFile[] | undefined;
}

/** What the join stitches: the ranges in tree order, contiguous, covering the tree's leaves. */
export interface Stitch {
  assets: Asset[];
  leafCount: number;
  ranges: StitchRange[];
  /**
   * The error for an id in two ranges, when one can be (salts from the CSV: one id on two rows may have
   * two keys, and so land in two ranges); undefined when it cannot.
   */
  idInTwoRanges?: ((id: string) => InputError) | undefined;
}

export interface JoinedTree {
  leafCount: number;
  depth: number;
  root: Hex;
  totals: bigint[];
}

/** Checks that `manifests` are the n parts of one build, and puts them in part order. */
export function checkParts(manifests: PartManifest[]): PartManifest[] {
  if (manifests.length === 0) throw new InputError("give the folders of every part to join; see --help");
  const parts = [...manifests].sort((a, b) => a.part - b.part);
  const first = parts[0]!;
  const same = (p: PartManifest, what: string, ok: boolean) => {
    if (!ok)
      throw new InputError(
        `${p.folder} (part ${p.part}/${p.parts}) has another ${what} than ${first.folder}: these parts are not of one build`,
      );
  };
  for (const p of parts) {
    same(p, "part count", p.parts === first.parts);
    same(p, "leaf count", p.leafCount === first.leafCount);
    same(p, "asset list", JSON.stringify(p.assets) === JSON.stringify(first.assets));
    same(p, "snapshot time (--as-of)", p.asOf === first.asOf);
    // The bytes decide, not the file's name: each machine may keep its copy under another name.
    same(p, "input (sha256)", p.input.sha256 === first.input.sha256 && p.input.bytes === first.input.bytes);
    same(p, "build secret (or salt column)", p.salts === first.salts);
  }
  if (parts.length !== first.parts || parts.some((p, i) => p.part !== i)) {
    const have = new Set(parts.map((p) => p.part));
    const missing = Array.from({ length: first.parts }, (_, i) => i).filter((i) => !have.has(i));
    const twice = parts.filter((p, i) => i > 0 && parts[i - 1]!.part === p.part).map((p) => p.part);
    throw new InputError(
      `a join needs each of the ${first.parts} parts once: ${[
        ...(missing.length > 0 ? [`missing ${missing.map((i) => `${i}/${first.parts}`).join(", ")}`] : []),
        ...(twice.length > 0 ? [`given twice: ${twice.map((i) => `${i}/${first.parts}`).join(", ")}`] : []),
      ].join("; ")}`,
    );
  }
  let offset = 0;
  for (const p of parts) {
    if (p.offset !== offset)
      throw new InputError(
        `${p.folder} starts at leaf ${p.offset} but the parts before it end at ${offset}: the parts disagree on the accounts (built from different inputs or secrets?)`,
      );
    offset += p.count;
  }
  if (offset !== first.leafCount)
    throw new InputError(`the parts hold ${offset} leaves but each counted ${first.leafCount}: rebuild them`);
  return parts;
}

/** `solvent join`: the parts' store joined into `folder`/store; returns the root and totals. */
export async function joinParts(
  manifests: PartManifest[],
  folder: string,
  onProgress?: (done: number, total: number) => void,
): Promise<JoinedTree> {
  const checked = checkParts(manifests);
  const { leafCount, assets } = checked[0]!;
  const ranges = checked.map((p): StitchRange => ({
    ...{ name: `part ${p.part}/${p.parts} (${p.folder})`, indexFolder: p.folder, shardsFolder: p.folder },
    ...{ offset: p.offset, count: p.count, blocks: p.blocks, fragments: p.fragments, files: p.files },
  }));
  // With the CSV's salts, one id on two rows may have two keys and so land in two parts.
  const idInTwoRanges =
    checked[0]!.salts === "csv"
      ? (id: string) =>
          new InputError(
            `account ${JSON.stringify(id)} appears twice in ${checked[0]!.input.file} (in two parts, with different salts); merge its rows into one and build again`,
          )
      : undefined;
  return stitchRanges({ assets, leafCount, ranges, idInTwoRanges }, folder, { ...(onProgress ? { onProgress } : {}) });
}

/**
 * The join's core: the store of the ranges' tree written into `folder`/store (the ranges' shards completed
 * with the siblings only the join knows, the shared shards, the index); returns the root and totals.
 */
export async function stitchRanges(
  stitch: Stitch,
  folder: string,
  options: { onProgress?: (done: number, total: number) => void; scheme?: HashScheme } = {},
): Promise<JoinedTree> {
  const { onProgress } = options;
  const { leafCount, assets, ranges: parts } = stitch;
  const assetCount = assets.length;
  const size = nodeSize(assetCount);
  const shapes = parts.map((p) => partShape(leafCount, p.offset, p.count));
  const { depth, height, shards } = shapes[0]!;
  const scheme = options.scheme ?? KECCAK_SCHEME;
  const engine = scheme.engine();

  // Every node the parts could not compute, by level: first their blocks and the shared shards' roots.
  const known = Array.from({ length: depth + 1 }, () => new Map<number, Uint8Array>());
  for (const p of parts) for (const b of p.blocks) known[b.level]!.set(b.index, b.record);
  const shared = sharedShards(parts, shapes);
  // The shared shards are written first (the siblings above them once known): each gives its root.
  await openStore(folder, { index: true });
  for (const [s, leaves] of shared)
    known[height]!.set(s, writeSharedShard(scheme, folder, leaves, { assetCount, depth, height, leafCount, shard: s }));
  // Then, level by level, the parent of each: its sibling is known too, or padding.
  const nodeAt = (level: number, index: number): Uint8Array => {
    const node =
      known[level]!.get(index) ??
      (isPadding(shapes[0]!, level, index) ? scheme.emptyNode(assetCount, level) : undefined);
    invariant(node !== undefined, `the join lacks node ${index} of level ${level}`);
    return node;
  };
  for (let j = height; j < depth; j++) {
    for (const index of [...known[j]!.keys()].sort((a, b) => a - b)) {
      if (known[j + 1]!.has(index >>> 1)) continue;
      const pair = new Uint8Array(2 * size);
      pair.set(nodeAt(j, index & ~1), 0);
      pair.set(nodeAt(j, index | 1), size);
      const parent = new Uint8Array(size);
      scheme.hashParents(engine, pair, parent, assetCount, j);
      known[j + 1]!.set(index >>> 1, parent);
    }
  }
  const root = nodeAt(depth, 0);

  // The files: each part's shards completed, the shared shards' siblings appended, the index.
  const writes = writeQueue();
  const siblingsFrom = (s: number, from: number) => {
    const upper: Uint8Array[] = [];
    for (let j = from; j < depth; j++) upper.push(nodeAt(j, (s >>> (j - height)) ^ 1));
    return upper;
  };
  let done = 0;
  for (let p = 0; p < parts.length; p++) {
    const shape = shapes[p]!;
    const name = parts[p]!.name;
    // Parts that recorded their files (v2) have every byte checked on the way; v1 parts and a bounded
    // build's own groups are copied as they are.
    const digests = parts[p]!.files && new Map(parts[p]!.files!.map((f) => [f.path, f] as [string, PartFile]));
    for (let s = shape.firstShard; s < shape.endShard; s++) {
      const upper = siblingsFrom(s, height + knownSiblingLevels(shape, s));
      const target = join(folder, shardFile(s));
      const source = join(parts[p]!.shardsFolder, shardFile(s));
      const expected = digests && shardDigest(digests, s, name);
      await writes.add(async () => {
        await access(source).catch(() => {
          throw new InputError(
            `${name} lacks its shard file ${source}: copy the part's folder again whole, or build the part again`,
          );
        });
        if (expected !== undefined) {
          const bytes = await readFile(source);
          checkPartBytes(bytes, expected, name);
          const rest = upper.length > 0 ? encodeUpperSiblings(engine, upper, assetCount) : undefined;
          await writeShardFile(folder, s, rest ? Buffer.concat([bytes, rest]) : bytes);
          return;
        }
        // A copy-on-write clone where the file system has them: the parts stay intact either way.
        if (resolve(source) !== resolve(target)) await copyFile(source, target, constants.COPYFILE_FICLONE);
        appendUpperSiblings(scheme, folder, s, upper, assetCount);
      });
      if (++done % 64 === 0) onProgress?.(Math.min(leafCount, done * 2 ** height), leafCount);
    }
  }
  for (const s of shared.keys()) appendUpperSiblings(scheme, folder, s, siblingsFrom(s, height), assetCount);
  invariant(done + shared.size === shards, "every shard is a part's or shared");
  await writes.drain();
  for (const part of parts) {
    const index = part.files?.find((f) => f.path === PART_INDEX_FILE);
    if (part.files !== undefined && index === undefined)
      throw new InputError(`${part.name} records no digest of its ${PART_INDEX_FILE}: build the part again`);
    if (index !== undefined) await checkPartFile(part.indexFolder, index, part.name);
  }
  // Two ranges' entries for one id meet only here.
  await joinIndex(parts, folder, storeLayout(leafCount, depth).buckets, stitch.idInTwoRanges);
  const joined = {
    leafCount,
    depth,
    root: toHex(root.slice(0, WORD_BYTES)),
    totals: assets.map((_, a) => readWord(root, WORD_BYTES * (a + 1))),
  };
  await checkJoined(folder, stitch, joined, known);
  onProgress?.(leafCount, leafCount);
  return joined;
}

/**
 * Reads back, from the joined store, the proof of one leaf under every node the join took from the parts
 * (their topmost nodes, the shared shards' roots) and checks it against the root. A node whose record in
 * part.json does not match what lies below it (a damaged or edited part) makes its leaf's proof fail, so a
 * join never prints a root its own proofs contradict. Work: parts × depth proofs, not the accounts.
 */
async function checkJoined(
  folder: string,
  stitch: Stitch,
  tree: JoinedTree,
  known: Map<number, Uint8Array>[],
): Promise<void> {
  const parts = stitch.ranges;
  const facts = {
    assets: stitch.assets,
    leafCount: tree.leafCount,
    depth: tree.depth,
    root: tree.root,
    totals: tree.totals,
  };
  const positions = new Set<number>();
  for (const p of parts) for (const b of p.blocks) positions.add(b.index * 2 ** b.level);
  for (const [level, nodes] of known.entries())
    for (const index of nodes.keys()) if (index * 2 ** level < tree.leafCount) positions.add(index * 2 ** level);
  for (const position of [...positions].sort((a, b) => a - b)) {
    const part = parts.find((p) => position >= p.offset && position < p.offset + p.count)!;
    let result: ReturnType<typeof verifyProof>;
    try {
      result = verifyProof(await readProofAtPosition(folder, position, facts));
    } catch (error) {
      result = { valid: false, check: "RootMismatch", reason: (error as Error).message };
    }
    if (!result.valid)
      throw new InputError(
        `the joined tree's proof of leaf ${position} (${part.name}) does not check out: ${result.reason}. That part's folder is damaged or was changed after it was built: build it again (or copy it again whole) and rerun the join`,
      );
  }
}

interface SharedLeaves {
  ids: Uint8Array[];
  salts: Uint8Array[];
  records: Uint8Array[];
  /** The name of the range (part) each leaf came from, for messages. */
  ranges: string[];
}

/** The leaves of each shard that lies across parts, from the parts' fragments in part order. */
function sharedShards(parts: StitchRange[], shapes: PartShape[]): Map<number, SharedLeaves> {
  const { height, leafCount } = shapes[0]!;
  const width = 2 ** height;
  const shards = new Map<number, SharedLeaves>();
  parts.forEach((p) => {
    for (const f of p.fragments) {
      const s = Math.floor(f.first / width);
      const leaves = shards.get(s) ?? { ids: [], salts: [], records: [], ranges: [] };
      const size = f.records.length / f.ids.length;
      if (s * width + leaves.ids.length !== f.first)
        throw new InputError(
          `${p.name}: its shared leaves at ${f.first} do not follow the previous part's; rebuild it`,
        );
      f.ids.forEach((id, i) => {
        leaves.ids.push(id);
        leaves.salts.push(f.salts.subarray(32 * i, 32 * i + 32));
        leaves.records.push(f.records.subarray(size * i, size * (i + 1)));
        leaves.ranges.push(p.name);
      });
      shards.set(s, leaves);
    }
  });
  for (const [s, leaves] of shards)
    invariant(leaves.ids.length === Math.min(width, leafCount - s * width), `shared shard ${s} is complete`);
  return shards;
}

/**
 * Writes a shared shard (without the siblings above it) through the store's one writer, from its leaf
 * records as the parts recorded them; returns its root.
 */
function writeSharedShard(
  scheme: HashScheme,
  folder: string,
  leaves: SharedLeaves,
  shape: { assetCount: number; depth: number; height: number; leafCount: number; shard: number },
): Uint8Array {
  const { assetCount, height, shard } = shape;
  const size = nodeSize(assetCount);
  const count = leaves.ids.length;
  const first = shard * 2 ** height;
  // A leaf record is its leaf hash and its balances, each in the low half of a 32-byte word.
  const leafHashes = new Uint8Array(32 * count);
  const balances = new Uint8Array(AMOUNT_BYTES * assetCount * count);
  leaves.records.forEach((record, i) => {
    leafHashes.set(record.subarray(0, 32), 32 * i);
    for (let a = 0; a < assetCount; a++) {
      const word = record.subarray(32 * (a + 1), 32 * (a + 2));
      if (word.subarray(0, 32 - AMOUNT_BYTES).some((byte) => byte !== 0))
        throw new InputError(
          `the shared leaf at position ${first + i} holds a balance of 2^128 or more: a part.json is damaged; build the parts again`,
        );
      balances.set(word.subarray(32 - AMOUNT_BYTES), AMOUNT_BYTES * (assetCount * i + a));
    }
  });
  const idOffsets = new Uint32Array(count + 1);
  leaves.ids.forEach((id, i) => (idOffsets[i + 1] = idOffsets[i]! + id.length));
  const columns = { count, ids: Buffer.concat(leaves.ids), idOffsets, salts: Buffer.concat(leaves.salts), balances };
  // Each leaf record from part.json is hashed again from its id, salt and balances: a changed salt or id
  // there would otherwise join into a tree whose root is right and whose customer's proof fails.
  const engine = scheme.engine();
  const derived = new Uint8Array(32 * count);
  scheme.hashAccounts(engine, columns, undefined, new Uint8Array(32 * count), derived, size, 0, count);
  for (let i = 0; i < count; i++) {
    if (Buffer.compare(derived.subarray(32 * i, 32 * i + 32), leafHashes.subarray(32 * i, 32 * i + 32)) !== 0)
      throw new InputError(
        `${leaves.ranges[i]}: part.json's shared leaf at position ${first + i} does not hash from its id, salt and balances: the file changed after it was built; copy the part's folder again whole, or build the part again`,
      );
  }
  const root = new Uint8Array(size);
  buildShards(scheme, {
    scheme: scheme.name,
    ...{ columns, order: Uint32Array.from({ length: count }, (_, i) => i), leafHashes },
    ...{ offset: first, leafCount: shape.leafCount, assetCount, depth: shape.depth, height, folder },
    ...{ firstShard: shard, endShard: shard + 1, roots: root, rootBase: shard },
  });
  return root;
}

/** Each index bucket: the parts' entries, in part order (tree order), a group of buckets at a time. */
async function joinIndex(
  parts: StitchRange[],
  folder: string,
  bucketCount: number,
  idInTwoRanges: ((id: string) => InputError) | undefined,
  groupBytes = 16 << 20,
) {
  const readers = await Promise.all(parts.map((p) => PartIndexReader.open(p.indexFolder, bucketCount)));
  try {
    const writes = writeQueue();
    const bytesOf = (b: number) => readers.reduce((sum, r) => sum + r.starts[b + 1]! - r.starts[b]!, 0);
    for (let first = 0; first < bucketCount;) {
      let end = first + 1;
      for (let total = bytesOf(first); end < bucketCount && total + bytesOf(end) <= groupBytes; end++)
        total += bytesOf(end);
      const slices = await Promise.all(readers.map((r) => r.entries(first, end)));
      for (let b = first; b < end; b++) {
        const header = indexBucketHeader(readers.reduce((sum, r) => sum + r.counts[b]!, 0));
        const pieces = readers.map((r, p) =>
          slices[p]!.subarray(r.starts[b]! - r.starts[first]!, r.starts[b + 1]! - r.starts[first]!),
        );
        const bytes = Buffer.concat([header, ...pieces]);
        if (idInTwoRanges) refuseRepeatedIndexIds(bytes, idInTwoRanges);
        await writes.add(() => writeIndexBucket(folder, b, bytes));
      }
      first = end;
    }
    await writes.drain();
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}
