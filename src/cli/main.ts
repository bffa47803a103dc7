import type { Command } from "./command.js";
import { EXIT, processIo, reportError, type CommandIo } from "../command/output.js";
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { joinCommand } from "./commands/join.js";
import { proofCommand } from "./commands/proof.js";
import { signCommand } from "./commands/sign.js";
import { verifyCommand } from "./commands/verify.js";

/** The `solvent` commands by name (the README names only these, a test checks). */
export const COMMANDS: Record<string, Command> = {
  build: buildCommand,
  proof: proofCommand,
  verify: verifyCommand,
  sign: signCommand,
  join: joinCommand,
  check: checkCommand,
};

const USAGE = `solvent — Merkle sum tree proofs of liabilities, attested on-chain

Usage: solvent <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Every command takes --help and --json. Exit codes: 0 ok, 1 proof invalid or not included, 2 bad input,
3 failure (an RPC endpoint that does not answer, or a bug), 4 not verified (verify: the registry was not one you chose or trust).
On-chain operator commands are Hardhat tasks: npx hardhat solvent --help
`;

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`error: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT.badInput;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, rest.includes("--json"));
  }
}
