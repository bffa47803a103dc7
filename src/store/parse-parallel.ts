/**
 * Reads a balances CSV into columns on every thread of the pool (store/read-on-threads.ts: the cuts, the
 * fallback to this thread): each thread parses its range into its place in the joined columns, and this
 * thread then joins them in order and checks what only the whole can show (duplicate ids, unless
 * `deferIdCheck` leaves that to the caller; column totals). Without a partition the threads also run the
 * batch step on their ranges (store/batch.ts): salts derived when the CSV has none (`saltsDerived`; the
 * salt slots hold the secret otherwise, as the reader leaves them), every row's key and leaf hashed
 * (`prehashed`).
 */
import { InputError } from "../errors.js";
import {
  expectRows,
  readBalancesColumns,
  refuseDuplicateIds,
  type BalancesColumns,
  type BalancesHeader,
  type ReadColumnsOptions,
} from "../io/balances-columns.js";
import { MAX_AMOUNT } from "../spec/encoding.js";
import { AMOUNT_BYTES } from "../spec/bytes.js";
import type { AccountColumns } from "../tree/columns.js";
import { KECCAK_SCHEME, type HashScheme } from "../tree/hash-scheme.js";
import type { HashPool, ParsePlace } from "./hash-pool.js";
import type { Partition } from "../tree/partition.js";
import type { Prehashed } from "./build-store.js";
import { readOnThreads } from "./read-on-threads.js";

/** Below this, one thread reads the file about as fast. */
const PARALLEL_FROM_BYTES = 1 << 20;

interface RangeRead {
  columns: AccountColumns;
  lines: Uint32Array;
  totals: bigint[];
  /** Rows of the range before the partition's key range, and all of them (all kept without a partition). */
  below: number;
  total: number;
  /** Without a partition: each row's key and leaf hash, made on the thread that read it. */
  prehashed?: { keys: Uint8Array; leafHashes: Uint8Array };
  /** Every row, key and leaf hash is in the range's place (nothing to copy but a move down). */
  placed?: boolean;
}

/** What a read on threads gives (after a fallback, a read on this thread's). */
export type ParallelRead = BalancesColumns & {
  saltsDerived: boolean;
  counted?: { below: number; total: number };
  /** The keys and leaf hashes the threads made (a whole read on threads). */
  prehashed?: Prehashed;
  /** With deferIdCheck after a read on threads: refuses a repeated id, naming its lines. */
  checkIds?: () => void;
  /**
   * After a read on threads, how the ranges' rows became one set of columns: "moved" down within the
   * buffers they were read into, or "copied" (a range outgrew its place, or a partition's read). For
   * tests and diagnostics.
   */
  joined?: "moved" | "copied";
};

export async function readBalancesParallel(
  file: string,
  pool: HashPool,
  options: {
    secret: Uint8Array;
    onProgress?: ReadColumnsOptions["onProgress"];
    /** Files smaller than this are read on this thread (default PARALLEL_FROM_BYTES; tests lower it). */
    minBytes?: number;
    /** Keep only this part's accounts (store/build-part.ts); `counted` then says how many came before, of all. */
    partition?: Partition;
    /** How to read on this thread instead (default: every row, as readBalancesColumns does). */
    fallback?: () => Promise<BalancesColumns>;
    /** Leave the repeated-id check to the caller: `checkIds` in the result (the tree builder runs it meanwhile). */
    deferIdCheck?: boolean;
    /** How the threads hash their rows (default keccak). */
    scheme?: HashScheme;
  },
): Promise<ParallelRead> {
  const scheme = options.scheme ?? KECCAK_SCHEME;
  // Without a partition every row is kept: the threads write straight into the joined columns. Dropped
  // (set undefined) once joined or given up, so a read on this thread does not hold it.
  let layout: RangeLayout | undefined;
  const readSequentially = () =>
    readBalancesColumns(file, {
      randomSalt: () => options.secret,
      shared: true,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      progressEvery: 10_000,
    });
  let rowsDone = 0;
  return readOnThreads<RangeRead, ParallelRead>(file, pool, {
    minBytes: options.minBytes ?? PARALLEL_FROM_BYTES,
    countLines: true,
    prepare: ({ ranges, sample, header }) => {
      layout = options.partition ? undefined : placeRanges(ranges, sample, header);
    },
    range: async (start, end, k, { header }) => {
      const read = (await pool.call({
        ...{ kind: "parse" as const, file, start, end, header, secret: options.secret, scheme: scheme.name },
        ...(layout ? { into: layout.places[k]! } : {}),
        ...(options.partition ? { partition: options.partition } : {}),
      })) as RangeRead;
      rowsDone += read.total;
      options.onProgress?.(rowsDone, end);
      return read;
    },
    join: (parts, { header, size }, { sha256, linesBefore }) => {
      const assetCount = header.assets.length;
      for (let a = 0; a < assetCount; a++) {
        if (parts.reduce((sum, p) => sum + p.totals[a]!, 0n) > MAX_AMOUNT) return undefined; // names the row
      }
      const counted = {
        below: parts.reduce((sum, p) => sum + p.below, 0),
        total: parts.reduce((sum, p) => sum + p.total, 0),
      };
      if (counted.total === 0) throw new InputError("the file has a header but no accounts", { file, line: 2 });
      const joined = layout !== undefined && parts.every((part) => part.placed) ? "moved" : "copied";
      const { columns, lines, prehashed } =
        joined === "moved"
          ? moveTogether(layout!, parts, linesBefore, assetCount)
          : joinColumns(parts, linesBefore, assetCount);
      layout = undefined;
      const checkIds = idCheck(columns, lines, file);
      if (!options.deferIdCheck) checkIds();
      const hasSaltColumn = header.firstAsset === 2;
      const facts = { assets: header.assets, columns, lines, hasSaltColumn, sha256, bytes: size };
      return {
        ...facts,
        saltsDerived: !hasSaltColumn,
        ...(options.partition ? { counted } : {}),
        ...(prehashed ? { prehashed } : {}),
        ...(options.deferIdCheck ? { checkIds } : {}),
        joined,
      };
    },
    fallback: async () => {
      layout = undefined;
      return { ...(await (options.fallback ?? readSequentially)()), saltsDerived: false };
    },
  });
}

