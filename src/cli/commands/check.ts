import { InputError } from "../../errors.js";
import { checkTreeFolder } from "../../ops/check-tree.js";
import { parseCommand } from "../args.js";
import type { Command } from "../command.js";
import { EXIT, progress, toJson } from "../../command/output.js";

export const checkCommand: Command = {
  summary: "re-verify every proof of a built tree before posting its root",
  help: `Usage: solvent check <dir> [--json]

Re-verifies every proof the store of a tree folder (written by 'solvent build' or 'solvent join') hands
out, against the root and totals in its summary.json: each leaf hashes to its record from the account's id,
salt and balances, each stored node is the parent of the two below it, each shard's top leads to the root,
and the index finds every account once, at its own leaf. Run it before 'npx hardhat solvent post': a posted epoch
cannot be taken back, and a damaged store would give customers proofs that fail. About two hashes per
account; reads the whole store once.

Exit codes: 0 every proof checks out, 1 problems found (each named by file), 2 bad input.

Options:
  --json          print the result as JSON only
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {});
    const [folder, ...extra] = positionals;
    if (folder === undefined || extra.length > 0) throw new InputError("give exactly one tree folder; see --help");
    const bar = progress(io, "checking proofs");
    const result = await checkTreeFolder(folder, (done, total) => bar.update(done, total));
    bar.done();
    const ok = result.problemCount === 0;
    if (values.json) {
      const { summary, ...check } = result;
      io.stdout(toJson({ ok, root: summary.root, ...check }));
    } else if (ok) {
      io.stdout(
        `✔ Every proof checks out: ${result.leaves} accounts in ${result.shards} shard(s) and ${result.buckets} index bucket(s) lead to the root ${result.summary.root} and the totals of summary.json.\n`,
      );
    } else {
      io.stdout(
        [
          `✘ ${result.problemCount} problem(s) in ${folder}'s store: some customers' proofs would fail. Do not post this root; build the tree again.`,
          ...result.problems.map((p) => `  ${p.file}: ${p.problem}`),
          ...(result.problemCount > result.problems.length
            ? [`  … and ${result.problemCount - result.problems.length} more`]
            : []),
          "",
        ].join("\n"),
      );
    }
    return ok ? EXIT.ok : EXIT.invalid;
  },
};
