import { InputError } from "../errors.js";
import { emptyNode, nodeSize } from "../spec/encoding.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";

/**
 * Writes into `above` the parents of the records `below` at tree level `level` (an odd last record is
 * paired with that level's padding). Refuses, naming the level, a sum that reaches 2^128.
 */
export function hashParents(
  engine: KeccakEngine,
  below: Uint8Array,
  above: Uint8Array,
  assetCount: number,
  level: number,
): void {
  if (!engine.buildLevel(below, above, nodeSize(assetCount), assetCount, emptyNode(assetCount, level))) {
    throw sumOverflow(level);
  }
}

/** The error for a parent of tree level `level` whose sum reaches 2^128. */
export function sumOverflow(level: number): InputError {
  return new InputError(`a sum reaches 2^128 at level ${level + 1}; the totals are too large to attest`);
}

/** The parent level of `below` (tree level `level`), newly allocated. */
export function parentLevel(engine: KeccakEngine, below: Uint8Array, assetCount: number, level: number): Uint8Array {
  const size = nodeSize(assetCount);
  const above = new Uint8Array(Math.ceil(below.length / size / 2) * size);
  hashParents(engine, below, above, assetCount, level);
  return above;
}
