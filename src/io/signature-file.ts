import { readFile } from "node:fs/promises";
import { getAddress, recoverAddress } from "ethers";
import { InputError } from "../errors.js";
import {
  attestationDigest,
  reserveWalletDigest,
  type AttestationMessage,
  type ReserveWalletMessage,
} from "../spec/typed-data.js";
import { writeFileAtomic } from "./atomic.js";
import { JsonFields } from "./json-fields.js";

export const SIGNATURE_FORMAT = "solvent-signature-v2";
/** v1 attestation messages lacked decimals and the auditor's term; the registry no longer accepts them. */
const RETIRED_FORMAT = "solvent-signature-v1";

interface Common {
  chainId: bigint;
  /** The contract the signature is for (the EIP-712 verifying contract). */
  contract: string;
  /** The account the signature speaks for: an EOA, or an ERC-1271 contract. */
  signer: string;
  /** The EOA whose key made the signature; differs from `signer` for a contract signer. */
  signedBy: string;
  signature: string;
}

/** An auditor's co-signature of an epoch, or a wallet's statement that it backs an exchange. */
export type SignatureDocument =
  | (Common & { kind: "attestation"; message: AttestationMessage })
  | (Common & { kind: "reserve-wallet"; message: ReserveWalletMessage });

/** The EIP-712 digest the document's signature is over. */
export function digestOf(document: SignatureDocument): string {
  return document.kind === "attestation"
    ? attestationDigest(document.chainId, document.contract, document.message)
    : reserveWalletDigest(document.chainId, document.contract, document.message);
}

/** The solvent-signature-v2 JSON text: integers as decimal strings. */
export function serializeSignature(document: SignatureDocument): string {
  const message =
    document.kind === "attestation"
      ? {
          exchangeId: document.message.exchangeId.toString(),
          epoch: document.message.epoch.toString(),
          root: document.message.root,
          leafCount: document.message.leafCount.toString(),
          asOf: document.message.asOf.toString(),
          assets: document.message.assets,
          decimals: document.message.decimals,
          liabilities: document.message.liabilities.map(String),
          reserves: document.message.reserves.map(String),
          uri: document.message.uri,
          auditorTerm: document.message.auditorTerm.toString(),
        }
      : {
          exchangeId: document.message.exchangeId.toString(),
          wallet: document.message.wallet,
          nonce: document.message.nonce.toString(),
        };
  const text = {
    format: SIGNATURE_FORMAT,
    kind: document.kind,
    chainId: document.chainId.toString(),
    contract: document.contract,
    message,
    digest: digestOf(document),
    signer: document.signer,
    signedBy: document.signedBy,
    signature: document.signature,
  };
  return JSON.stringify(text, null, 2) + "\n";
}

export async function writeSignatureFile(path: string, document: SignatureDocument): Promise<void> {
  await writeFileAtomic(path, serializeSignature(document));
}

export async function readSignatureFile(path: string): Promise<SignatureDocument> {
  const text = await readFile(path, "utf8").catch((error: Error) => {
    throw new InputError(`cannot read the signature file (${error.message})`, { file: path });
  });
  return parseSignature(text, path);
}

/**
 * Parses a signature file and checks it as far as is possible off-chain: the digest matches the message,
 * and the signature recovers to `signedBy` (a contract signer's own rules are checked on-chain).
 */
export function parseSignature(text: string, file = "<signature>"): SignatureDocument {
  const json = JsonFields.parse(text, file);
  const format = json.field("format").string();
  if (format === RETIRED_FORMAT) {
    json
      .field("format")
      .fail(
        `is ${RETIRED_FORMAT}, which the registry no longer accepts (it did not bind decimals or the auditor's term); sign again with this version's 'solvent sign'`,
      );
  }
  if (format !== SIGNATURE_FORMAT)
    json.field("format").fail(`is ${JSON.stringify(format)}, but this tool reads ${SIGNATURE_FORMAT} only`);
  const kind = json.field("kind").string();
  const common: Common = {
    chainId: json.field("chainId").bigint(),
    contract: getAddress(json.field("contract").hex(20)),
    signer: getAddress(json.field("signer").hex(20)),
    signedBy: getAddress(json.field("signedBy").hex(20)),
    signature: json.field("signature").hex(65),
  };
  const m = json.field("message");
  let document: SignatureDocument;
  if (kind === "attestation") {
    document = {
      ...common,
      kind,
      message: {
        exchangeId: m.field("exchangeId").bigint(),
        epoch: m.field("epoch").bigint(),
        root: m.field("root").hex(32),
        leafCount: m.field("leafCount").bigint(),
        asOf: m.field("asOf").bigint(),
        assets: m
          .field("assets")
          .items()
          .map((item) => item.string()),
        decimals: m
          .field("decimals")
          .items()
          .map((item) => item.smallInteger(36)),
        liabilities: m
          .field("liabilities")
          .items()
          .map((item) => item.bigint()),
        reserves: m
          .field("reserves")
          .items()
          .map((item) => item.bigint()),
        uri: m.field("uri").string(),
        auditorTerm: m.field("auditorTerm").bigint(),
      },
    };
    if (document.message.decimals.length !== document.message.assets.length) {
      m.field("decimals").fail(
        `has ${document.message.decimals.length} entries for ${document.message.assets.length} assets`,
      );
    }
    if (document.message.auditorTerm === 0n)
      m.field("auditorTerm").fail("must be the auditor's term, 1 or more (0 means not an auditor)");
  } else if (kind === "reserve-wallet") {
    document = {
      ...common,
      kind,
      message: {
        exchangeId: m.field("exchangeId").bigint(),
        wallet: getAddress(m.field("wallet").hex(20)),
        nonce: m.field("nonce").bigint(),
      },
    };
    if (document.message.wallet !== document.signer) m.field("wallet").fail(`must be the signer ${document.signer}`);
  } else {
    return json.field("kind").fail(`must be "attestation" or "reserve-wallet", got ${JSON.stringify(kind)}`);
  }
  const digest = digestOf(document);
  if (json.field("digest").hex(32) !== digest.toLowerCase()) {
    json.field("digest").fail(`does not match the message (expected ${digest}); the file was edited after signing`);
  }
  let recovered: string | undefined;
  try {
    recovered = recoverAddress(digest, document.signature);
  } catch {
    recovered = undefined;
  }
  if (recovered !== document.signedBy)
    json.field("signature").fail(`is not ${document.signedBy}'s signature of the message`);
  return document;
}
