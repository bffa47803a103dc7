import { InputError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomic.js";
import { refuseCommittableSecret } from "../../io/git-exposure.js";
import { readProofFromFolder } from "../../store/tree-folder.js";
import { parseCommand } from "../args.js";
import type { Command } from "../command.js";
import { EXIT, toJson } from "../../command/output.js";

export const proofCommand: Command = {
  summary: "write one account's proof file from a built tree (it holds the account's secret salt)",
  help: `Usage: solvent proof <dir> <accountId> [--out FILE] [--json]

Writes the solvent-proof-v1 file of <accountId> (trimmed and NFC-normalised, as at build) from a folder
written by 'solvent build'. The file is SECRET to that customer: it holds the account's salt, which with
the account id shows the balance is theirs. Give each customer only their own.

Options:
  --out FILE   write it to FILE, owner-only (mode 0600) and atomically; refused inside a git work tree
               unless git ignores FILE. Without --out the proof is printed (mind where you redirect it).
  --json       with --out, print {"ok":true,"out":…} instead of a line of text
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { out: { type: "string" } });
    const [folder, accountId, ...extra] = positionals;
    if (folder === undefined || accountId === undefined || extra.length > 0)
      throw new InputError("give a tree folder and one account id; see --help");
    if (values.out === "") throw new InputError("--out needs a file name; see --help");
    if (values.out !== undefined) await refuseCommittableSecret(values.out, "file", "a proof file, which holds a salt");
    const { text } = await readProofFromFolder(folder, accountId);
    if (values.out === undefined) {
      io.stdout(text);
      return EXIT.ok;
    }
    await writeFileAtomic(values.out, text, { mode: 0o600 });
    io.stdout(
      values.json
        ? toJson({ ok: true, out: values.out })
        : `Wrote the proof of ${JSON.stringify(accountId)} to ${values.out} (owner-only; it holds the account's salt)\n`,
    );
    return EXIT.ok;
  },
};
