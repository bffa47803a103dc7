import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import type { Hex } from "../spec/bytes.js";
import type { InclusionProof } from "../tree/proof.js";
import { JsonFields } from "../io/json-fields.js";
import { parseProof, serializeProof } from "../io/proof-format.js";
import { readProofFromStore } from "./proof-store.js";

/** v2 keeps proofs in a sharded, compressed store; v1 (one JSON file per proof) is still read. */
export const TREE_FORMAT = "solvent-tree-v2";
const LEGACY_TREE_FORMAT = "solvent-tree-v1";
const ACCOUNTS_FORMAT = "solvent-accounts-v1";
const SHARD_SIZE = 1000;

/** summary.json: everything public about a built tree, and what `post` needs. */
export interface TreeSummary {
  format: typeof TREE_FORMAT | typeof LEGACY_TREE_FORMAT;
  assets: Asset[];
  leafCount: number;
  depth: number;
  root: Hex;
  totals: bigint[];
  /** Snapshot time of the balances, unix seconds: posted on-chain as asOf. */
  asOf: bigint;
  input: { file: string; sha256: string; bytes: number };
  builtAt: string;
  buildMilliseconds: number;
}

export interface WriteTreeOptions {
  force?: boolean;
  onProgress?: (written: number, total: number) => void;
}

/** Relative path of the proof file of the leaf at `index` in a v1 folder. */
function proofPath(index: number): string {
  return join("proofs", String(Math.floor(index / SHARD_SIZE)).padStart(4, "0"), `${index}.json`);
}

/** Throws unless `out` can be written (absent, or `force`). Call before the long work. */
export async function checkOutputFolder(out: string, force = false): Promise<void> {
  const exists = await stat(out).then(
    () => true,
    () => false,
  );
  if (exists && !force)
    throw new InputError(`${out} already exists; choose another --out or pass --force to replace it`);
}

/**
 * Fills a temporary folder beside `out` (`fill` writes the proof store and returns the summary), writes
 * summary.json, then renames the folder into place: an interrupted build leaves no half-written output.
 * The store holds salts, so it and the folder are owner-only.
 */