/** The repeated-id check of joined columns; made here so that it holds those and nothing of the read. */
function idCheck(columns: AccountColumns, lines: Uint32Array, file: string): () => void {
  return () => refuseDuplicateIds(columns, lines, file);
}

/** The joined columns' buffers, reserved before the read, and each range's place in them. */
interface RangeLayout {
  places: ParsePlace[];
  /** Where each range's place starts: its first row, its first id byte. */
  rowStarts: number[];
  idStarts: number[];
  buffers: ParsePlace;
}

/**
 * Reserves shared buffers for every range's expected rows (estimated from `sample`, a little over, and never
 * more than the range could hold) and cuts a place for each; undefined when they cannot be had (the ranges
 * then use buffers of their own). Pages never written are never backed by memory; the estimate's slack
 * (a few percent) stays resident once the rows are moved down. A range with more rows or id bytes than
 * its place holds continues in buffers of its own.
 */
function placeRanges(
  ranges: (readonly [number, number])[],
  sample: Uint8Array,
  header: BalancesHeader,
): RangeLayout | undefined {
  const assetCount = header.assets.length;
  // A row is at least one byte a cell and one a separator or line end: a bound for any sample's estimate.
  const fewestRowBytes = 2 * (header.firstAsset + assetCount);
  const expected = ranges.map(([start, end]) => {
    const { rows, idBytes } = expectRows(sample, end - start);
    return {
      rows: Math.min(rows, Math.ceil((end - start) / fewestRowBytes) + 16),
      idBytes: Math.min(idBytes, end - start),
    };
  });
  try {
    return cutPlaces(expected, assetCount);
  } catch (error) {
    // A reservation larger than the machine allows (a RangeError): read as without places.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function cutPlaces(expected: { rows: number; idBytes: number }[], assetCount: number): RangeLayout {
  // Each place holds one row more than expected, as the reader's own buffers do.
  const rowStarts = expected.map((_, k) => expected.slice(0, k).reduce((sum, e) => sum + e.rows + 1, 0));
  const idStarts = expected.map((_, k) => expected.slice(0, k).reduce((sum, e) => sum + e.idBytes, 0));
  const rows = expected.reduce((sum, e) => sum + e.rows + 1, 0);
  const idBytes = expected.reduce((sum, e) => sum + e.idBytes, 0);
  const perRow = AMOUNT_BYTES * assetCount;
  const shared = (bytes: number) => new Uint8Array(new SharedArrayBuffer(bytes));
  const buffers: ParsePlace = {
    rows,
    ids: shared(idBytes),
    idOffsets: new Uint32Array(new SharedArrayBuffer(4 * rows)),
    salts: shared(32 * rows),
    balances: shared(perRow * rows),
    lines: new Uint32Array(new SharedArrayBuffer(4 * rows)),
    keys: shared(32 * rows),
    leafHashes: shared(32 * rows),
  };
  const places = expected.map(({ rows: placeRows, idBytes: placeIdBytes }, k): ParsePlace => {
    const [from, to] = [rowStarts[k]!, rowStarts[k]! + placeRows + 1];
    return {
      rows: placeRows,
      ids: buffers.ids.subarray(idStarts[k]!, idStarts[k]! + placeIdBytes),
      idOffsets: buffers.idOffsets.subarray(from, to),
      salts: buffers.salts.subarray(32 * from, 32 * to),
      balances: buffers.balances.subarray(perRow * from, perRow * to),
      lines: buffers.lines.subarray(from, to),
      keys: buffers.keys.subarray(32 * from, 32 * to),
      leafHashes: buffers.leafHashes.subarray(32 * from, 32 * to),
    };
  });
  return { places, rowStarts, idStarts, buffers };
}

/**
 * The joined columns from ranges that each filled their place: each range's rows move down to follow the
 * previous range's (a move within the buffers: no new memory), id offsets and line numbers made whole.
 * Every move goes to a lower address or stays, so copying in ascending order never overwrites rows not
 * yet moved.
 */
function moveTogether(
  layout: RangeLayout,
  parts: RangeRead[],
  linesBefore: number[],
  assetCount: number,
): { columns: AccountColumns; lines: Uint32Array; prehashed: Prehashed } {
  const { ids, idOffsets, salts, balances, lines, keys, leafHashes } = layout.buffers;
  const perRow = AMOUNT_BYTES * assetCount;
  let row = 0;
  let idAt = 0;
  parts.forEach((part, k) => {
    const count = part.columns.count;
    const from = layout.rowStarts[k]!;
    const idFrom = layout.idStarts[k]!;
    const partIdBytes = idOffsets[from + count]!;
    ids.copyWithin(idAt, idFrom, idFrom + partIdBytes);
    for (let i = 0; i <= count; i++) idOffsets[row + i] = idAt + idOffsets[from + i]!;
    for (let i = 0; i < count; i++) lines[row + i] = linesBefore[k]! + lines[from + i]!;
    for (const [column, width] of [
      [salts, 32],
      [balances, perRow],
      [keys, 32],
      [leafHashes, 32],
    ] as const)
      column.copyWithin(width * row, width * from, width * (from + count));
    row += count;
    idAt += partIdBytes;
  });
  const columns = {
    count: row,
    ids: ids.subarray(0, idAt),
    idOffsets: idOffsets.subarray(0, row + 1),
    salts: salts.subarray(0, 32 * row),
    balances: balances.subarray(0, perRow * row),
  };
  const prehashed = { keys: keys.subarray(0, 32 * row), leafHashes: leafHashes.subarray(0, 32 * row) };
  return { columns, lines: lines.subarray(0, row), prehashed };
}

/** The ranges' columns one after another, in shared memory; line numbers made whole-file. */
function joinColumns(
  parts: RangeRead[],
  linesBefore: number[],
  assetCount: number,
): { columns: AccountColumns; lines: Uint32Array; prehashed?: Prehashed } {
  const shared = (bytes: number) => new Uint8Array(new SharedArrayBuffer(bytes));
  const count = parts.reduce((sum, p) => sum + p.columns.count, 0);
  const idBytes = parts.reduce((sum, p) => sum + p.columns.idOffsets[p.columns.count]!, 0);
  const perRow = AMOUNT_BYTES * assetCount;
  const ids = shared(idBytes);
  const idOffsets = new Uint32Array(shared(4 * (count + 1)).buffer);
  const salts = shared(32 * count);
  const balances = shared(perRow * count);
  const lines = new Uint32Array(count);
  const hashed = parts.every((p) => p.prehashed !== undefined);
  const keys = hashed ? shared(32 * count) : undefined;
  const leafHashes = hashed ? shared(32 * count) : undefined;
  let row = 0;
  let idAt = 0;
  parts.forEach((part, k) => {
    const c = part.columns;
    // Each range's buffers are dropped once copied, though they are freed only when collected: for a moment
    // the ranges and the joined columns are held together (the in-memory build's peak).
    parts[k] = undefined as unknown as RangeRead;
    const partIdBytes = c.idOffsets[c.count]!;
    ids.set(c.ids.subarray(0, partIdBytes), idAt);
    for (let i = 1; i <= c.count; i++) idOffsets[row + i] = idAt + c.idOffsets[i]!;
    salts.set(c.salts.subarray(0, 32 * c.count), 32 * row);
    balances.set(c.balances.subarray(0, perRow * c.count), perRow * row);
    for (let i = 0; i < c.count; i++) lines[row + i] = linesBefore[k]! + part.lines[i]!;
    keys?.set(part.prehashed!.keys, 32 * row);
    leafHashes?.set(part.prehashed!.leafHashes, 32 * row);
    row += c.count;
    idAt += partIdBytes;
  });
  const columns = { count, ids, idOffsets, salts, balances };
  return { columns, lines, ...(keys && leafHashes ? { prehashed: { keys, leafHashes } } : {}) };
}
