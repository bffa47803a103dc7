import { expect } from "chai";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { CsvRecords } from "../../src/io/csv-records.js";
import { InputError } from "../../src/index.js";

/**
 * Every record of `text`, fed in pieces cut at `cuts`; with `asBytes`, records without quotes as byte ranges;
 * with `reuse`, every piece passes through one buffer, overwritten with quotes and commas after each push
 * (as a reader that reuses its buffer does).
 */
function records(text: string, cuts: number[] = [], asBytes = false, reuse = false): string[][] {
  const out: string[][] = [];
  const parser = new CsvRecords(
    "t.csv",
    (cells) => out.push(cells),
    asBytes
      ? (data, starts, ends, count) => {
          out.push(Array.from({ length: count }, (_, c) => data.toString("utf8", starts[c]!, ends[c]!)));
          return true;
        }
      : undefined,
  );
  const bytes = Buffer.from(text, "utf8");
  const shared = Buffer.alloc(bytes.length);
  const push = (piece: Buffer) => {
    if (!reuse) return parser.push(piece);
    piece.copy(shared);
    parser.push(shared.subarray(0, piece.length));
    shared.fill('",');
  };
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    push(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  push(bytes.subarray(from));
  parser.end();
  return out;
}

const cell = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .é]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n\r é]{0,6}$/).map((text) => `"${text.replaceAll('"', '""')}"`),
);
const csvText = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 })
  .chain((rows) => fc.constantFrom("\n", "\r\n").map((end) => rows.map((row) => row.join(",")).join(end) + end));

describe("CSV tokenizer", function () {
  it("agrees with csv-parse on quoted cells, commas, quotes, line ends and blank lines (property)", function () {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(200), { maxLength: 4 }), (text, cuts) => {
        const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
        expect(records(text, cuts)).to.deep.equal(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps nothing of a chunk once pushed: its buffer may be reused (property)", function () {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(200), { maxLength: 6 }), fc.boolean(), (text, cuts, asBytes) => {
        expect(records(text, cuts, asBytes, true)).to.deep.equal(records(text, cuts, asBytes));
      }),
      { numRuns: 300 },
    );
  });

  it("hands records without quotes as byte ranges holding exactly their cells' text (property)", function () {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(200), { maxLength: 4 }), (text, cuts) => {
        expect(records(text, cuts, true)).to.deep.equal(records(text, cuts));
      }),
      { numRuns: 300 },
    );
  });

  it("attack: a bare CR after a closing quote is refused wherever the file is cut (it once ended the record at a chunk's end)", function () {
    const text = 'alice,"5"\rbob,7\n';
    for (let cut = 0; cut <= text.length; cut++)
      expect(() => records(text, [cut]), `cut at ${cut}`).to.throw(
        InputError,
        /unexpected character after a closing quote/,
      );
  });

  it("skips a BOM split across chunks", function () {
    expect(records("\uFEFFa,b\r\nc,d\r\n", [1, 2])).to.deep.equal([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(records('x,""\n,\n')).to.deep.equal([
      ["x", ""],
      ["", ""],
    ]);
  });

  it("issue 20: a file cut inside its last amount ('12345.6789' copied as '12') is refused, wherever it is cut", function () {
    const whole = "account,BTC:8\nalice,1.5\nbob,12345.6789\n";
    expect(records(whole)).to.have.length(3);
    for (let end = whole.indexOf("bob"); end < whole.length - 1; end++) {
      const cutShort = whole.slice(0, end + 1);
      for (const cut of [0, Math.floor(end / 2), end])
        expect(() => records(cutShort, [cut]), `cut after ${end + 1} bytes`).to.throw(
          InputError,
          /t\.csv:3: the last line has no line end, so the file may have been cut short/,
        );
    }
  });

  it("refuses malformed quoting with the line it starts on", function () {
    for (const [text, line] of [
      ['a,b\n"c,d\n', 2],
      ['a\nb"c\n', 2],
      ['a\n"b"c,d\n', 2],
    ] as const) {
      expect(() => records(text), text).to.throw(InputError, new RegExp(`^t\\.csv:${line}: malformed CSV`));
    }
  });
});
