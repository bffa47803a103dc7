/**
 * The digests a part records of every file it wrote (part.json `files`), and their checks. `solvent join`
 * takes a part's bytes only once they match what the part recorded, so a part folder cut short in a copy,
 * or with one flipped byte, is refused by name instead of joining into a tree whose customers' proofs fail
 * (an epoch, once posted, cannot be taken back).
 */
import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { fileChunks } from "../io/file-chunks.js";
import { shardFile } from "./format/layout.js";
import { PART_INDEX_FILE } from "./format/part-index.js";

export interface PartFile {
  /** Relative to the part's folder, with "/" between names. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The digests of every file a part wrote into `folder`: its index and its shards, by path. */
export async function digestPartFiles(folder: string): Promise<PartFile[]> {
  const shards = (await readdir(join(folder, "store", "shards")).catch(() => [] as string[])).filter((name) =>
    name.endsWith(".bin"),
  );
  const paths = [PART_INDEX_FILE, ...shards.sort().map((name) => `store/shards/${name}`)];
  const files: PartFile[] = [];
  for (const path of paths) {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of fileChunks(join(folder, path))) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    files.push({ path, bytes, sha256: hash.digest("hex") });
  }
  return files;
}

/** The recorded digest of shard `s` of a part; a part that records digests records every file it wrote. */
export function shardDigest(files: ReadonlyMap<string, PartFile>, s: number, part: string): PartFile {
  const path = shardFile(s).split("\\").join("/");
  const file = files.get(path);
  if (file === undefined)
    throw new InputError(
      `${part} records no digest of ${path}, which the join needs: its part.json does not belong to these files; build the part again`,
    );
  return file;
}

/** Throws unless `bytes` are the recorded file's. */
export function checkPartBytes(bytes: Uint8Array, file: PartFile, part: string): void {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (bytes.length !== file.bytes || sha256 !== file.sha256) throw damaged(file, part, bytes.length, sha256);
}

/** Throws unless the file at `folder`/`file.path` is the recorded one (read in chunks: an index can be large). */
export async function checkPartFile(folder: string, file: PartFile, part: string): Promise<void> {
  const path = join(folder, file.path);
  await stat(path).catch(() => {
    throw new InputError(
      `${part} lacks its file ${file.path}: copy the part's folder again whole, or build the part again`,
    );
  });
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of fileChunks(path)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const sha256 = hash.digest("hex");
  if (bytes !== file.bytes || sha256 !== file.sha256) throw damaged(file, part, bytes, sha256);
}

function damaged(file: PartFile, part: string, bytes: number, sha256: string): InputError {
  return new InputError(
    `${part}: ${file.path} is not the file the part wrote (${bytes} bytes, sha256 ${sha256}; recorded ${file.bytes} bytes, sha256 ${file.sha256}). A copy was cut short or the file changed: copy the part's folder again whole, or build the part again`,
  );
}
