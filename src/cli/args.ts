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
