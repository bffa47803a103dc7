/**
 * Names a person could mistake for each other. An exchange's name on the registry is free text, so a rogue
 * can register "Acme Exchange" again, "Аcme Exchange" with a Cyrillic А, "PoIoniex" with a capital I, or
 * with an invisible character inside. Two names look alike when their skeletons are equal: Unicode
 * compatibility form (NFKC), invisible characters removed, case folded, the letters drawn alike mapped to
 * one (a subset of Unicode's confusables, UTS #39): Cyrillic and Greek letters that look Latin, the ASCII
 * look-alikes l/I/1/|, O/0, S/5, B/8 and Z/2, then spaces, punctuation and symbols dropped ("Acme Exchange."
 * and "AcmeExchange" are "Acme Exchange" to a hurried reader), and the letter pairs rn, vv and cl that print
 * as m, w and d.
 *
 * Case folding makes I and i one letter, and I looks like l, so i and l are one class as well: a few names
 * that look different ("Bitfinex", "Bltflnex") share a skeleton. That costs a warning to look twice; missing
 * a look-alike costs a customer's trust in the wrong exchange.
 */

/** Letters drawn like Latin ones, lower case, mapped to the Latin letter they resemble (i to l, see above). */
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  һ: "h",
  і: "l",
  ї: "l",
  ј: "j",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "l",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  ζ: "z",
  // ASCII (and a few more) drawn like l or o; after case folding I is i, so i joins the l class.
  i: "l",
  "1": "l",
  "|": "l",
  ı: "l",
  ǀ: "l",
  "0": "o",
  "5": "s",
  "8": "b",
  "2": "z",
};

/** Spaces, punctuation and symbols: "Acme Exchange.", "Acme-Exchange" and "AcmeExchange" read as one name. */
const SEPARATORS = /[\s\p{P}\p{S}]/gu;

/** Letter pairs that print as one letter in most fonts; none of their results is part of another pair. */
const LOOK_ALIKE_PAIRS = /rn|vv|cl/g;
const PAIR_LOOKS_LIKE: Record<string, string> = { rn: "m", vv: "w", cl: "d" };

/** Format characters (zero-width spaces and joiners, direction marks, soft hyphens): invisible when printed. */
const INVISIBLE = /\p{Cf}/gu;

/** The skeleton of a name: equal skeletons look alike. */
export function nameSkeleton(name: string): string {
  const folded = name.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/\s+/g, " ").trim();
  const letters = Array.from(folded, (char) => LOOK_ALIKES[char] ?? char)
    .join("")
    .replace(SEPARATORS, "");
  return letters.replace(LOOK_ALIKE_PAIRS, (pair) => PAIR_LOOKS_LIKE[pair]!);
}

/** The characters of a name outside printable ASCII, as U+XXXX code points: what a reader should check. */
export function unusualCharacters(name: string): string[] {
  const unusual = Array.from(name).filter((char) => !/^[\x20-\x7e]$/.test(char));
  return [...new Set(unusual)].map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}
