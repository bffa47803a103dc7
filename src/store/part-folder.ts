/**
 * The folder one part of a partitioned build writes (`solvent build --partition i/n`), and `solvent join`
 * reads: `part.json` (below), `store/shards/` (the part's full shards, with the siblings above them it
 * knows) and `index.bin` (its index entries, store/part-index.ts). Secret like the store: it holds salts.
 *
 * part.json: format, part, parts, assets, leafCount, depth, offset, count, asOf, input (as summary.json),
 * salts ("csv" or the build secret's fingerprint), blocks (the part's topmost nodes: level, index, record
 * as hex), fragments (the leaves of the shards it shares: first position, then per leaf the id, salt
 * and leaf record as hex) and, since v2, files (path, bytes and sha256 of every file the part wrote, which
 * the join checks: store/part-files.ts). Records are a node's 32-byte words, hash then sums, as the spec
 * hashes them. v1 parts (no files) are still read and joined, checked only by the join's sampled proofs.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import { fromHex, toHex, utf8Text } from "../spec/bytes.js";
import { nodeSize } from "../spec/encoding.js";
import { JsonFields } from "../io/json-fields.js";
import type { PartBlock, PartFragment } from "./build-store.js";
import type { PartFile } from "./part-files.js";

export const PART_FORMAT = "solvent-part-v2";
/** Parts written before they recorded their files' digests. */
const PART_FORMAT_V1 = "solvent-part-v1";
export const PART_FILE = "part.json";

export interface PartManifest {
  /** Where part.json, index.bin and store/shards are. */
  folder: string;
  part: number;
  parts: number;
  assets: Asset[];
  leafCount: number;
  depth: number;
  offset: number;
  count: number;
  asOf: bigint;
  input: { file: string; sha256: string; bytes: number };
  /** "csv" when the export gave the salts, else the build secret's fingerprint. */
  salts: string;
  blocks: PartBlock[];
  fragments: PartFragment[];
  /** Every file the part wrote, with its size and sha256 (absent in v1 parts). */
  files?: PartFile[];
}

export async function writePartManifest(
  folder: string,
  manifest: Omit<PartManifest, "folder" | "files"> & { files: PartFile[] },
): Promise<void> {
  const json = {
    format: PART_FORMAT,
    part: manifest.part,
    parts: manifest.parts,
    assets: manifest.assets,
    leafCount: manifest.leafCount,
    depth: manifest.depth,
    offset: manifest.offset,
    count: manifest.count,
    asOf: manifest.asOf.toString(),
    input: manifest.input,
    salts: manifest.salts,
    blocks: manifest.blocks.map((b) => ({ level: b.level, index: b.index, record: toHex(b.record) })),
    fragments: manifest.fragments.map((f) => {
      const size = f.records.length / f.ids.length;
      return {
        first: f.first,
        leaves: f.ids.map((id, i) => ({
          id: utf8Text(id),
          salt: toHex(f.salts.subarray(32 * i, 32 * i + 32)),
          record: toHex(f.records.subarray(size * i, size * (i + 1))),
        })),
      };
    }),
    files: manifest.files,
  };
  await writeFile(join(folder, PART_FILE), JSON.stringify(json, null, 2) + "\n", { mode: 0o600 });
}

export async function readPartManifest(folder: string): Promise<PartManifest> {
  const file = join(folder, PART_FILE);
  const text = await readFile(file, "utf8").catch(() => {
    throw new InputError(`no ${PART_FILE} here; is this a folder written by 'solvent build --partition'?`, { file });
  });
  const json = JsonFields.parse(text, file);
  const format = json.field("format").string();
  if (format !== PART_FORMAT && format !== PART_FORMAT_V1)
    json.field("format").fail(`must be ${PART_FORMAT} (or ${PART_FORMAT_V1})`);
  const assets = json
    .field("assets")
    .items()
    .map((a) => ({ symbol: a.field("symbol").string(), decimals: a.field("decimals").smallInteger(36) }));
  const size = nodeSize(assets.length);
  const record = (field: JsonFields) => fromHex(field.hex(size), size, "a record");
  const input = json.field("input");
  const max = Number.MAX_SAFE_INTEGER;
  return {
    folder,
    part: json.field("part").smallInteger(max),
    parts: json.field("parts").smallInteger(max),
    assets,
    leafCount: json.field("leafCount").smallInteger(2 ** 32 - 1),
    depth: json.field("depth").smallInteger(64),
    offset: json.field("offset").smallInteger(2 ** 32 - 1),
    count: json.field("count").smallInteger(2 ** 32 - 1),
    asOf: json.field("asOf").bigint(),
    input: {
      file: input.field("file").string(),
      sha256: input.field("sha256").string(),
      bytes: input.field("bytes").smallInteger(max),
    },
    salts: json.field("salts").string(),
    blocks: json
      .field("blocks")
      .items()
      .map((b) => ({
        level: b.field("level").smallInteger(64),
        index: b.field("index").smallInteger(max),
        record: record(b.field("record")),
      })),
    fragments: json
      .field("fragments")
      .items()
      .map((f) => {
        const leaves = f.field("leaves").items();
        const salts = new Uint8Array(32 * leaves.length);
        const records = new Uint8Array(size * leaves.length);
        const ids = leaves.map((leaf, i) => {
          salts.set(fromHex(leaf.field("salt").hex(32), 32, "a salt"), 32 * i);
          records.set(record(leaf.field("record")), size * i);
          return Buffer.from(leaf.field("id").string(), "utf8");
        });
        return { first: f.field("first").smallInteger(max), ids, salts, records };
      }),
    ...(format === PART_FORMAT
      ? {
          files: json
            .field("files")
            .items()
            .map((f) => ({
              path: f.field("path").string(),
              bytes: f.field("bytes").smallInteger(max),
              sha256: f.field("sha256").string(),
            })),
        }
      : {}),
  };
}
