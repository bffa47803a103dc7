import { expect } from "chai";
import fc from "fast-check";
import { readSums, readWord, toHex, writeWord } from "../../src/spec/bytes.js";

describe("word encoding", function () {
  it("writeWord / readWord / readSums round-trip any 256-bit values", function () {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), { minLength: 1, maxLength: 5 }),
        fc.nat(7),
        (values, pad) => {
          const record = new Uint8Array(pad + 32 * (values.length + 1));
          values.forEach((value, a) => writeWord(record, pad + 32 * (a + 1), value));
          expect(readSums(record, pad, values.length)).to.deep.equal(values);
          values.forEach((value, a) => expect(readWord(record, pad + 32 * (a + 1))).to.equal(value));
        },
      ),
    );
  });

  it("hex-encodes a sub-array exactly", function () {
    const bytes = Uint8Array.from([0, 1, 2, 255, 16]);
    expect(toHex(bytes.subarray(1, 4))).to.equal("0x0102ff");
  });
});
