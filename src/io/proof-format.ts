/** The solvent-proof-v1 format (docs/spec.md): text in, text out, no file system, so a browser can use it too. */
import type { InclusionProof } from "../tree/proof.js";
import { JsonFields } from "./json-fields.js";

export const PROOF_FORMAT = "solvent-proof-v1";

/** The solvent-proof-v1 JSON text of a proof: every integer a decimal string. */
export function serializeProof(proof: InclusionProof): string {
  const { leaf } = proof;
  const document = {
    format: PROOF_FORMAT,
    ...(proof.chainId !== undefined ? { chainId: proof.chainId.toString() } : {}),
    ...(proof.registry !== undefined ? { registry: proof.registry } : {}),
    ...(proof.exchangeId !== undefined ? { exchangeId: proof.exchangeId.toString() } : {}),
    ...(proof.epoch !== undefined ? { epoch: proof.epoch.toString() } : {}),
    assets: proof.assets,
    ...(proof.decimals !== undefined ? { decimals: proof.decimals } : {}),
    leafCount: proof.leafCount.toString(),
    root: proof.root,
    totals: proof.totals.map(String),
    leaf: {
      index: leaf.index.toString(),
      ...(leaf.accountId !== undefined ? { accountId: leaf.accountId } : {}),
      ...(leaf.salt !== undefined ? { salt: leaf.salt } : {}),
      accountKey: leaf.accountKey,
      balances: leaf.balances.map(String),
    },
    siblings: proof.siblings.map((sibling) => ({ hash: sibling.hash, sums: sibling.sums.map(String) })),
  };
  return JSON.stringify(document, null, 2) + "\n";
}

/** Parses and validates a proof file's text. `file` names it in errors. */
export function parseProof(text: string, file = "<proof>"): InclusionProof {
  const json = JsonFields.parse(text, file);
  const format = json.field("format").string();
  if (format !== PROOF_FORMAT) {
    json
      .field("format")
      .fail(
        `is ${JSON.stringify(format)}, but this tool reads ${PROOF_FORMAT} only; is it a proof file from a newer Solvent?`,
      );
  }
  const leaf = json.field("leaf");
  const accountIdField = leaf.optional("accountId");
  const accountId = accountIdField?.string();
  if (accountId !== undefined && accountId.normalize("NFC") === "") accountIdField!.fail("must not be empty");
  const salt = leaf.optional("salt")?.hex(32);
  const decimals = json
    .optional("decimals")
    ?.items()
    .map((item) => item.smallInteger(36));
  const proof: InclusionProof = {
    assets: json
      .field("assets")
      .items()
      .map((item) => item.string()),
    ...(decimals !== undefined ? { decimals } : {}),
    leafCount: json.field("leafCount").bigint(),
    root: json.field("root").hex(32),
    totals: json
      .field("totals")
      .items()
      .map((item) => item.bigint()),
    leaf: {
      index: leaf.field("index").bigint(),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(salt !== undefined ? { salt } : {}),
      accountKey: leaf.field("accountKey").hex(32),
      balances: leaf
        .field("balances")
        .items()
        .map((item) => item.bigint()),
    },
    siblings: json
      .field("siblings")
      .items()
      .map((sibling) => ({
        hash: sibling.field("hash").hex(32),
        sums: sibling
          .field("sums")
          .items()
          .map((item) => item.bigint()),
      })),
  };
  const chainId = json.optional("chainId")?.bigint();
  const exchangeId = json.optional("exchangeId")?.bigint();
  const epoch = json.optional("epoch")?.bigint();
  const registry = json.optional("registry")?.hex(20);
  if (chainId !== undefined) proof.chainId = chainId;
  if (registry !== undefined) proof.registry = registry;
  if (exchangeId !== undefined) proof.exchangeId = exchangeId;
  if (epoch !== undefined) proof.epoch = epoch;
  if (proof.assets.length === 0) json.field("assets").fail("must name at least one asset");
  if (decimals !== undefined && decimals.length !== proof.assets.length) {
    json.field("decimals").fail(`has ${decimals.length} entries for ${proof.assets.length} assets`);
  }
  return proof;
}
