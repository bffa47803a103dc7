import { InputError } from "../../errors.js";
import { gitWouldCommit, refuseCommittableSecret } from "../../io/git-exposure.js";
import { buildFromCsv } from "../../ops/build-from-csv.js";
import { verifierLink } from "../../ops/verifier-link.js";
import { readBuildSecret } from "../../store/build-secret.js";
import { parsePartition } from "../../tree/partition.js";
import { parseCommand } from "../args.js";
import { parseWholeNumber } from "../../command/options.js";
import type { Command } from "../command.js";
import { treeSummaryLines } from "../tree-summary.js";
import { EXIT, progress, toJson } from "../../command/output.js";

export const buildCommand: Command = {
  summary: "build a tree and every account's proof from a balances CSV",
  help: `Usage: solvent build <balances.csv> --out <dir> [--as-of TIME] [--secret FILE] [--partition i/n] [--threads N] [--force]
                     [--json] [--verifier-page URL …]

Reads a CSV export (header: account[,salt],SYMBOL:DECIMALS,…; amounts in display units, e.g. 1.5),
builds the Merkle sum tree and writes into <dir>:
  summary.json   public: assets, leaf count, depth, root, totals, snapshot time, input sha256
  store/         every account's proof, in sharded, compressed files (SECRET: holds the salts);
                 'solvent proof <dir> <account>' prints one as a solvent-proof-v1 file
  secret         SECRET, when the CSV has no salt column and no --secret is given: the build secret
                 each account's salt is derived from, with the snapshot time; it reveals every salt
Hashing uses every core. Nothing is left behind if the build fails or is interrupted.

Options:
  --out <dir>     output folder (must not exist unless --force)
  --as-of TIME    snapshot time of the balances: unix seconds or an ISO date (default: now)
  --force         replace an existing output folder
  --threads N     hashing threads (default: one per core; 1 hashes on the main thread)
  --secret FILE   derive the salts from this build secret (64 hex digits, owner-only; make one with
                  openssl rand -hex 32); the same secret and --as-of rebuild the same tree
  --partition i/n build only part i of n (0 ≤ i < n), on any machine, in any order: every part reads the
                  whole CSV and needs the same --secret (unless the CSV has salts) and --as-of;
                  'solvent join' then makes the tree folder (docs/scale.md)
  --json          print the summary as JSON only

The link customers verify with (printed with --verifier-page; see the README's "Verify in your browser"):
  --verifier-page URL   where you host dist/verifier.html
  --registry ADDRESS    the registry you post to
  --exchange ID         your exchange id on it
  --chain ID            the chain id of the registry
  --rpc URL             a public RPC endpoint customers may use (they can choose their own)
  --lens ADDRESS        the SolvencyLens of the same deployment (shows reserves read on-chain)
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      out: { type: "string" },
      "as-of": { type: "string" },
      force: { type: "boolean" },
      threads: { type: "string" },
      secret: { type: "string" },
      partition: { type: "string" },
      "verifier-page": { type: "string" },
      registry: { type: "string" },
      exchange: { type: "string" },
      chain: { type: "string" },
      rpc: { type: "string" },
      lens: { type: "string" },
    });
    const [csv, ...extra] = positionals;
    if (csv === undefined || extra.length > 0) throw new InputError("give exactly one balances CSV file; see --help");
    if (values.out === undefined) throw new InputError("--out <dir> is required; see --help");
    await refuseCommittableSecret(values.out, "folder", "a tree folder, which holds every account's salt");
    const csvTop = await gitWouldCommit(csv, "file");
    if (csvTop !== undefined) {
      io.stderr(
        `! ${csv} is inside the git work tree ${csvTop} and not ignored: 'git add .' would commit every customer's balances. Add it to .gitignore or move it out of the repository.\n`,
      );
    }
    const link = linkFromOptions(values);
    const threads = values.threads === undefined ? undefined : Number(parseWholeNumber(values.threads, "threads"));
    if (threads === 0) throw new InputError("--threads must be at least 1");
    const partition = values.partition === undefined ? undefined : parsePartition(values.partition);
    if (partition && link !== undefined)
      throw new InputError("--verifier-page describes a whole tree: print the link after 'solvent join'");
    const secret = values.secret === undefined ? undefined : await readBuildSecret(values.secret);
    const secretTop = values.secret === undefined ? undefined : await gitWouldCommit(values.secret, "file");
    if (secretTop !== undefined) {
      io.stderr(
        `! ${values.secret} is inside the git work tree ${secretTop} and not ignored: 'git add .' would commit the build secret, from which every salt follows. Add it to .gitignore or move it out of the repository.\n`,
      );
    }
    const labels = {
      parse: "reading rows",
      salts: "deriving salts",
      hash: "hashing accounts",
      write: "storing proofs",
    } as const;
    let stage: keyof typeof labels | undefined;
    let bar: ReturnType<typeof progress> | undefined;
    const summary = await buildFromCsv({
      csv,
      out: values.out,
      ...(values["as-of"] !== undefined ? { asOf: parseTime(values["as-of"]) } : {}),
      force: values.force ?? false,
      ...(threads !== undefined ? { threads } : {}),
      ...(secret !== undefined ? { secret } : {}),
      ...(partition !== undefined ? { partition } : {}),
      onStage: (next, done, total) => {
        if (next !== stage) {
          bar?.done();
          stage = next;
          bar = progress(io, labels[next]); // each stage's rate counts from its own start
        }
        bar!.update(done, total);
      },
    });
    bar?.done();
    if (!("root" in summary)) {
      if (values.json) io.stdout(toJson({ ok: true, out: values.out, ...summary }));
      else
        io.stdout(
          `Built part ${summary.part}/${summary.parts} into ${values.out}/: ${summary.count} of ${summary.leafCount} accounts (leaves ${summary.offset}…). When every part is built: solvent join <parts…> --out <dir>\n`,
        );
      return EXIT.ok;
    }
    if (values.json) {
      io.stdout(
        toJson({ ok: true, out: values.out, ...summary, ...(link !== undefined ? { verifierLink: link } : {}) }),
      );
      return EXIT.ok;
    }
    io.stdout(
      [
        `Built ${summary.leafCount} accounts into ${values.out}/ (depth ${summary.depth})`,
        ...treeSummaryLines(summary),
        ...(link !== undefined ? [`Customers verify their proofs at: ${link}`] : []),
        "",
      ].join("\n"),
    );
    return EXIT.ok;
  },
};

