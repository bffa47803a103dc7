import { InputError } from "../../errors.js";
import { readProofFromFolder } from "../../store/tree-folder.js";
import { parseCommand } from "../args.js";
import type { Command } from "../command.js";
import { EXIT } from "../output.js";

export const proofCommand: Command = {
  summary: "print one account's proof file from a built tree",
  help: `Usage: solvent proof <dir> <accountId> [--json]

Prints the solvent-proof-v1 file of <accountId> (trimmed and NFC-normalised, as at build) from a folder
written by 'solvent build'. The output is JSON either way; it holds the account's secret salt.
`,
  async run(argv, io) {
    const { positionals } = parseCommand(argv, {});
    const [folder, accountId, ...extra] = positionals;
    if (folder === undefined || accountId === undefined || extra.length > 0)
      throw new InputError("give a tree folder and one account id; see --help");
    const { text } = await readProofFromFolder(folder, accountId);
    io.stdout(text);
    return EXIT.ok;
  },
};
