/**
 * The one way a build reads a CSV on threads, with this thread as the fallback. The file is cut after a
 * line end near each thread's share (findCuts), each thread reads its range (`range`, a task on the pool),
 * and this thread meanwhile hashes the file (sha256) and, when asked, counts the lines before each cut
 * (for line numbers). A cut can fall inside a quoted cell that holds a line end; the range before it then
 * ends inside a quote and fails. When any range fails with bad input, or `join` finds the ranges' result
 * unusable (a check only this thread's reading names exactly), the file is read again by `fallback`, on
 * this thread, which gives the same result or the same error (the first in the file) as a read that never
 * split it. Other failures are passed on once every range has ended (nothing still writes).
 */
import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { InputError } from "../errors.js";
import { fileChunks } from "../io/file-chunks.js";
import { parseHeaderRecord, type BalancesHeader } from "../io/balances-columns.js";
import type { HashPool } from "./hash-pool.js";

const LF = 10;
const QUOTE = 0x22;

/** What the cutting found: the header, each range's [start, end) in bytes, and a sample of the first rows. */
export interface Cuts {
  header: BalancesHeader;
  ranges: (readonly [number, number])[];
  sample: Uint8Array;
  size: number;
}

/** What this thread learnt while the ranges were read. */
export interface WholeFile {
  sha256: string;
  /** Line ends before each range's start (all zero unless `countLines`). */
  linesBefore: number[];
}

export async function readOnThreads<R, T>(
  file: string,
  pool: HashPool,
  options: {
    /** Files smaller than this are read by `fallback` (default 0). */
    minBytes?: number;
    countLines?: boolean;
    /** Before the ranges start (for instance, to reserve where they read into). */
    prepare?: (cuts: Cuts) => void;
    /** One range's read, on the pool. */
    range: (start: number, end: number, index: number, cuts: Cuts) => Promise<R>;
    /** The whole from the ranges' results, or undefined to read again with `fallback`. */
    join: (results: R[], cuts: Cuts, whole: WholeFile) => T | undefined | Promise<T | undefined>;
    /** The read on this thread. */
    fallback: () => Promise<T>;
  },
): Promise<T> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0 || size < (options.minBytes ?? 0) || pool.size < 2) return options.fallback();
  const found = await findCuts(file, size, pool.size);
  if (found === undefined) return options.fallback();
  const { header, bounds, sample } = found;
  const cuts: Cuts = {
    ...{ header, sample, size },
    ranges: bounds.slice(0, -1).map(([start], k) => [start, bounds[k + 1]![0]] as const),
  };
  options.prepare?.(cuts);
  const settled = Promise.allSettled(cuts.ranges.map(([start, end], k) => options.range(start, end, k, cuts)));
  const whole = await hashAndCountLines(file, options.countLines ? cuts.ranges.map(([start]) => start) : []).catch(
    async (error: unknown) => {
      await settled;
      throw error;
    },
  );
  if (!options.countLines) whole.linesBefore = cuts.ranges.map(() => 0);
  const results = await settled;
  const failure = results.find((r) => r.status === "rejected");
  if (failure !== undefined) {
    if (!(failure.reason instanceof InputError)) throw failure.reason;
    return options.fallback();
  }
  const values = results.map((r) => (r as PromiseFulfilledResult<R>).value);
  results.length = 0; // the ranges are held by `values` only, which `join` may empty as it goes
  return (await options.join(values, cuts, whole)) ?? options.fallback();
}

/**
 * The header, and where each thread's range starts: just after the first line end past an equal share.
 * Undefined (read it on one thread) when the header is not found in the first megabyte.
 */
export async function findCuts(
  file: string,
  size: number,
  threads: number,
): Promise<{ header: BalancesHeader; bounds: [number][]; sample: Uint8Array } | undefined> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    await handle.read(head, 0, head.length, 0);
    // The header's end: the first line end outside quotes.
    let quotes = 0;
    let headerEnd = -1;
    for (let i = 0; i < head.length; i++) {
      if (head[i] === QUOTE) quotes++;
      else if (head[i] === LF && quotes % 2 === 0) {
        headerEnd = i + 1;
        break;
      }
    }
    if (headerEnd < 0) return undefined;
    const header = parseHeaderRecord(head.subarray(0, headerEnd), file);
    const bounds: [number][] = [[headerEnd]];
    const window = Buffer.alloc(1 << 16);
    for (let k = 1; k < threads; k++) {
      const target = headerEnd + Math.floor(((size - headerEnd) * k) / threads);
      const { bytesRead } = await handle.read(window, 0, window.length, target);
      const at = window.subarray(0, bytesRead).indexOf(LF);
      if (at < 0) return undefined;
      const cut = target + at + 1;
      if (cut > bounds[bounds.length - 1]![0] && cut < size) bounds.push([cut]);
    }
    bounds.push([size]);
    return { header, bounds, sample: head.subarray(headerEnd) };
  } finally {
    await handle.close();
  }
}

/** sha256 of the file, and the line ends before each of `starts` (ascending). */
export async function hashAndCountLines(
  file: string,
  starts: number[],
): Promise<{ sha256: string; linesBefore: number[] }> {
  const hash = createHash("sha256");
  const linesBefore = starts.map(() => 0);
  let offset = 0;
  for await (const chunk of fileChunks(file)) {
    hash.update(chunk);
    for (let k = 0; k < starts.length; k++) {
      const stop = starts[k]! - offset;
      if (stop <= 0) continue;
      const limit = Math.min(stop, chunk.length);
      for (let at = chunk.indexOf(LF); at !== -1 && at < limit; at = chunk.indexOf(LF, at + 1)) linesBefore[k]!++;
    }
    offset += chunk.length;
  }
  return { sha256: hash.digest("hex"), linesBefore };
}
