import { expect } from "chai";
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

  it("lists the characters beyond printable ASCII a reader should check", function () {
    expect(unusualCharacters("Acme Exchange")).to.deep.equal([]);
    expect(unusualCharacters("\u0410cme\u200b Exchange")).to.deep.equal(["U+0410", "U+200B"]);
    expect(unusualCharacters("Börse Börse")).to.deep.equal(["U+00F6"]);
  });
});
