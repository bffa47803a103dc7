/**
 * Names a person could mistake for each other. An exchange's name on the registry is free text, so a rogue
 * can register "Acme Exchange" again, or "Аcme Exchange" with a Cyrillic А, or with an invisible character
 * inside. Two names look alike when their skeletons are equal: Unicode compatibility form (NFKC), invisible
 * characters removed, the common Cyrillic and Greek letters that look Latin mapped to those Latin letters
 * (a subset of Unicode's confusables, UTS #39), case and spacing folded.
 */

/** Cyrillic and Greek letters drawn like Latin ones, lower case, mapped to the Latin letter they resemble. */
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  һ: "h",
  і: "i",
  ї: "i",
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
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  ζ: "z",
};

/** Format characters (zero-width spaces and joiners, direction marks, soft hyphens): invisible when printed. */
const INVISIBLE = /\p{Cf}/gu;

/** The skeleton of a name: equal skeletons look alike. */
export function nameSkeleton(name: string): string {
  const folded = name.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/\s+/g, " ").trim();
  return Array.from(folded, (char) => LOOK_ALIKES[char] ?? char).join("");
}

/** The characters of a name outside printable ASCII, as U+XXXX code points: what a reader should check. */
export function unusualCharacters(name: string): string[] {
  const unusual = Array.from(name).filter((char) => !/^[\x20-\x7e]$/.test(char));
  return [...new Set(unusual)].map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}