/** The verifier link, checked before the build starts, or undefined without --verifier-page. */
function linkFromOptions(values: {
  "verifier-page"?: string | undefined;
  registry?: string | undefined;
  exchange?: string | undefined;
  chain?: string | undefined;
  rpc?: string | undefined;
  lens?: string | undefined;
}): string | undefined {
  const page = values["verifier-page"];
  const linkOptions = [values.registry, values.exchange, values.chain, values.rpc, values.lens];
  if (page === undefined) {
    if (linkOptions.some((value) => value !== undefined))
      throw new InputError(
        "--registry, --exchange, --chain, --rpc and --lens describe the verifier link: add --verifier-page URL",
      );
    return undefined;
  }
  if (values.registry === undefined || values.exchange === undefined || values.chain === undefined)
    throw new InputError("--verifier-page needs --registry, --exchange and --chain: the link pins all three");
  return verifierLink({
    page,
    registry: values.registry,
    exchangeId: parseWholeNumber(values.exchange, "exchange"),
    chainId: parseWholeNumber(values.chain, "chain"),
    ...(values.rpc !== undefined ? { rpc: values.rpc } : {}),
    ...(values.lens !== undefined ? { lens: values.lens } : {}),
  });
}

function parseTime(text: string): bigint {
  if (/^[0-9]+$/.test(text)) return BigInt(text);
  const millis = Date.parse(text);
  if (Number.isNaN(millis))
    throw new InputError(`--as-of ${JSON.stringify(text)} is neither unix seconds nor an ISO date`);
  return BigInt(Math.floor(millis / 1000));
}
