import { expect } from "chai";
import fc from "fast-check";
import { fileChunks } from "../../src/io/file-chunks.js";
import { writeTemp } from "../helpers/files.js";

describe("reading a file in chunks into one buffer", function () {
  it("gives exactly bytes [start, end), whatever the chunk size (property)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        async (bytes, a, b, chunkBytes) => {
          const file = await writeTemp("bytes.bin", bytes);
          const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
          const end = start + (b % (bytes.length - start + 1));
          const chunks: Buffer[] = [];
          // Each chunk is copied: the next read reuses its buffer.
          for await (const chunk of fileChunks(file, { start, end }, chunkBytes)) chunks.push(Buffer.from(chunk));
          expect(Buffer.concat(chunks).equals(Buffer.from(bytes.subarray(start, end)))).to.equal(true);
          expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= chunkBytes)).to.equal(true);
          const whole: Buffer[] = [];
          for await (const chunk of fileChunks(file, {}, chunkBytes)) whole.push(Buffer.from(chunk));
          expect(Buffer.concat(whole).equals(Buffer.from(bytes))).to.equal(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
