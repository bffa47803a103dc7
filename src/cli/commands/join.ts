import { InputError } from "../../errors.js";
import { refuseCommittableSecret } from "../../io/git-exposure.js";
import { joinPartFolders } from "../../ops/join-parts.js";
import { parseCommand } from "../args.js";
import type { Command } from "../command.js";
import { treeSummaryLines } from "../tree-summary.js";
import { EXIT, progress, toJson } from "../../command/output.js";

export const joinCommand: Command = {
  summary: "join the parts of a partitioned build into one tree folder",
  help: `Usage: solvent join <part-dir>… --out <dir> [--force] [--json]

Combines the folders written by 'solvent build --partition i/n' (every i from 0 to n − 1, in any order)
into the tree folder a single 'solvent build' of the same CSV writes, byte for byte: summary.json and
the store with every account's proof. The parts may have been built on other machines; copy their
folders here first. The join hashes only the nodes between the parts (a few per part and tree level),
then copies the parts' shards and index, each byte checked against the sha256 its part recorded
(a copy cut short or changed is refused by file name).
The parts are left as they are. Nothing is left behind if the join fails or is interrupted.

Options:
  --out <dir>     output folder (must not exist unless --force)
  --force         replace an existing output folder
  --json          print the summary as JSON only
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { out: { type: "string" }, force: { type: "boolean" } });
    if (positionals.length === 0) throw new InputError("give the folders of every part; see --help");
    if (values.out === undefined) throw new InputError("--out <dir> is required; see --help");
    await refuseCommittableSecret(values.out, "folder", "a tree folder, which holds every account's salt");
    const bar = progress(io, "joining parts");
    const summary = await joinPartFolders({
      parts: positionals,
      out: values.out,
      force: values.force ?? false,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    if (values.json) {
      io.stdout(toJson({ ok: true, out: values.out, ...summary }));
      return EXIT.ok;
    }
    io.stdout(
      [
        `Joined ${positionals.length} parts: ${summary.leafCount} accounts into ${values.out}/ (depth ${summary.depth})`,
        ...treeSummaryLines(summary),
        "",
      ].join("\n"),
    );
    return EXIT.ok;
  },
};
