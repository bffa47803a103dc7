import { InputError } from "../errors.js";

/** A whole number option such as --exchange 3 (the CLI's and the Hardhat tasks'). */
export function parseWholeNumber(value: string, name: string): bigint {
  if (!/^(0|[1-9][0-9]*)$/.test(value))
    throw new InputError(`--${name} must be a whole number, got ${JSON.stringify(value)}; see --help`);
  return BigInt(value);
}

/** An optional whole number option: undefined when absent. */
export function bigintOption(value: string | undefined, name: string): bigint | undefined {
  return value === undefined ? undefined : parseWholeNumber(value, name);
}

/** A comma-separated option such as --signatures a.json,b.json. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}
