import type { CommandIo } from "../command/output.js";

/** One `solvent` command: what `--help` prints, and what it does. Returns the exit code. */
export interface Command {
  summary: string;
  help: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}