export async function writeTreeFolder(
  out: string,
  fill: (folder: string) => Promise<TreeSummary>,
  options: { force?: boolean } = {},
): Promise<TreeSummary> {
  return writeFolderAtomically(
    out,
    async (folder) => {
      const summary = await fill(folder);
      await writeFile(join(folder, "summary.json"), serializeSummary(summary), { mode: 0o644 });
      return summary;
    },
    options,
  );
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const partialPrefix = (out: string) => `.${basename(out)}.partial-${hostname()}-`;

/**
 * Removes the temporary folders that builds to `out` on this machine left when they were killed
 * (SIGKILL, an out-of-memory kill: no handler runs): those whose process no longer runs. They hold salts.
 * A folder of another machine (a shared disk) or of a running process is left alone.
 */
async function removeKilledPartials(out: string): Promise<void> {
  const prefix = partialPrefix(out);
  for (const name of await readdir(dirname(out)).catch(() => [] as string[])) {
    // Not a `…-previous` folder: that is the old tree of a --force swap cut short, whole, for its owner to keep.
    const match = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null;
    if (match === null || processRuns(Number(match[1]))) continue;
    await rm(join(dirname(out), name), { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  }
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether it exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, run by someone else
  }
}

/**
 * `fill` writes into an owner-only temporary folder beside `out`, which is then renamed into place; on
 * failure or interruption (SIGINT, SIGTERM, SIGHUP) the temporary folder is removed: nothing half-written
 * remains. One left by a killed build to `out` on this machine is removed first.
 */
export async function writeFolderAtomically<T>(
  out: string,
  fill: (folder: string) => Promise<T>,
  options: { force?: boolean } = {},
): Promise<T> {
  await checkOutputFolder(out, options.force);
  await mkdir(dirname(out), { recursive: true });
  await removeKilledPartials(out);
  // Named by machine and process, so that a later build can tell one whose process was killed.
  const temporary = join(dirname(out), `${partialPrefix(out)}${process.pid}-${randomBytes(4).toString("hex")}`);
  // Listening before the folder exists: a signal at any moment after finds it removed.
  const interrupted = (signal: NodeJS.Signals) => {
    try {
      // Hashing threads may still be appending files while this runs: retry until the folder is gone.
      rmSync(temporary, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    } catch (error) {
      process.stderr.write(`could not remove ${temporary} (${(error as Error).message}): delete it by hand\n`);
    }
    process.kill(process.pid, signal);
  };
  // SIGHUP too: what a dropped ssh session sends. (SIGKILL cannot be caught: the next build removes the folder.)
  for (const signal of SIGNALS) process.once(signal, interrupted);
  try {
    // Synchronously: a signal's handler cannot run between the folder's creation and this line.
    mkdirSync(temporary, { mode: 0o700 });
    const result = await fill(temporary);
    if (options.force && existsSync(out)) {
      // The old folder steps aside before the new one moves in, so a crash between leaves one of them whole.
      const previous = `${temporary}-previous`;
      await rename(out, previous);
      await rename(temporary, out);
      await rm(previous, { recursive: true, force: true });
    } else {
      await rename(temporary, out);
    }
    return result;
  } catch (error) {
    // Retried: a thread may still be finishing a file in it (as on a signal, above).
    await rm(temporary, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, interrupted);
  }
}

export function serializeSummary(summary: TreeSummary): string {
  return (
    JSON.stringify({ ...summary, totals: summary.totals.map(String), asOf: summary.asOf.toString() }, null, 2) + "\n"
  );
}

export async function readTreeSummary(folder: string): Promise<TreeSummary> {
  const file = join(folder, "summary.json");
  const text = await readFile(file, "utf8").catch(() => {
    throw new InputError(`no summary.json here; is this a folder written by 'solvent build'?`, { file });
  });
  const json = JsonFields.parse(text, file);
  const format = json.field("format").string();
  if (format !== TREE_FORMAT && format !== LEGACY_TREE_FORMAT) {
    json
      .field("format")
      .fail(`is ${JSON.stringify(format)}, but this tool reads ${TREE_FORMAT} and ${LEGACY_TREE_FORMAT}`);
  }
  const input = json.field("input");
  return {
    format: format as TreeSummary["format"],
    assets: json
      .field("assets")
      .items()
      .map((a) => ({ symbol: a.field("symbol").string(), decimals: a.field("decimals").smallInteger(36) })),
    leafCount: json.field("leafCount").smallInteger(Number.MAX_SAFE_INTEGER),
    depth: json.field("depth").smallInteger(64),
    root: json.field("root").hex(32),
    totals: json
      .field("totals")
      .items()
      .map((t) => t.bigint()),
    asOf: json.field("asOf").bigint(),
    input: {
      file: input.field("file").string(),
      sha256: input.field("sha256").string(),
      bytes: input.field("bytes").smallInteger(Number.MAX_SAFE_INTEGER),
    },
    builtAt: json.field("builtAt").string(),
    buildMilliseconds: json.field("buildMilliseconds").smallInteger(Number.MAX_SAFE_INTEGER),
  };
}

/** The proof of one account from a tree folder, looked up by id (trimmed, NFC). */
export async function readProofFromFolder(
  folder: string,
  accountId: string,
): Promise<{ proof: InclusionProof; text: string }> {
  const summary = await readTreeSummary(folder);
  if (summary.format === LEGACY_TREE_FORMAT) return readLegacyProof(folder, accountId);
  const proof = await readProofFromStore(folder, accountId, summary);
  return { proof, text: serializeProof(proof) };
}

/** v1 folders: accounts.json maps ids to indexes, proofs/NNNN/<index>.json holds each proof. */
async function readLegacyProof(folder: string, accountId: string): Promise<{ proof: InclusionProof; text: string }> {
  const accountsFile = join(folder, "accounts.json");
  const text = await readFile(accountsFile, "utf8").catch(() => {
    throw new InputError("no accounts.json here; is this a folder written by 'solvent build'?", { file: accountsFile });
  });
  const json = JsonFields.parse(text, accountsFile);
  if (json.field("format").string() !== ACCOUNTS_FORMAT) json.field("format").fail(`must be ${ACCOUNTS_FORMAT}`);
  const index = (json.field("accounts").raw as Record<string, unknown>)[accountId.trim().normalize("NFC")];
  if (typeof index !== "number")
    throw new InputError(`no account ${JSON.stringify(accountId)} in this tree`, { file: accountsFile });
  const file = join(folder, proofPath(index));
  const proofText = await readFile(file, "utf8");
  return { proof: parseProof(proofText, file), text: proofText };
}
