/**
 * A part's share of the store's index (store/index, docs/spec.md), in one file, `index.bin`, instead of
 * one file per bucket: u32 bucket count B, then per bucket its entry count and byte length (u32 each), then
 * every bucket's entries (u32 tree position, u16 id length, id) in bucket order. The join concatenates the
 * parts' entries of each bucket, in part order, which is tree order: the bucket files of a single build.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../errors.js";
import { INDEX_HEADER_BYTES } from "./index-bucket.js";

export const PART_INDEX_FILE = "index.bin";

/** Bytes of entries gathered before one write: a part of a large tree has hundreds of thousands of buckets,
 * and a write per bucket cost seconds of round trips per part. */
const WRITE_CHUNK = 8 << 20;

/** Writes the part index from encodeIndexBuckets' output (each bucket with its header), owner-only. */
export async function writePartIndex(
  folder: string,
  buckets: Iterable<[number, Buffer]>,
  bucketCount: number,
): Promise<void> {
  const table = Buffer.alloc(4 + 8 * bucketCount);
  table.writeUInt32BE(bucketCount, 0);
  const file = await open(join(folder, PART_INDEX_FILE), "w", 0o600);
  try {
    let at = table.length;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const chunk = Buffer.concat(pending, pendingBytes);
      await file.write(chunk, 0, chunk.length, at);
      at += chunk.length;
      pending = [];
      pendingBytes = 0;
    };
    for (const [b, bytes] of buckets) {
      const entries = bytes.subarray(INDEX_HEADER_BYTES);
      table.writeUInt32BE(bytes.readUInt32BE(4), 4 + 8 * b);
      table.writeUInt32BE(entries.length, 8 + 8 * b);
      pending.push(entries);
      pendingBytes += entries.length;
      if (pendingBytes >= WRITE_CHUNK) await flush();
    }
    await flush();
    await file.write(table, 0, table.length, 0);
  } finally {
    await file.close();
  }
}

/** Reads a part's index file a range of buckets at a time. */
export class PartIndexReader {
  private constructor(
    private readonly file: Awaited<ReturnType<typeof open>>,
    private readonly path: string,
    readonly counts: Uint32Array,
    /** Byte offset of each bucket's entries, and one past the last. */
    readonly starts: Float64Array,
  ) {}

  static async open(folder: string, bucketCount: number): Promise<PartIndexReader> {
    const path = join(folder, PART_INDEX_FILE);
    const file = await open(path, "r").catch(() => {
      throw new InputError("no index.bin here; is this a part written by 'solvent build --partition'?", {
        file: path,
      });
    });
    const table = Buffer.alloc(4 + 8 * bucketCount);
    const { bytesRead } = await file.read(table, 0, table.length, 0);
    if (bytesRead !== table.length || table.readUInt32BE(0) !== bucketCount) {
      await file.close();
      throw new InputError("this part's index does not match its tree (bucket count); rebuild the part", {
        file: path,
      });
    }
    const counts = new Uint32Array(bucketCount);
    const starts = new Float64Array(bucketCount + 1);
    starts[0] = table.length;
    for (let b = 0; b < bucketCount; b++) {
      counts[b] = table.readUInt32BE(4 + 8 * b);
      starts[b + 1] = starts[b]! + table.readUInt32BE(8 + 8 * b);
    }
    return new PartIndexReader(file, path, counts, starts);
  }

  /** The entries of buckets [first, end), back to back. */
  async entries(first: number, end: number): Promise<Buffer> {
    const bytes = Buffer.alloc(this.starts[end]! - this.starts[first]!);
    const { bytesRead } = await this.file.read(bytes, 0, bytes.length, this.starts[first]!);
    if (bytesRead !== bytes.length)
      throw new InputError("this part's index is truncated; rebuild the part", { file: this.path });
    return bytes;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
