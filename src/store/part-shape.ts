/**
 * Which part of the tree a build of some of its leaves can finish on its own. A part holds the leaves at
 * tree positions [offset, offset + count) of a tree of `leafCount` leaves. Positions are cut into shards of
 * 2^height (the proof store's files); the part builds the shards wholly inside its range ("full shards")
 * and every node above them whose shards are all its own, and hands the rest to the join: the leaves of
 * the shards it shares with a neighbour ("fragments") and its topmost nodes ("blocks"). A single-machine
 * build is the one part of 1: every shard full, its one block the root.
 *
 * Levels here are tree levels j ≥ height; node k of level j covers shards [k u, (k + 1) u), u = 2^(j − height).
 * The last part also owns the padding beyond leafCount, so its nodes may reach past the last shard.
 */
import { depthFor } from "../spec/encoding.js";
import { SHARD_HEIGHT } from "./format/layout.js";

export interface PartShape {
  leafCount: number;
  depth: number;
  height: number;
  shards: number;
  offset: number;
  count: number;
  /** Full shards: [firstShard, endShard). */
  firstShard: number;
  endShard: number;
  last: boolean;
}

export function partShape(leafCount: number, offset: number, count: number): PartShape {
  const depth = depthFor(leafCount);
  const height = Math.min(SHARD_HEIGHT, depth);
  const width = 2 ** height;
  const shards = Math.ceil(leafCount / width);
  const end = offset + count;
  const last = end === leafCount;
  const firstShard = Math.ceil(offset / width);
  const endShard = Math.max(firstShard, last ? shards : Math.floor(end / width));
  return { leafCount, depth, height, shards, offset, count, firstShard, endShard, last };
}

/** The node indices [lo, hi) of level j (height ≤ j ≤ depth) the part computes itself; empty when lo ≥ hi. */
export function ownNodes(shape: PartShape, level: number): [number, number] {
  const unit = 2 ** (level - shape.height);
  const lo = Math.ceil(shape.firstShard / unit);
  const hi = shape.last ? Math.ceil(shape.endShard / unit) : Math.floor(shape.endShard / unit);
  return [lo, Math.max(lo, hi)];
}

/** Whether node `index` of level j lies wholly in padding (every position at or past leafCount). */
export function isPadding(shape: PartShape, level: number, index: number): boolean {
  return index * 2 ** level >= shape.leafCount;
}

/** Whether the part knows node `index` of level j: its own, or padding. */
export function knowsNode(shape: PartShape, level: number, index: number): boolean {
  const [lo, hi] = ownNodes(shape, level);
  return (index >= lo && index < hi) || isPadding(shape, level, index);
}

/**
 * How many of full shard s's siblings above the shard (levels height … depth − 1) the part writes: those
 * up to the first it does not know. Once a sibling is someone else's, every one above is too, and the
 * join appends them.
 */
export function knownSiblingLevels(shape: PartShape, shard: number): number {
  let known = 0;
  for (let j = shape.height; j < shape.depth; j++) {
    if (!knowsNode(shape, j, (shard >>> (j - shape.height)) ^ 1)) break;
    known++;
  }
  return known;
}

/** Position ranges [first, end) of the part's leaves outside its full shards (at most two). */
export function fragmentRanges(shape: PartShape): [number, number][] {
  const width = 2 ** shape.height;
  const end = shape.offset + shape.count;
  const ranges: [number, number][] = [];
  const leftEnd = Math.min(end, shape.firstShard * width);
  if (shape.offset < leftEnd) ranges.push([shape.offset, leftEnd]);
  const rightStart = Math.max(shape.offset, leftEnd, Math.min(shape.endShard * width, shape.leafCount));
  if (rightStart < end) ranges.push([rightStart, end]);
  return ranges;
}

/** The part's topmost nodes: its own nodes whose parent is not its own, as [level, index]. */
export function blockNodes(shape: PartShape): [number, number][] {
  const blocks: [number, number][] = [];
  for (let j = shape.height; j <= shape.depth; j++) {
    const [lo, hi] = ownNodes(shape, j);
    if (lo >= hi) continue;
    const [parentLo, parentHi] = j < shape.depth ? ownNodes(shape, j + 1) : [0, 0];
    for (const k of hi - lo === 1 ? [lo] : [lo, hi - 1]) {
      const parent = k >>> 1;
      if (j === shape.depth || parent < parentLo || parent >= parentHi) blocks.push([j, k]);
    }
  }
  return blocks;
}
