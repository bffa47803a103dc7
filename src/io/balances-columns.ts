/**
 * Streams a balances CSV straight into account columns (src/tree/columns.ts): no object per account and
 * no bigint for ordinary amounts, so exports of millions of rows parse in seconds and in a few bytes per
 * cell. The rules and messages are those of the format (README, "Your own data"): every problem is an
 * InputError naming file, line and column and what to do.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { InputError } from "../errors.js";
import { ASSET_NOTATION_HELP, MAX_ASSETS, parseAssetNotation, type Asset } from "../spec/assets.js";
import { AMOUNT_BYTES, readAmount, writeAmount } from "../spec/bytes.js";
import { MAX_AMOUNT } from "../spec/encoding.js";
import type { AccountColumns } from "../tree/columns.js";
import { findDuplicateId } from "../tree/duplicate-ids.js";
import { CsvRecords } from "./csv-records.js";
import { fileChunks } from "./file-chunks.js";
import { parseDisplayAmount } from "./decimal.js";

/** A parsed balances export: assets from the header, the accounts as columns, and the file's hash. */
export interface BalancesColumns {
  assets: Asset[];
  columns: AccountColumns;
  /** The line of each account, for messages. */
  lines: Uint32Array;
  hasSaltColumn: boolean;
  /** sha256 of the file's bytes, recorded in summary.json so anyone can tie a tree to its input. */
  sha256: string;
  bytes: number;
  /** With `range`: per asset, the exact total of the rows read. */
  totals?: bigint[];
}

export interface ReadColumnsOptions {
  /** Salts for rows without a salt column. */
  randomSalt: () => Uint8Array;
  /** Put the columns in SharedArrayBuffers, for worker threads. */
  shared?: boolean;
  /** Called every `progressEvery` rows with the rows and bytes read so far. */
  onProgress?: (rows: number, bytesRead: number) => void;
  progressEvery?: number;
  /**
   * Keep only some rows (a part of a partitioned build): every `batchRows` rows, and at the end, `select`
   * gets the rows read since the last call and returns which to keep (ascending indexes into the batch);
   * the rest are dropped, so memory holds the kept rows and one batch. Every row is still checked (cells,
   * column totals); duplicates only among the kept rows. `select` may rewrite the batch's salts in place.
   * `expectedShare` (about the fraction kept) sizes the buffers.
   */
  filter?: {
    batchRows: number;
    expectedShare: number;
    select: (batch: AccountColumns, hasSaltColumn: boolean) => Promise<Uint32Array>;
  };
  /**
   * Read only bytes [start, end) of the file, whole records under `header` (a thread's share of a parallel
   * read): lines count from 1 at `start`, no sha256, no duplicate check (the caller checks the whole), and
   * the exact column totals are returned.
   */
  range?: { start: number; end: number; header: BalancesHeader; into?: RowPlace };
}

/**
 * Where a range's rows go while they fit (a parallel read's share of the joined columns): views of
 * buffers shared with the other ranges, with room for `rows` rows and `ids.length` id bytes. A column
 * that outgrows its place continues in a buffer of the reader's own (its rows so far copied there), and
 * the caller then copies the range as it would without a place.
 */
export interface RowPlace {
  rows: number;
  ids: Uint8Array;
  /** rows + 1 entries. */
  idOffsets: Uint32Array;
  /** 32 (rows + 1) bytes. */
  salts: Uint8Array;
  /** AMOUNT_BYTES × assets × (rows + 1) bytes. */
  balances: Uint8Array;
  /** rows + 1 entries. */
  lines: Uint32Array;
}

/**
 * The rows and id bytes to expect in `length` bytes of a file whose lines look like those of `sample`
 * (a chunk of it): a little over, so that buffers sized by it rarely grow.
 */
