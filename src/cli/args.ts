import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with --help and --json on every command, and usage errors as InputError. */
export function parseCommand<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: "boolean", short: "h" }, json: { type: "boolean" } },
    });
  } catch (error) {
    throw new InputError(`${(error as Error).message}; see --help`);
  }
}

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
