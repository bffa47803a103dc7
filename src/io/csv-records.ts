/**
 * A strict, streaming CSV tokenizer (RFC 4180 quoting, LF or CRLF, a leading UTF-8 BOM, blank lines
 * skipped): bytes in, one array of cell strings per record out, or, for a consumer that reads bytes, the
 * cells of a record without quotes as byte ranges (no string at all). Records are never buffered beyond
 * the one in progress.
 */
import { InputError } from "../errors.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

export class CsvRecords {
  private carry: Buffer = Buffer.alloc(0);
  /** Where the carry and the next chunk are put together: one buffer, reused (fresh memory costs faults). */
  private joined: Buffer = Buffer.alloc(0);
  private line = 1;
  private first = true;
  /** The record in progress: each cell's bytes [start, end), and its text when it was quoted. */
  private starts: number[] = [];
  private ends: number[] = [];
  private texts: (string | undefined)[] = [];

  /**
   * `onPlainRecord`, when given, gets each record without quoted cells as byte ranges of `data` (no string
   * made); when it returns false, `onRecord` gets the record's cells as strings, as every other record.
   */
  constructor(
    private readonly file: string,
    private readonly onRecord: (cells: string[], line: number) => void,
    private readonly onPlainRecord?: (
      data: Buffer,
      starts: readonly number[],
      ends: readonly number[],
      count: number,
      line: number,
    ) => boolean,
  ) {}

  /** Feeds the next chunk of the file (not kept: the caller may reuse its buffer). */
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.carry.length > 0) {
      const length = this.carry.length + chunk.length;
      if (this.joined.length < length) this.joined = Buffer.allocUnsafe(Math.max(length, 2 * this.joined.length));
      this.carry.copy(this.joined, 0);
      chunk.copy(this.joined, this.carry.length);
      data = this.joined.subarray(0, length);
    }
    if (this.first) {
      if (data.length < 3) {
        this.carry = Buffer.from(data);
        return;
      }
      this.first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    const consumed = this.records(data, false);
    this.carry = Buffer.from(data.subarray(consumed));
  }

  /**
   * The end of the file. A last record without a line end is refused: an export cut short inside its last
   * amount ("12345.6789" copied as "12") would otherwise read as a smaller, well-formed balance.
   */
  end(): void {
    this.first = false;
    if (this.carry.length > 0 && this.carry[this.carry.length - 1] !== LF) {
      throw new InputError(
        "the last line has no line end, so the file may have been cut short (an interrupted copy or export). Compare the row count and totals with the source system; if the file is whole, end it with a newline",
        { file: this.file, line: this.line },
      );
    }
    this.records(this.carry, true);
    this.carry = Buffer.alloc(0);
  }

  /** Parses whole records from `data`; returns how many bytes they took. */
  private records(data: Buffer, atEnd: boolean): number {
    let start = 0;
    while (start < data.length) {
      const parsed = this.record(data, start, atEnd);
      if (parsed === undefined) return start;
      const [count, next, lines, quoted] = parsed;
      const blank = count === 1 && !quoted && this.starts[0] === this.ends[0];
      if (!blank && (quoted || !this.onPlainRecord?.(data, this.starts, this.ends, count, this.line)))
        this.onRecord(this.cells(data, count), this.line);
      this.line += lines;
      start = next;
    }
    return start;
  }

  /** The record's cells as strings. */
  private cells(data: Buffer, count: number): string[] {
    const cells = new Array<string>(count);
    for (let c = 0; c < count; c++) cells[c] = this.texts[c] ?? data.toString("utf8", this.starts[c]!, this.ends[c]!);
    return cells;
  }

  /** Ends cell `c`: its bytes [start, end), or its text when quoted. */
  private cell(c: number, start: number, end: number, text: string | undefined): void {
    this.starts[c] = start;
    this.ends[c] = end;
    this.texts[c] = text;
  }

  /**
   * One record from `start` into starts/ends/texts: its cell count, where the next begins, how many line
   * ends it spans, and whether any cell was quoted. Undefined when the data ends inside it (more is coming).
   */
  private record(data: Buffer, start: number, atEnd: boolean): [number, number, number, boolean] | undefined {
    let count = 0;
    let p = start;
    let lines = 0;
    let quoted = false;
    for (;;) {
      if (data[p] === QUOTE) {
        quoted = true;
        const pieces: string[] = [];
        let from = p + 1;
        let q = from;
        for (;;) {
          if (q >= data.length) {
            if (atEnd) this.fail("a quoted cell is never closed");
            return undefined;
          }
          const byte = data[q]!;
          if (byte === LF) lines++;
          if (byte === QUOTE) {
            if (q + 1 >= data.length && !atEnd) return undefined;
            if (data[q + 1] === QUOTE) {
              pieces.push(data.toString("utf8", from, q + 1));
              q += 2;
              from = q;
              continue;
            }
            pieces.push(data.toString("utf8", from, q));
            break;
          }
          q++;
        }
        this.cell(count++, p, q + 1, pieces.join(""));
        p = q + 1;
        const after = data[p];
        if (p >= data.length && !atEnd) return undefined;
        // A CR at the chunk's end: the next byte (LF or not) decides, so the record waits for it.
        if (after === CR && p + 1 >= data.length && !atEnd) return undefined;
        if (
          after !== undefined &&
          after !== COMMA &&
          after !== LF &&
          !(after === CR && data[p + 1] === LF) &&
          !(after === CR && p + 1 >= data.length)
        ) {
          this.fail("unexpected character after a closing quote");
        }
      } else {
        let q = p;
        while (q < data.length && data[q] !== COMMA && data[q] !== LF) {
          if (data[q] === QUOTE)
            this.fail("a quote inside an unquoted cell; quote the whole cell and double inner quotes");
          q++;
        }
        if (q >= data.length && !atEnd) return undefined;
        const end = q > p && data[q - 1] === CR && (q >= data.length || data[q] === LF) ? q - 1 : q;
        this.cell(count++, p, end, undefined);
        p = q;
      }
      if (p >= data.length) return [count, p, lines, quoted];
      if (data[p] === CR) p++;
      if (p >= data.length) return [count, p, lines, quoted];
      if (data[p] === LF) return [count, p + 1, lines + 1, quoted];
      p++; // a comma: the next cell
      if (p >= data.length) {
        if (!atEnd) return undefined;
        this.cell(count++, p, p, undefined);
        return [count, p, lines, quoted];
      }
    }
  }

  /** Names the line the record starts on, where its opening quote is. */
  private fail(message: string): never {
    throw new InputError(`malformed CSV (${message}); check the quoting of the record on this line`, {
      file: this.file,
      line: this.line,
    });
  }
}