export function expectRows(sample: Uint8Array, length: number): { rows: number; idBytes: number } {
  let lineEnds = 0;
  let firstFields = 0;
  for (let start = 0, at = sample.indexOf(10); at !== -1; start = at + 1, at = sample.indexOf(10, at + 1)) {
    // Blank lines are no rows.
    if (at === start || (at === start + 1 && sample[start] === 13)) continue;
    lineEnds++;
    const comma = sample.indexOf(44, start);
    firstFields += (comma === -1 || comma > at ? at : comma) - start;
  }
  const rows = Math.ceil(((lineEnds + 1) / Math.max(1, sample.length)) * length * 1.02) + 16;
  const idBytes = Math.ceil((firstFields / Math.max(1, lineEnds)) * rows * 1.05) + (1 << 16);
  return { rows, idBytes };
}

/** What the header says: the assets, and whether a salt column comes first. */
export interface BalancesHeader {
  assets: Asset[];
  /** Index of the first asset column: 1 without a salt column, 2 with one. */
  firstAsset: number;
}

const SALT = /^0x[0-9a-fA-F]{64}$/;
const TWO_POW_32 = 2 ** 32;
/** 10^k for the scales amounts take, computed as `10 ** k` computes it: a lookup, not a pow call per cell. */
const POWERS_OF_TEN = Float64Array.from({ length: 81 }, (_, k) => 10 ** k);
const powerOfTen = (k: number) => (k < POWERS_OF_TEN.length ? POWERS_OF_TEN[k]! : 10 ** k);
const limbs = new Float64Array(8);

/**
 * Writes value × 10^scale (value an integer below 2^53) as the 16 big-endian bytes at `target[at…]`,
 * multiplying 16-bit limbs by powers of ten (each product stays below 2^53, so doubles are exact).
 * Returns false, writing nothing, when the result would reach 2^128.
 */
function scaleInto(value: number, scale: number, target: Uint8Array, at: number): boolean {
  // Most amounts in base units stay below 2^53: then one product of doubles is exact (both factors are
  // integers and so is the result) and its two 32-bit halves are the low 8 bytes.
  if (scale <= 15) {
    const units = value * POWERS_OF_TEN[scale]!;
    if (units <= Number.MAX_SAFE_INTEGER) {
      const high = Math.floor(units / TWO_POW_32);
      const low = units - high * TWO_POW_32;
      for (let b = 0; b < 8; b++) target[at + b] = 0;
      target[at + 8] = 0;
      target[at + 9] = high >>> 16;
      target[at + 10] = (high >>> 8) & 0xff;
      target[at + 11] = high & 0xff;
      target[at + 12] = low >>> 24;
      target[at + 13] = (low >>> 16) & 0xff;
      target[at + 14] = (low >>> 8) & 0xff;
      target[at + 15] = low & 0xff;
      return true;
    }
  }
  // Divisions by powers of two and floor, not %, which is a slow fmod on doubles.
  const high = Math.floor(value / TWO_POW_32);
  const low = value - high * TWO_POW_32;
  limbs.fill(0);
  limbs[0] = low & 0xffff;
  limbs[1] = low >>> 16;
  limbs[2] = high & 0xffff;
  limbs[3] = high >>> 16;
  for (let left = scale; left > 0; left -= 9) {
    const factor = POWERS_OF_TEN[Math.min(9, left)]!;
    let carry = 0;
    for (let l = 0; l < 8; l++) {
      const product = limbs[l]! * factor + carry;
      carry = Math.floor(product / 65_536);
      limbs[l] = product - carry * 65_536;
    }
    if (carry !== 0) return false;
  }
  for (let l = 0; l < 8; l++) {
    target[at + 15 - 2 * l] = limbs[l]! & 0xff;
    target[at + 14 - 2 * l] = limbs[l]! >>> 8;
  }
  return true;
}

/**
 * The fast path of every amount: bytes [start, end) of a cell, digits with at most one inner '.' and no
 * more fraction digits than `decimals`, written as base units (16 big-endian bytes at `target[at…]`).
 * Up to 15 significant digits (a double holds them exactly) go through scaleInto; more (a full-precision
 * ETH balance has 20) through wideAmountInto. Returns the amount in base units as a double (for the
 * running total), or -1, writing nothing, for anything else, including an amount of 2^128 or more: the
 * caller then parses the cell's text exactly (parseDisplayAmount), which accepts or words the error. UTF-8
 * gives no ASCII byte for any other character, so a cell's bytes and its text take the same path.
 */
