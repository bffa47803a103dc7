/**
 * A file's bytes [start, end) in chunks read into one buffer, reused: each chunk is valid until the next is
 * asked for (the loop body must copy what it keeps). A stream would allocate a fresh buffer per chunk, and
 * fresh memory is what a large read pays for most (each new page is a fault; on some virtual machines a
 * fault costs more than the bytes).
 */
import { open } from "node:fs/promises";

/** 4 MiB: few reads, and a buffer large enough for huge pages (bin/huge-pages.mjs). */
const CHUNK_BYTES = 4 << 20;

export async function* fileChunks(
  file: string,
  range: { start?: number; end?: number } = {},
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const handle = await open(file, "r");
  try {
    const end = range.end ?? (await handle.stat()).size;
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, end - (range.start ?? 0))));
    for (let position = range.start ?? 0; position < end;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) break; // the file shrank while being read: what it holds now ends here
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
