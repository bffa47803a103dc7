import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import type { Hex } from "../spec/bytes.js";
import type { InclusionProof } from "../tree/proof.js";
import { writeFolderAtomically } from "../io/atomic.js";
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

/** What a build or a join made: the tree's public facts. */
export interface BuiltTree {
  assets: Asset[];
  leafCount: number;
  depth: number;
  root: Hex;
  totals: bigint[];
}

/**
 * The one summary builder, for builds and joins alike: the tree, its snapshot time and input, and the
 * time since `started` (by the same clock `now`, in milliseconds).
 */
export function treeSummary(
  tree: BuiltTree,
  facts: { asOf: bigint; input: TreeSummary["input"]; started: number; now: () => number },
): TreeSummary {
  const end = facts.now();
  return {
    format: TREE_FORMAT,
    assets: tree.assets,
    leafCount: tree.leafCount,
    depth: tree.depth,
    root: tree.root,
    totals: tree.totals,
    asOf: facts.asOf,
    input: facts.input,
    builtAt: new Date(end).toISOString(),
    buildMilliseconds: Math.round(end - facts.started),
  };
}

export interface WriteTreeOptions {
  force?: boolean;
  onProgress?: (written: number, total: number) => void;
}

/** Relative path of the proof file of the leaf at `index` in a v1 folder. */
function proofPath(index: number): string {
  return join("proofs", String(Math.floor(index / SHARD_SIZE)).padStart(4, "0"), `${index}.json`);
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