export function scaleAmount(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimals: number,
  target: Uint8Array,
  at: number,
): number {
  let value = 0;
  let significant = 0;
  let fraction = -1;
  if (end <= start) return -1;
  for (let c = start; c < end; c++) {
    const code = bytes[c]!;
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      if (value > 0) significant++;
      if (fraction >= 0) fraction++;
    } else if (code === 46 && fraction < 0 && c > start && c < end - 1) {
      fraction = 0;
    } else {
      return -1;
    }
  }
  const scale = decimals - Math.max(fraction, 0);
  if (scale < 0) return -1;
  if (significant > 15) return wideAmountInto(bytes, start, end, scale, target, at);
  if (!scaleInto(value, scale, target, at)) return -1;
  return value * powerOfTen(scale);
}

/**
 * An amount of more than 15 significant digits (its cell already checked to be digits with at most one
 * inner '.'), times 10^scale, into 16 big-endian bytes at `target[at…]`: the digits nine at a time into
 * 16-bit limbs held in doubles (each product and carry stays below 2^53, so every step is exact), no
 * bigint. Returns the amount as a double, or -1, writing nothing, from 2^128 on.
 */
function wideAmountInto(bytes: Uint8Array, start: number, end: number, scale: number, target: Uint8Array, at: number) {
  limbs.fill(0);
  let chunk = 0;
  let digits = 0;
  for (let c = start; c < end; c++) {
    const code = bytes[c]!;
    if (code === 46) continue;
    chunk = chunk * 10 + (code - 48);
    if (++digits === 9) {
      if (!multiplyAdd(POWERS_OF_TEN[9]!, chunk)) return -1;
      chunk = 0;
      digits = 0;
    }
  }
  if (digits > 0 && !multiplyAdd(POWERS_OF_TEN[digits]!, chunk)) return -1;
  for (let left = scale; left > 0; left -= 9) if (!multiplyAdd(POWERS_OF_TEN[Math.min(9, left)]!, 0)) return -1;
  let approximate = 0;
  for (let l = 7; l >= 0; l--) {
    approximate = approximate * 65_536 + limbs[l]!;
    target[at + 15 - 2 * l] = limbs[l]! & 0xff;
    target[at + 14 - 2 * l] = limbs[l]! >>> 8;
  }
  return approximate;
}

/** limbs = limbs × factor + addend (factor ≤ 10^9, addend < 10^9); false when the result reaches 2^128. */
function multiplyAdd(factor: number, addend: number): boolean {
  let carry = addend;
  for (let l = 0; l < 8; l++) {
    const product = limbs[l]! * factor + carry;
    carry = Math.floor(product / 65_536);
    limbs[l] = product - carry * 65_536;
  }
  return carry === 0;
}

