import { expect } from "chai";
import fc from "fast-check";
import { readBalancesColumns, scaleAmount } from "../../src/io/balances-columns.js";
import { formatAmount, parseDisplayAmount } from "../../src/io/decimal.js";
import { readAmount } from "../../src/spec/bytes.js";
import { MAX_AMOUNT } from "../../src/index.js";
import { writeTemp } from "../helpers/files.js";

const salt = () => new Uint8Array(32);

describe("balances CSV straight to columns", function () {
  it("converts every display amount exactly, fast path or not (property)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 36 }),
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.bigInt({ min: 0n, max: 10n ** 15n }),
              fc.bigInt({ min: 0n, max: 10n ** 20n }),
              fc.bigInt({ min: 0n, max: MAX_AMOUNT / 64n }),
              // 15 significant digits whose base units sit on either side of 2^53 (the one-product path's edge).
              fc
                .tuple(fc.bigInt({ min: 900_719_925_474_000n, max: 900_719_925_475_000n }), fc.nat(3))
                .map(([digits, shift]) => digits * 10n ** BigInt(shift)),
            ),
            fc.nat(2), // leading zeros
            fc.boolean(), // trailing zeros in the fraction
          ),
          { minLength: 1, maxLength: 40 },
        ),
        async (decimals, amounts) => {
          const cells = amounts.map(([units, zeros, padded]) => {
            let text = "0".repeat(zeros) + formatAmount(units, decimals);
            if (padded && decimals > 0 && !text.includes(".")) text += ".0";
            else if (padded && decimals > 0 && text.split(".")[1]!.length < decimals) text += "0";
            return text;
          });
          const csv = `account,X:${decimals}\n${cells.map((cell, i) => `a${i},${cell}`).join("\n")}\n`;
          const { columns } = await readBalancesColumns(await writeTemp("b.csv", csv), { randomSalt: salt });
          amounts.forEach(([units], i) => expect(readAmount(columns.balances, 16 * i), cells[i]).to.equal(units));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("issue 20: amounts of any precision below 2^128 base units take the fast path, exactly as the exact parser reads them (property)", function () {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""));
    const cell = fc.oneof(
      // Full precision: up to 40 digits, with or without a fraction.
      fc.tuple(digits(1, 22), fc.option(digits(1, 20), { nil: undefined })).map(([w, f]) => (f ? `${w}.${f}` : w)),
      // Near 2^128 base units, either side.
      fc.bigInt({ min: MAX_AMOUNT - 1000n, max: MAX_AMOUNT + 1000n }).map(String),
    );
    fc.assert(
      fc.property(cell, fc.integer({ min: 0, max: 36 }), (text, decimals) => {
        const bytes = Buffer.from(text, "latin1");
        const target = new Uint8Array(16).fill(0xaa);
        const approximate = scaleAmount(bytes, 0, bytes.length, decimals, target, 0);
        let exact: bigint | undefined;
        try {
          exact = parseDisplayAmount(text, decimals, "X");
        } catch {
          exact = undefined;
        }
        if (exact === undefined) {
          expect(approximate, text).to.equal(-1);
          expect(Array.from(target), "nothing written").to.deep.equal(new Array(16).fill(0xaa));
          return;
        }
        // The fast path takes every amount the exact parser accepts (no fallback to the bigint parser).
        expect(approximate, `${text} at ${decimals} decimals`).to.be.at.least(0);
        expect(readAmount(target, 0), text).to.equal(exact);
        expect(
          Math.abs(approximate - Number(exact)) <= Number(exact) * 2 ** -50,
          "the running total's double",
        ).to.equal(true);
      }),
      { numRuns: 3000 },
    );
    // A full-precision ETH balance, and the largest amount there is.
    const eth = Buffer.from("12.050412098574847899");
    const target = new Uint8Array(16);
    expect(scaleAmount(eth, 0, eth.length, 18, target, 0)).to.be.greaterThan(0);
    expect(readAmount(target, 0)).to.equal(12_050_412_098_574_847_899n);
    const max = Buffer.from(MAX_AMOUNT.toString());
    expect(scaleAmount(max, 0, max.length, 0, target, 0)).to.be.greaterThan(0);
    expect(readAmount(target, 0)).to.equal(MAX_AMOUNT);
    const over = Buffer.from((MAX_AMOUNT + 1n).toString());
    expect(scaleAmount(over, 0, over.length, 0, target, 0)).to.equal(-1);
  });

  it("records each account's line, and takes ids as UTF-8 after trimming and NFC", async function () {
    const { columns, lines } = await readBalancesColumns(
      await writeTemp("b.csv", 'account,BTC:8\n\nalice,1\n"multi\nline",2\n  Ame\u0301lie ,3\n'),
      { randomSalt: salt },
    );
    expect(Array.from(lines)).to.deep.equal([3, 4, 6]);
    expect(Buffer.from(columns.ids).toString("utf8")).to.equal("alicemulti\nlineAm\u00e9lie");
  });

  it("reads ids far longer than the first chunk's suggest (the id buffer grows), shared or not", async function () {
    const short = Array.from({ length: 30_000 }, (_, i) => `u${i},1`);
    const long = Array.from({ length: 300 }, (_, i) => `${"é".repeat(400)}${i},2`);
    const file = await writeTemp("grow.csv", ["account,BTC:8", ...short, ...long].join("\n") + "\n");
    for (const shared of [false, true]) {
      const { columns } = await readBalancesColumns(file, { randomSalt: salt, shared });
      expect(columns.count).to.equal(30_300);
      const idOf = (i: number) =>
        Buffer.from(columns.ids.subarray(columns.idOffsets[i]!, columns.idOffsets[i + 1]!)).toString("utf8");
      expect([idOf(0), idOf(29_999), idOf(30_299)]).to.deep.equal(["u0", "u29999", `${"é".repeat(400)}299`]);
      expect(columns.ids.byteLength).to.equal(columns.idOffsets[30_300]);
    }
  });

  it("with a filter keeps only the rows chosen batch by batch, and still checks every row's total (property)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, batchRows) => {
          const text = "account,X:0\n" + rows.map(([units], i) => `"a ${i}",${units}`).join("\n") + "\n";
          const file = await writeTemp("balances.csv", text);
          const all = await readBalancesColumns(file, { randomSalt: salt });
          let seen = 0;
          const kept = await readBalancesColumns(file, {
            randomSalt: salt,
            filter: {
              batchRows,
              expectedShare: 0.5,
              select: async (batch) => {
                const chosen = Array.from({ length: batch.count }, (_, j) => j).filter((j) => rows[seen + j]![1]);
                seen += batch.count;
                return Uint32Array.from(chosen);
              },
            },
          });
          expect(seen).to.equal(rows.length);
          const keptRows = rows.map((_, i) => i).filter((i) => rows[i]![1]);
          expect(kept.columns.count).to.equal(keptRows.length);
          keptRows.forEach((i, n) => {
            const id = (c: typeof all.columns, k: number) =>
              Buffer.from(c.ids.subarray(c.idOffsets[k]!, c.idOffsets[k + 1]!)).toString();
            expect(id(kept.columns, n)).to.equal(id(all.columns, i));
            expect(readAmount(kept.columns.balances, 16 * n)).to.equal(rows[i]![0]);
            expect(kept.lines[n]).to.equal(all.lines[i]);
          });
        },
      ),
    );
    // A total that reaches 2^128 only with rows already dropped (the first megabyte's) is still refused, at
    // the row that does it.
    const filler = 120_000;
    const first = 2n ** 126n - 2n ** 100n;
    const last = 2n ** 128n - first;
    const lines = [`a,${first}`, ...Array.from({ length: filler }, (_, i) => `f${i},0`), `z,${last}`];
    const file = await writeTemp("big.csv", `account,X:0\n${lines.join("\n")}\n`);
    const dropAll = { batchRows: 1, expectedShare: 0.1, select: async () => new Uint32Array(0) };
    await readBalancesColumns(file, { randomSalt: salt, filter: dropAll }).then(
      () => expect.fail("should have been refused"),
      (error: Error) =>
        expect(error.message).to.match(new RegExp(`big\\.csv:${filler + 3}:2: X: the column total reaches 2\\^128`)),
    );
  });

  it("reads a row from its bytes exactly as from its text: every cell quoted gives the same columns or the same error (property)", async function () {
    // Cells without a comma, quote or line end, so that each row can be written unquoted (read as bytes)
    // and quoted (read as text, the reference). Rows are valid, ids plain or not; at most one cell is odd.
    const idCell = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Z0-9_~.-]{1,12}$/), weight: 4 },
      fc.constantFrom(" padded ", "tab\tid", "é", "e\u0301", "Ａ", "a\u00a0b", "two  spaces", "\u007fdel"),
    );
    const amountCell = fc.oneof(
      { arbitrary: fc.stringMatching(/^[0-9]{1,17}(\.[0-9]{1,6})?$/), weight: 4 },
      fc.stringMatching(/^[0-9]{16,30}$/), // more than 15 significant digits: the exact parser
      fc.constantFrom("0", "00.50", "0.000000"),
    );
    const saltCell = fc.stringMatching(/^0x[0-9a-fA-F]{64}$/);
    const odd = fc.constantFrom(
      ...["", " ", ".5", "5.", "1.2.3", "-1", "1e3", " 1", "1 ", "１", "0x10", "9".repeat(40), "0.0000001"],
      ...["0X" + "a".repeat(64), "0x" + "g".repeat(64), "0x" + "a".repeat(63)],
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(idCell, saltCell, amountCell, amountCell), { minLength: 1, maxLength: 6 }),
        fc.option(fc.tuple(fc.nat(), fc.nat(3), odd), { freq: 2 }),
        async (salted, rows, oddCell) => {
          const header = salted ? "account,salt,X:6,Y:18" : "account,X:6,Y:18";
          const cells = rows.map(([id, saltHex, x, y]) => [id, ...(salted ? [saltHex] : []), x, y]);
          if (oddCell) {
            const [r, c, value] = oddCell;
            const row = cells[r % cells.length]!;
            row[c % row.length] = value;
          }
          const text = (quote: boolean) =>
            `${header}\n${cells.map((row) => row.map((cell) => (quote ? `"${cell}"` : cell)).join(",")).join("\n")}\n`;
          const read = async (quote: boolean) =>
            readBalancesColumns(await writeTemp("b.csv", text(quote)), {
              randomSalt: () => new Uint8Array(32).fill(5),
            }).then(
              (r) => ({
                ids: Buffer.from(r.columns.ids).toString("hex"),
                idOffsets: Array.from(r.columns.idOffsets),
                salts: Buffer.from(r.columns.salts).toString("hex"),
                balances: Buffer.from(r.columns.balances).toString("hex"),
                lines: Array.from(r.lines),
              }),
              (error: Error & { line?: number; column?: number }) => ({
                // The file is a fresh temporary one each time: only its name is kept.
                error: error.message.slice(error.message.indexOf("b.csv")),
                line: error.line,
                column: error.column,
              }),
            );
          expect(await read(false)).to.deep.equal(await read(true));
        },
      ),
      { numRuns: 300 },
    );
  });
});
