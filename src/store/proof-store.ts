/**
 * Proofs read from a tree folder's proof store (the format: store/format/). A lookup reads one index
 * bucket and one shard: a few hundred kilobytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { InclusionProof } from "../tree/proof.js";
import { bucketOf, findInIndexBucket } from "./format/index-bucket.js";
import { indexBucketFile, shardFile, storeLayout } from "./format/layout.js";
import { proofFromShard } from "./format/shard.js";
import type { TreeFacts } from "./format/tree-facts.js";

export type { TreeFacts };

/** The proof of one account (id trimmed and NFC-normalised) from a tree folder's store. */
export async function readProofFromStore(folder: string, accountId: string, tree: TreeFacts): Promise<InclusionProof> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const id = accountId.trim().normalize("NFC");
  const bucketPath = join(folder, indexBucketFile(bucketOf(Buffer.from(id, "utf8"), layout.buckets)));
  const position = findInIndexBucket(await readStoreFile(bucketPath), Buffer.from(id, "utf8"), bucketPath);
  if (position === undefined)
    throw new InputError(`no account ${JSON.stringify(id)} in this tree`, { file: bucketPath });
  return readProofAtPosition(folder, position, tree);
}

/** The proof of the leaf at tree position `position` from a tree folder's store. */
export async function readProofAtPosition(folder: string, position: number, tree: TreeFacts): Promise<InclusionProof> {
  const layout = storeLayout(tree.leafCount, tree.depth);
  const shardPath = join(folder, shardFile(Math.floor(position / 2 ** layout.shardHeight)));
  return proofFromShard(await readStoreFile(shardPath), position, tree, shardPath);
}

/**
 * A whole store file, read synchronously: it is small (a shard's size: docs/scale.md) and almost always
 * in the page cache, and an asynchronous read's round trips through libuv's thread pool made the slowest
 * lookups several times slower than the typical one.
 */
async function readStoreFile(path: string): Promise<Buffer> {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InputError(
      `cannot read the proof store (${(error as Error).message}); is this a folder written by 'solvent build'?`,
      { file: path },
    );
  }
}
