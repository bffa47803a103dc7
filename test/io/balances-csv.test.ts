import { expect } from "chai";
import { buildTree, InputError } from "../../src/index.js";
import { toHex } from "../../src/spec/bytes.js";
import { readBalancesCsv } from "../../src/io/balances-csv.js";
import { formatAmount } from "../../src/io/decimal.js";
import { writeTemp } from "../helpers/files.js";
import { fixturePath, loadVectors } from "../helpers/vectors.js";

async function parse(content: string) {
  return readBalancesCsv(await writeTemp("balances.csv", content));
}

/** Expects an InputError whose message starts with balances.csv:LINE[:COLUMN] and matches `pattern`. */
async function expectError(content: string, where: string, pattern: RegExp) {
  const error = await parse(content).then(
    () => expect.fail("the file should have been refused"),
    (e: Error) => e,
  );
  expect(error).to.be.instanceOf(InputError);
  expect(error.message).to.match(new RegExp(`balances\\.csv:${where}: `));
  expect(error.message).to.match(pattern);
}

const HEAD = "account,BTC:8,ETH:18\n";

describe("balances CSV", function () {
  describe("the shared vector file", function () {
    it("parses to the vector's accounts and builds the vector's root", async function () {
      const file = await readBalancesCsv(fixturePath("vectors/five-accounts-padding.csv"));
      const vector = loadVectors().cases.find((c) => c.name === "five-accounts-padding")!;
      expect(file.assets).to.deep.equal(vector.assets);
      expect(file.accounts.map((a) => a.accountId)).to.deep.equal(
        vector.accounts.map((a) => a.accountId.normalize("NFC")),
      );
      expect(file.accounts.map((a) => a.balances.map(String))).to.deep.equal(vector.accounts.map((a) => a.balances));
      expect(file.accounts.map((a) => toHex(a.salt!))).to.deep.equal(vector.accounts.map((a) => a.salt));
      expect(buildTree(file.assets, file.accounts).root).to.equal(vector.expected.root);
      expect(file.sha256).to.match(/^[0-9a-f]{64}$/);
    });
  });

  describe("edge cases it accepts", function () {
    it("a UTF-8 BOM, CRLF line ends and a blank trailing line", async function () {
      const file = await parse("\uFEFFaccount,BTC:8\r\nalice,1.5\r\nbob,0\r\n\r\n");
      expect(file.assets).to.deep.equal([{ symbol: "BTC", decimals: 8 }]);
      expect(file.accounts.map((a) => [a.accountId, a.balances[0]])).to.deep.equal([
        ["alice", 150_000_000n],
        ["bob", 0n],
      ]);
    });

    it("quoted fields with commas and quotes, and NFD names stored as NFC", async function () {
      const file = await parse(
        `${HEAD}"acme, inc",1,2\n"say ""hi""",0,0\nAme\u0301lie,0.00000001,0.000000000000000001\n`,
      );
      expect(file.accounts.map((a) => a.accountId)).to.deep.equal(["acme, inc", 'say "hi"', "Am\u00e9lie"]);
      expect(file.accounts[2]!.balances).to.deep.equal([1n, 1n]);
    });

    it("converts display units exactly, far beyond 2^53", async function () {
      const file = await parse(`${HEAD}whale,123456789012345678.12345678,98765432109876543210.123456789012345678\n`);
      expect(file.accounts[0]!.balances).to.deep.equal([
        12345678901234567812345678n,
        98765432109876543210123456789012345678n,
      ]);
      expect(formatAmount(file.accounts[0]!.balances[1]!, 18)).to.equal("98765432109876543210.123456789012345678");
    });
  });

  describe("bad input: file, line, column and what to do", function () {
    it("an empty file", async function () {
      await expectError("", "1", /the file is empty/);
    });
    it("a header-only file", async function () {
      await expectError(HEAD, "2", /header but no accounts/);
    });
    it("a missing header", async function () {
      await expectError("alice,1,2\n", "1:1", /must start with "account"/);
    });
    it("a malformed header", async function () {
      await expectError("account,BTC,ETH:18\nalice,1,2\n", "1:2", /"BTC" is not SYMBOL:DECIMALS/);
      await expectError("account,BTC:99\nalice,1\n", "1:2", /not SYMBOL:DECIMALS/);
      await expectError("account\nalice\n", "1", /no asset columns/);
    });
    it("a duplicate asset column", async function () {
      await expectError("account,BTC:8,BTC:8\nalice,1,2\n", "1:3", /asset BTC has two columns \(2 and 3\)/);
    });
    it("a duplicate account, after trimming and NFC, naming both lines", async function () {
      await expectError(
        `${HEAD}Am\u00e9lie,1,1\nbob,1,1\n  Ame\u0301lie ,2,2\n`,
        "4:1",
        /appears twice, on lines 2 and 4/,
      );
    });
    it("a wrong column count", async function () {
      await expectError(`${HEAD}alice,1\n`, "2", /2 columns but the header has 3/);
      await expectError(`${HEAD}alice,1,2,3\n`, "2", /4 columns but the header has 3/);
    });
    it("an empty cell", async function () {
      await expectError(`${HEAD}alice,,2\n`, "2:2", /BTC: is empty; write 0/);
      await expectError(`${HEAD},1,2\n`, "2:1", /account cell is empty/);
    });
    it("a negative value", async function () {
      await expectError(`${HEAD}alice,-1,2\n`, "2:2", /negative/);
    });
    it("more fractional digits than the asset's decimals", async function () {
      await expectError(`${HEAD}alice,0.123456789,2\n`, "2:2", /9 fractional digits but the asset has 8 decimals/);
    });
    it("not a number: 1e3, 0x10, inner spaces, +5", async function () {
      await expectError(`${HEAD}alice,1e3,0\n`, "2:2", /not a plain decimal number/);
      await expectError(`${HEAD}alice,0x10,0\n`, "2:2", /not a plain decimal number/);
      await expectError(`${HEAD}alice,"1 2",0\n`, "2:2", /contains spaces/);
      await expectError(`${HEAD}alice," 12 ",0\n`, "2:2", /contains spaces/);
      await expectError(`${HEAD}alice,+5,0\n`, "2:2", /not a plain decimal number/);
      await expectError(`${HEAD}alice,1.,0\n`, "2:2", /not a plain decimal number/);
    });
    it("a balance at 2^128 base units", async function () {
      await expectError("account,X:0\nalice,340282366920938463463374607431768211456\n", "2:2", /not below 2\^128/);
    });
    it("a column total at 2^128 base units", async function () {
      await expectError(
        "account,X:0\nalice,340282366920938463463374607431768211455\nbob,1\n",
        "3:2",
        /column total reaches 2\^128/,
      );
    });
    it("a malformed salt", async function () {
      await expectError(
        "account,salt,BTC:8\nalice,0x1234,1\n",
        "2:2",
        /salt "0x1234" is not 0x followed by 64 hex digits/,
      );
    });
    it("malformed quoting", async function () {
      await expectError(`${HEAD}"alice,1,2\n`, "\\d+", /malformed CSV/);
    });
  });
});
