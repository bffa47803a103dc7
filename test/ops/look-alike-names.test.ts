import { expect } from "chai";
import fc from "fast-check";
import { fuzzRuns } from "../helpers/fuzz.js";
import { nameSkeleton, unusualCharacters } from "../../src/ops/look-alike-names.js";

describe("look-alike exchange names", function () {
  it("attack: names that print alike have one skeleton (case, spacing, compatibility forms, invisible characters, Cyrillic and Greek look-alikes)", function () {
    const skeleton = nameSkeleton("Acme Exchange");
    for (const lookAlike of [
      "ACME  exchange",
      " Acme Exchange ",
      "\u0410cme Exchange",
      "Acme\u200b Exchange",
      "Ａｃｍｅ Exchange",
      "Acm\u0435 Exchange",
      "Acme Exch\u03b1nge",
    ]) {
      expect(nameSkeleton(lookAlike), JSON.stringify(lookAlike)).to.equal(skeleton);
    }
    expect(nameSkeleton("Acme Exchanges")).to.not.equal(skeleton);
    expect(nameSkeleton("Acne Exchange")).to.not.equal(skeleton);
  });

  it("finding 6 (review): spacing, punctuation and 5/S, 8/B, 2/Z do not make a name look different", function () {
    const skeleton = nameSkeleton("Acme Exchange");
    for (const lookAlike of [
      "Acme Exchange.",
      "Acme Exchange,",
      "Acme Exchange'",
      "Acme`Exchange",
      "AcmeExchange",
      "Acme-Exchange",
      "Acme_Exchange",
    ])
      expect(nameSkeleton(lookAlike), JSON.stringify(lookAlike)).to.equal(skeleton);
    expect(nameSkeleton("OK X")).to.equal(nameSkeleton("OKX"));
    expect(nameSkeleton("Coin base")).to.equal(nameSkeleton("Coinbase"));
    expect(nameSkeleton("8itget 5wap2")).to.equal(nameSkeleton("Bitget SwapZ"));
    expect(nameSkeleton("Acme Exchanges")).to.not.equal(skeleton);
  });

  it("lists the characters beyond printable ASCII a reader should check", function () {
    expect(unusualCharacters("Acme Exchange")).to.deep.equal([]);
    expect(unusualCharacters("\u0410cme\u200b Exchange")).to.deep.equal(["U+0410", "U+200B"]);
    expect(unusualCharacters("Börse Börse")).to.deep.equal(["U+00F6"]);
  });

  it("finding 6: ASCII look-alikes share a skeleton (l/I/1/|, O/0, rn/m, vv/w, cl/d)", function () {
    const skeleton = nameSkeleton("Poloniex");
    for (const lookAlike of ["PoIoniex", "Po1oniex", "Po|oniex", "P0loniex", "POLONIEX", "PoIoniex\u200b"]) {
      expect(nameSkeleton(lookAlike), JSON.stringify(lookAlike)).to.equal(skeleton);
    }
    expect(nameSkeleton("Acrne Exchange")).to.equal(nameSkeleton("Acme Exchange"));
    expect(nameSkeleton("Bitvvise")).to.equal(nameSkeleton("Bitwise"));
    expect(nameSkeleton("Cloudex")).to.equal(nameSkeleton("doudex"));
    // Still different: letters that do not look alike.
    expect(nameSkeleton("Acne Exchange")).to.not.equal(nameSkeleton("Acme Exchange"));
    expect(nameSkeleton("Polonex")).to.not.equal(skeleton);
  });

  /** Each plain letter and the ways to write it that print alike (case included). */
  const VARIANTS: Record<string, string[]> = {
    l: ["l", "L", "I", "i", "1", "|"],
    o: ["o", "O", "0", "\u043e", "\u03bf"],
    m: ["m", "M", "rn", "RN"],
    w: ["w", "W", "vv", "VV"],
    d: ["d", "D", "cl"],
    a: ["a", "A", "\u0430"],
    e: ["e", "E", "\u0435"],
    x: ["x", "X", "\u0445"],
    b: ["b", "B"],
    k: ["k", "K"],
    n: ["n", "N"],
    t: ["t", "T"],
    " ": [" ", "  ", "\u200b "],
  };
  const plainName = fc
    .array(fc.constantFrom(...Object.keys(VARIANTS)), { minLength: 1, maxLength: 16 })
    .map((letters) => letters.join("").trim())
    .filter((name) => name.length > 0);

  it("finding 6 (property): any mix of look-alike spellings of a name has the name's skeleton", function () {
    fc.assert(
      fc.property(
        plainName.chain((name) =>
          fc.tuple(fc.constant(name), fc.tuple(...Array.from(name, (letter) => fc.constantFrom(...VARIANTS[letter]!)))),
        ),
        ([name, spelling]) => {
          expect(nameSkeleton(spelling.join("")), JSON.stringify(spelling.join(""))).to.equal(nameSkeleton(name));
        },
      ),
      { numRuns: fuzzRuns(300) },
    );
  });

  it("finding 6 (property): a skeleton is its own skeleton, and changing a letter that looks different changes it", function () {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 24 }), (name) => {
        expect(nameSkeleton(nameSkeleton(name))).to.equal(nameSkeleton(name));
      }),
      { numRuns: fuzzRuns(500) },
    );
    fc.assert(
      fc.property(plainName, fc.nat(), (name, at) => {
        // "b" and "k" look like nothing else here: swapping one for the other must change the skeleton.
        const i = at % name.length;
        const swapped = name.slice(0, i) + (name[i] === "b" ? "k" : "b") + name.slice(i + 1);
        fc.pre(name[i] !== " " && swapped.trim() === swapped);
        expect(nameSkeleton(swapped)).to.not.equal(nameSkeleton(name));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
