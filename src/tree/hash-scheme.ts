/**
 * How a tree hashes its accounts: salts derived from a build secret, account keys, leaf hashes, and the
 * engine that hashes the levels above them. A build's batch step (store/batch.ts) and the store's writer
 * (store/store-writer.ts) take a scheme, and worker threads are told its name, so a second scheme (a
 * Poseidon tree, say) is one more implementation of this interface, not a second pipeline. Keccak
 * (docs/spec.md) is the only one today.
 */
import { keccakEngine } from "../spec/bytes.js";
import { emptyNode } from "../spec/encoding.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";
import type { AccountColumns } from "./columns.js";
import { deriveSalts } from "./derived-salts.js";
import { hashAccounts, hashKeys, hashLeaves } from "./leaves.js";
import { hashParents } from "./levels.js";

export type HashSchemeName = "keccak";

/**
 * A scheme's engine: one per thread, not re-entrant. Its batched level hashing and record compaction
 * work in its own memory (the keccak engine's WebAssembly workspace); a scheme brings an engine of this shape.
 */
export type SchemeEngine = KeccakEngine;

export interface HashScheme {
  readonly name: HashSchemeName;
  /** This thread's engine. */
  engine(): SchemeEngine;
  /** Accounts [first, end): each salt slot holds the secret on entry and the derived salt on return. */
  deriveSalts(engine: SchemeEngine, columns: AccountColumns, first: number, end: number): void;
  /** Accounts [first, end): their keys into `keys` (32 bytes each, input order). */
  hashKeys(engine: SchemeEngine, columns: AccountColumns, keys: Uint8Array, first: number, end: number): void;
  /** Accounts [first, end): leaf hashes from their keys (`leafHashes` may be `keys` itself). */
  hashLeaves(
    engine: SchemeEngine,
    columns: AccountColumns,
    keys: Uint8Array,
    leafHashes: Uint8Array,
    size: number,
    first: number,
    end: number,
  ): void;
  /** Accounts [first, end): salts (from `secret`, when given), keys and leaf hashes in one pass. */
  hashAccounts(
    engine: SchemeEngine,
    columns: AccountColumns,
    secret: Uint8Array | undefined,
    keys: Uint8Array,
    leafHashes: Uint8Array,
    size: number,
    first: number,
    end: number,
  ): void;
  /** The parents of the records `below` at tree level `level` into `above` (an odd last one with padding). */
  hashParents(engine: SchemeEngine, below: Uint8Array, above: Uint8Array, assetCount: number, level: number): void;
  /** The record of an empty subtree of height `level` (padding). */
  emptyNode(assetCount: number, level: number): Uint8Array;
}

/** keccak-256 as docs/spec.md defines the tree, on Solvent's WebAssembly engine. */
export const KECCAK_SCHEME: HashScheme = {
  name: "keccak",
  engine: keccakEngine,
  deriveSalts,
  hashKeys,
  hashLeaves,
  hashAccounts,
  hashParents,
  emptyNode,
};

const SCHEMES: Record<HashSchemeName, HashScheme> = { keccak: KECCAK_SCHEME };

/** The scheme of this name (a worker thread is told the name, not given the object). */
export function hashSchemeNamed(name: HashSchemeName): HashScheme {
  return SCHEMES[name];
}