/** A salt cell's bytes [start, end) into `target[at…]` when they are what SALT matches; false otherwise. */
function hexSaltInto(bytes: Uint8Array, start: number, end: number, target: Uint8Array, at: number): boolean {
  if (end - start !== 66 || bytes[start] !== 48 || bytes[start + 1] !== 120) return false;
  for (let k = 0; k < 32; k++) {
    const high = hexDigit(bytes[start + 2 + 2 * k]!);
    const low = hexDigit(bytes[start + 3 + 2 * k]!);
    if (high < 0 || low < 0) return false;
    target[at + k] = (high << 4) | low;
  }
  return true;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

export async function readBalancesColumns(file: string, options: ReadColumnsOptions): Promise<BalancesColumns> {
  const size = await stat(file).then(
    (s) => s.size,
    (error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot read the balances file (${error.code ?? error.message})`, { file });
    },
  );
  if (size === 0)
    throw new InputError("the file is empty; expected a header like account,BTC:8,ETH:18", { file, line: 1 });
  const { range } = options;
  const length = range ? range.end - range.start : size;

  let header: Header | undefined = range?.header;
  let rows: RowWriter | undefined;
  // Rows expected in the whole file, from the line ends in its first chunk (a little over, so that the
  // buffers rarely grow).
  let expectedRows = 0;
  // Id bytes expected in the whole file, from the first fields of the first chunk's lines (a little over).
  let expectedIdBytes = 0;
  const rowRead = () => {
    if (options.onProgress && rows!.read % (options.progressEvery ?? 100_000) === 0)
      options.onProgress(rows!.read, bytesRead);
  };
  const parser = new CsvRecords(
    file,
    (cells, line) => {
      if (header === undefined) {
        header = parseHeader(cells, file, line);
        const share = options.filter ? options.filter.expectedShare : 1;
        const capacity = Math.ceil(expectedRows * share) + (options.filter?.batchRows ?? 0);
        rows = new RowWriter(
          header,
          file,
          options.randomSalt,
          capacity,
          Math.ceil(expectedIdBytes * (capacity / Math.max(1, expectedRows))),
          options.shared ?? false,
        );
        return;
      }
      rows!.add(cells, line);
      rowRead();
    },
    (data, starts, ends, count, line) => {
      // Rows without quotes, as bytes; the header always goes through the strings above.
      if (header === undefined || !rows!.addBytes(data, starts, ends, count, line)) return false;
      rowRead();
      return true;
    },
  );
  const hash = createHash("sha256");
  let bytesRead = 0;
  // Each chunk is read into one reused buffer: everything below copies what it keeps.
  for await (const chunk of fileChunks(file, range ? { start: range.start, end: range.end } : {})) {
    if (bytesRead === 0) {
      ({ rows: expectedRows, idBytes: expectedIdBytes } = expectRows(chunk, length));
      if (range)
        rows = new RowWriter(
          range.header,
          file,
          options.randomSalt,
          expectedRows,
          expectedIdBytes,
          options.shared ?? false,
          range.into,
        );
    }
    if (!range) hash.update(chunk); // a range's caller hashes the whole file
    bytesRead += chunk.length;
    parser.push(chunk);
    if (options.filter && rows !== undefined && rows.pending >= options.filter.batchRows)
      await rows.flush(options.filter.select);
  }
  parser.end();
  if (options.filter && rows !== undefined) await rows.flush(options.filter.select);
  if (header === undefined || rows === undefined)
    throw new InputError("the file has no header; expected a header like account,BTC:8,ETH:18", { file, line: 1 });
  if (rows.read === 0 && !range) throw new InputError("the file has a header but no accounts", { file, line: 2 });
  options.onProgress?.(rows.read, bytesRead);
  const { columns, lines } = rows.finish();
  const facts = { assets: header.assets, columns, lines, hasSaltColumn: header.firstAsset === 2 };
  if (range) {
    // The rows kept, and those a filter dropped.
    const totals = exactTotals(columns, header.assets.length).map((total, a) => total + rows!.droppedTotal(a));
    return { ...facts, sha256: "", bytes: bytesRead, totals };
  }
  refuseDuplicateIds(columns, lines, file);
  return { ...facts, sha256: hash.digest("hex"), bytes: bytesRead };
}

/** Refuses two rows for one account, naming both lines. */
export function refuseDuplicateIds(columns: AccountColumns, lines: Uint32Array, file: string): void {
  const duplicate = findDuplicateId(columns);
  if (duplicate !== undefined) {
    const [first, second] = duplicate.map((i) => lines[i]!);
    const id = Buffer.from(
      columns.ids.subarray(columns.idOffsets[duplicate[1]]!, columns.idOffsets[duplicate[1] + 1]!),
    ).toString("utf8");
    throw new InputError(
      `account ${JSON.stringify(id)} appears twice, on lines ${first} and ${second}; merge them into one row`,
      { file, line: second, column: 1 },
    );
  }
}

/** Per asset, the exact sum of the columns' balances: 32-bit limbs in doubles, carried into a bigint often enough. */
export function exactTotals(columns: AccountColumns, assetCount: number): bigint[] {
  const view = new DataView(columns.balances.buffer, columns.balances.byteOffset, columns.balances.byteLength);
  const totals = new Array<bigint>(assetCount).fill(0n);
  const limbs = new Float64Array(4 * assetCount);
  const carry = () => {
    for (let a = 0; a < assetCount; a++) {
      let sum = 0n;
      for (let w = 0; w < 4; w++) sum = (sum << 32n) + BigInt(limbs[4 * a + w]!);
      totals[a]! += sum;
    }
    limbs.fill(0);
  };
  for (let i = 0; i < columns.count; i++) {
    const at = AMOUNT_BYTES * assetCount * i;
    for (let w = 0; w < 4 * assetCount; w++) limbs[w]! += view.getUint32(at + 4 * w);
    // Each limb sum stays below 2^53: at most 2^20 additions of values below 2^32.
    if ((i & 0xfffff) === 0xfffff) carry();
  }
  carry();
  return totals;
}

/** The header of a balances CSV from the bytes of its first record. */
export function parseHeaderRecord(bytes: Buffer, file: string): BalancesHeader {
  let header: BalancesHeader | undefined;
  const parser = new CsvRecords(file, (cells, line) => (header ??= parseHeader(cells, file, line)));
  parser.push(bytes);
  parser.end();
  if (header === undefined)
    throw new InputError("the file has no header; expected a header like account,BTC:8,ETH:18", { file, line: 1 });
  return header;
}

type Header = BalancesHeader;

/** Appends rows to growing column buffers, checking each cell; with a filter, keeps only some. */
class RowWriter {
  /** Rows in the buffers: the kept ones, then the batch not yet filtered. */
  count = 0;
  /** Rows read in all, kept or not. */
  read = 0;
  /** Rows [0, kept) passed the filter. */
  private kept = 0;
  /** Per asset, the exact total of the rows the filter dropped. */
  private readonly dropped: bigint[];
  private ids: Buffer;
  private idBytes = 0;
  private idOffsets: Uint32Array;
  private salts: Uint8Array;
  private balances: Uint8Array;
  private lines: Uint32Array;
  private readonly assetCount: number;
  /** Per asset, the column total as a double, until it nears 2^128 … */
  private readonly approximate: number[];
  /** … and from then on exactly. */
  private readonly exact: (bigint | undefined)[];
  /** addBytes' amounts of the row, as doubles, until the row is kept. */
  private readonly scratchTotals: Float64Array;
  /** writeAmount's cell text as UTF-8 (at most 3 bytes a UTF-16 unit, so 64 units fit). */
  private readonly amountText = Buffer.alloc(192);

  /**
   * The per-row buffers are sized for `expectedRows` (estimated from the file) and allocated where they
   * will stay (shared or not), so a large file neither doubles them nor copies them at the end.
   */
  constructor(
    private readonly header: Header,
    private readonly file: string,
    private readonly randomSalt: () => Uint8Array,
    expectedRows: number,
    expectedIdBytes: number,
    private readonly shared: boolean,
    into?: RowPlace,
  ) {
    this.assetCount = header.assets.length;
    if (into) {
      this.ids = Buffer.from(into.ids.buffer, into.ids.byteOffset, into.ids.byteLength);
      this.idOffsets = into.idOffsets;
      this.lines = into.lines;
      this.salts = into.salts;
      this.balances = into.balances;
      // The range's first id starts at byte 0 of its place (a fresh buffer holds 0 there already).
      this.idOffsets[0] = 0;
    } else {
      this.ids = this.allocateBuffer(Math.max(1 << 16, expectedIdBytes));
      const capacity = Math.max(16, expectedRows);
      this.idOffsets = new Uint32Array(this.allocate(4 * (capacity + 1)).buffer);
      this.lines = new Uint32Array(capacity + 1);
      this.salts = this.allocate(32 * (capacity + 1));
      this.balances = this.allocate(AMOUNT_BYTES * this.assetCount * (capacity + 1));
    }
    this.approximate = header.assets.map(() => 0);
    this.exact = header.assets.map(() => undefined);
    this.scratchTotals = new Float64Array(this.assetCount);
    this.dropped = header.assets.map(() => 0n);
  }

  /** The exact total of asset a over the rows the filter dropped. */
  droppedTotal(a: number): bigint {
    return this.dropped[a]!;
  }

  get pending(): number {
    return this.count - this.kept;
  }

  /** Filters the rows read since the last flush: the chosen move down after the kept ones, the rest go. */
  async flush(select: (batch: AccountColumns, hasSaltColumn: boolean) => Promise<Uint32Array>): Promise<void> {
    const first = this.kept;
    const count = this.count - first;
    if (count === 0) return;
    const perRow = AMOUNT_BYTES * this.assetCount;
    const batch: AccountColumns = {
      count,
      // Offsets stay absolute: the ids are the whole buffer.
      ids: this.ids,
      idOffsets: this.idOffsets.subarray(first, this.count + 1),
      salts: this.salts.subarray(32 * first, 32 * this.count),
      balances: this.balances.subarray(perRow * first, perRow * this.count),
    };
    const chosen = await select(batch, this.header.firstAsset === 2);
    this.addDropped(first, count, chosen);
    let to = first;
    for (const j of chosen) {
      const from = first + j;
      const start = this.idOffsets[from]!;
      const length = this.idOffsets[from + 1]! - start;
      const at = this.idOffsets[to]!;
      if (from !== to) {
        this.ids.copyWithin(at, start, start + length);
        this.salts.copyWithin(32 * to, 32 * from, 32 * from + 32);
        this.balances.copyWithin(perRow * to, perRow * from, perRow * (from + 1));
        this.lines[to] = this.lines[from]!;
      }
      this.idOffsets[to + 1] = at + length;
      to++;
    }
    this.kept = this.count = to;
    this.idBytes = this.idOffsets[to]!;
  }

  /** Adds the dropped rows of the batch to the exact dropped totals: 32-bit limbs in doubles, then one bigint. */
  private addDropped(first: number, count: number, chosen: Uint32Array): void {
    const view = new DataView(this.balances.buffer, this.balances.byteOffset, this.balances.byteLength);
    const limbs = new Float64Array(4 * this.assetCount);
    let next = 0;
    for (let j = 0; j < count; j++) {
      if (next < chosen.length && chosen[next] === j) {
        next++;
        continue;
      }
      const at = AMOUNT_BYTES * this.assetCount * (first + j);
      for (let w = 0; w < 4 * this.assetCount; w++) limbs[w]! += view.getUint32(at + 4 * w);
    }
    // A batch holds far fewer than 2^21 rows, so no limb sum reaches 2^53.
    for (let a = 0; a < this.assetCount; a++) {
      let sum = 0n;
      for (let w = 0; w < 4; w++) sum = (sum << 32n) + BigInt(limbs[4 * a + w]!);
      this.dropped[a]! += sum;
    }
  }

  /**
   * add() for a record given as byte ranges of `data` (no quoted cell), without a string per cell: when
   * its id is plain ASCII and every salt and amount takes the fast path. Returns false, having changed
   * nothing that add() does not write again, for anything else: add() then reads the record's text,
   * which gives the same result or words the error.
   */
  addBytes(data: Buffer, starts: readonly number[], ends: readonly number[], count: number, line: number): boolean {
    const { header } = this;
    if (count !== this.assetCount + header.firstAsset) return false;
    const i = this.count;
    this.grow(i + 1);
    // The id: printable ASCII at both ends and nothing beyond '~' inside (no trimming, NFC is itself).
    const idStart = starts[0]!;
    const idEnd = ends[0]!;
    if (idEnd <= idStart || data[idStart]! <= 32 || data[idEnd - 1]! <= 32) return false;
    for (let k = idStart; k < idEnd; k++) if (data[k]! > 126) return false;
    if (header.firstAsset === 2 && !hexSaltInto(data, starts[1]!, ends[1]!, this.salts, 32 * i)) return false;
    const approximate = this.scratchTotals;
    for (let a = 0; a < this.assetCount; a++) {
      const c = header.firstAsset + a;
      approximate[a] = scaleAmount(
        data,
        starts[c]!,
        ends[c]!,
        header.assets[a]!.decimals,
        this.balances,
        AMOUNT_BYTES * (this.assetCount * i + a),
      );
      if (approximate[a]! < 0) return false;
    }
    // Every cell took the fast path: the row is kept.
    if (this.ids.length < this.idBytes + (idEnd - idStart)) this.growIds(idEnd - idStart);
    // A byte loop: ids are short, and a native copy per row cost more than the bytes.
    const ids = this.ids;
    let to = this.idBytes;
    for (let k = idStart; k < idEnd; k++) ids[to++] = data[k]!;
    this.idBytes = to;
    this.idOffsets[i + 1] = this.idBytes;
    if (header.firstAsset !== 2) this.salts.set(this.randomSalt(), 32 * i);
    for (let a = 0; a < this.assetCount; a++)
      this.addToTotal(a, approximate[a]!, undefined, line, header.firstAsset + a + 1);
    this.lines[i] = line;
    this.count++;
    this.read++;
    return true;
  }

  add(cells: string[], line: number): void {
    const { header, file } = this;
    const expected = this.assetCount + header.firstAsset;
    if (cells.length !== expected) {
      throw new InputError(
        `this row has ${cells.length} columns but the header has ${expected}; check for a missing or extra comma, or quote names that contain commas`,
        { file, line },
      );
    }
    const i = this.count;
    this.grow(i + 1);
    this.writeId(cells[0]!, line);
    if (header.firstAsset === 2) {
      const text = cells[1]!;
      if (!SALT.test(text)) {
        throw new InputError(
          `the salt ${JSON.stringify(text)} is not 0x followed by 64 hex digits (32 bytes); fix it or drop the salt column to draw fresh salts`,
          { file, line, column: 2 },
        );
      }
      this.salts.set(Buffer.from(text.slice(2), "hex"), 32 * i);
    } else {
      this.salts.set(this.randomSalt(), 32 * i);
    }
    for (let a = 0; a < this.assetCount; a++) {
      const column = header.firstAsset + a + 1;
      this.writeAmount(cells[column - 1]!, a, AMOUNT_BYTES * (this.assetCount * i + a), line, column);
    }
    this.lines[i] = line;
    this.count++;
    this.read++;
  }

  /** The columns as views of the buffers filled: nothing is copied. */
  finish(): { columns: AccountColumns; lines: Uint32Array } {
    const count = this.count;
    return {
      columns: {
        count,
        ids: new Uint8Array(this.ids.buffer, this.ids.byteOffset, this.idBytes),
        idOffsets: this.idOffsets.subarray(0, count + 1),
        salts: this.salts.subarray(0, 32 * count),
        balances: this.balances.subarray(0, AMOUNT_BYTES * this.assetCount * count),
      },
      lines: this.lines.subarray(0, count),
    };
  }

  private allocate(bytes: number): Uint8Array {
    return this.shared ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes);
  }

  private allocateBuffer(bytes: number): Buffer {
    const array = this.allocate(bytes);
    return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  }

  /** More id bytes than estimated: grow by half (a copy, which a good estimate avoids), with room for `more`. */
  private growIds(more: number): void {
    const bigger = this.allocateBuffer(Math.max(Math.ceil(1.5 * this.ids.length), this.idBytes + more));
    this.ids.copy(bigger, 0, 0, this.idBytes);
    this.ids = bigger;
  }

  /** Trimmed, NFC, UTF-8; plain ASCII ids (the usual case) skip the normalisation. */
  private writeId(cell: string, line: number): void {
    let id = cell;
    let plain = cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32;
    for (let c = 0; plain && c < cell.length; c++) if (cell.charCodeAt(c) > 126) plain = false;
    if (!plain) id = cell.trim().normalize("NFC");
    if (id === "")
      throw new InputError("the account cell is empty; every row needs an account id", {
        file: this.file,
        line,
        column: 1,
      });
    if (this.ids.length < this.idBytes + 3 * id.length) this.growIds(3 * id.length);
    this.idBytes += this.ids.write(id, this.idBytes, "utf8");
    this.idOffsets[this.count + 1] = this.idBytes;
  }

  /**
   * Base units of a display amount into the balance word at `offset`. Amounts of at most 15 significant
   * digits (nearly all) are scaled in 16-bit limbs, exactly and without a bigint (scaleAmount, on the
   * cell's UTF-8 bytes); anything else, and every error, goes through the exact bigint parser, which also
   * words the messages.
   */
  private writeAmount(text: string, a: number, offset: number, line: number, column: number): void {
    const asset = this.header.assets[a]!;
    // Into a buffer kept for this: no allocation per amount (a cell too long for it is not a fast one).
    const length = text.length <= 64 ? this.amountText.write(text, 0, "utf8") : 0;
    const approximate = scaleAmount(this.amountText, 0, length, asset.decimals, this.balances, offset);
    if (approximate >= 0) {
      this.addToTotal(a, approximate, undefined, line, column);
      return;
    }
    const units = parseDisplayAmount(text, asset.decimals, asset.symbol, { file: this.file, line, column });
    writeAmount(this.balances, offset, units);
    this.addToTotal(a, Number(units), units, line, column);
  }

  /**
   * Keeps each column total below 2^128. A double tracks it closely enough to know when it is far from
   * the limit (always, for real exports); from 2^126 on, the exact total is recomputed from the written
   * balances and kept exactly, so the row that crosses the limit is the one named.
   */
  private addToTotal(a: number, approximate: number, exact: bigint | undefined, line: number, column: number): void {
    if (this.exact[a] === undefined) {
      this.approximate[a]! += approximate;
      if (this.approximate[a]! < 2 ** 126) return;
      let total = this.dropped[a]!;
      for (let i = 0; i <= this.count; i++)
        total += readAmount(this.balances, AMOUNT_BYTES * (this.assetCount * i + a));
      this.exact[a] = total;
    } else {
      this.exact[a]! += exact ?? readAmount(this.balances, AMOUNT_BYTES * (this.assetCount * this.count + a));
    }
    if (this.exact[a]! > MAX_AMOUNT) {
      throw new InputError(
        `${this.header.assets[a]!.symbol}: the column total reaches 2^128 base units at this row; amounts this large cannot be attested`,
        { file: this.file, line, column },
      );
    }
  }

  /** More rows than estimated: grow by half (a copy, which a good estimate avoids). */
  private grow(rows: number): void {
    if (rows + 1 <= this.idOffsets.length) return;
    const capacity = Math.ceil(1.5 * this.idOffsets.length);
    const extend = (array: Uint8Array, length: number): Uint8Array => {
      const bigger = this.allocate(length);
      bigger.set(array);
      return bigger;
    };
    this.idOffsets = new Uint32Array(
      extend(new Uint8Array(this.idOffsets.buffer, this.idOffsets.byteOffset, this.idOffsets.byteLength), 4 * capacity)
        .buffer,
    );
    const lines = new Uint32Array(capacity);
    lines.set(this.lines);
    this.lines = lines;
    this.salts = extend(this.salts, 32 * capacity);
    this.balances = extend(this.balances, AMOUNT_BYTES * this.assetCount * capacity);
  }
}

function parseHeader(cells: string[], file: string, line: number): Header {
  const names = cells.map((cell) => cell.trim());
  if (names[0] !== "account") {
    throw new InputError(
      `the header must start with "account", found ${JSON.stringify(cells[0] ?? "")}; expected e.g. account,BTC:8,ETH:18`,
      { file, line, column: 1 },
    );
  }
  const firstAsset = names[1] === "salt" ? 2 : 1;
  const assets: Asset[] = [];
  const columns = new Map<string, number>();
  for (let column = firstAsset + 1; column <= names.length; column++) {
    const name = names[column - 1]!;
    const asset = parseAssetNotation(name);
    if (asset === undefined)
      throw new InputError(`header column ${JSON.stringify(name)} is not ${ASSET_NOTATION_HELP}`, {
        file,
        line,
        column,
      });
    const { symbol } = asset;
    const earlier = columns.get(symbol);
    if (earlier !== undefined) {
      throw new InputError(`asset ${symbol} has two columns (${earlier} and ${column}); keep one`, {
        file,
        line,
        column,
      });
    }
    columns.set(symbol, column);
    assets.push(asset);
  }
  if (assets.length === 0)
    throw new InputError("the header names no asset columns; add columns like BTC:8", { file, line });
  if (assets.length > MAX_ASSETS)
    throw new InputError(`the header names ${assets.length} assets; at most ${MAX_ASSETS} are supported`, {
      file,
      line,
    });
  return { assets, firstAsset };
}
