import { getAddress } from "ethers";
import type { AttestationMessage } from "../spec/typed-data.js";
import type { Cosignature, RegistryClient } from "../chain/registry-client.js";
import type { TreeSummary } from "../store/tree-folder.js";
import { InputError } from "../errors.js";
import { readSignatureFile } from "../io/signature-file.js";

export interface SignedAttestation {
  file: string;
  message: AttestationMessage;
  cosignature: Cosignature;
}

/**
 * Reads auditors' signature files and checks they are attestation signatures for this chain and registry,
 * all of the same epoch, each signer once.
 */
export async function readCosignatures(
  files: readonly string[],
  chainId: bigint,
  registry: string,
): Promise<SignedAttestation[]> {
  const signed: SignedAttestation[] = [];
  for (const file of files) {
    const document = await readSignatureFile(file);
    if (document.kind !== "attestation")
      throw new InputError(`is a ${document.kind} signature, not an auditor's attestation signature`, { file });
    if (document.chainId !== chainId)
      throw new InputError(`was signed for chain ${document.chainId}, but this network is chain ${chainId}`, { file });
    if (document.contract !== getAddress(registry))
      throw new InputError(`was signed for the registry at ${document.contract}, not ${getAddress(registry)}`, {
        file,
      });
    const first = signed[0];
    if (
      first &&
      (first.message.exchangeId !== document.message.exchangeId || first.message.epoch !== document.message.epoch)
    ) {
      throw new InputError(
        `is for exchange ${document.message.exchangeId} epoch ${document.message.epoch}, but ${first.file} is for exchange ${first.message.exchangeId} epoch ${first.message.epoch}; submit one epoch at a time`,
        { file },
      );
    }
    const twin = signed.find((s) => s.cosignature.auditor === document.signer);
    if (twin) throw new InputError(`is a second signature by ${document.signer} (also in ${twin.file})`, { file });
    signed.push({
      file,
      message: document.message,
      cosignature: { auditor: document.signer, signature: document.signature },
    });
  }
  return signed;
}

/** The fields where a signed message differs from what is (or will be) on-chain; empty when none. */
export function differences(signed: AttestationMessage, actual: AttestationMessage): string[] {
  const show = (value: unknown) => (Array.isArray(value) ? `[${value.map(String).join(", ")}]` : String(value));
  const out: string[] = [];
  for (const key of Object.keys(actual) as (keyof AttestationMessage)[]) {
    const a = show(signed[key]);
    const b = show(actual[key]);
    if (key === "root" ? a.toLowerCase() !== b.toLowerCase() : a !== b) out.push(`${key}: signed ${a}, on-chain ${b}`);
  }
  return out;
}

/** An attestation message before it is addressed to one auditor: every field but the auditor's term. */
export type EpochMessage = Omit<AttestationMessage, "auditorTerm">;

/** The epoch part of the attestation message of a posted epoch, read from the registry. */
export async function postedMessage(client: RegistryClient, exchangeId: bigint, epoch: bigint): Promise<EpochMessage> {
  const posted = await client.attestation(exchangeId, epoch);
  return {
    exchangeId,
    epoch,
    root: posted.root,
    leafCount: posted.leafCount,
    asOf: posted.asOf,
    assets: posted.assets.map((a) => a.symbol),
    decimals: posted.assets.map((a) => a.decimals),
    liabilities: posted.liabilities,
    reserves: posted.reserves,
    uri: posted.uri,
  };
}

/** The attestation message of a built tree posted as `epoch`, before it is addressed to an auditor. */
export function epochMessage(
  summary: TreeSummary,
  exchangeId: bigint,
  epoch: bigint,
  reserves: bigint[],
  uri: string,
): EpochMessage {
  return {
    exchangeId,
    epoch,
    root: summary.root,
    leafCount: BigInt(summary.leafCount),
    asOf: summary.asOf,
    assets: summary.assets.map((a) => a.symbol),
    decimals: summary.assets.map((a) => a.decimals),
    liabilities: [...summary.totals],
    reserves,
    uri,
  };
}

/**
 * Checks each signed message against the epoch (as posted, or as about to be posted) and the signer's
 * current term on-chain, and names every field that differs, so a mismatch is explained before anything
 * is sent. `what` says which epoch, e.g. "epoch 3 as posted".
 */
export async function checkSignedMessages(
  client: RegistryClient,
  signed: readonly SignedAttestation[],
  epoch: EpochMessage,
  what: string,
): Promise<void> {
  for (const s of signed) {
    const auditorTerm = await client.auditorTerm(epoch.exchangeId, s.cosignature.auditor);
    if (auditorTerm === 0n)
      throw new InputError(
        `is signed by ${s.cosignature.auditor}, who is not a current auditor of exchange ${epoch.exchangeId}`,
        { file: s.file },
      );
    const diff = differences(s.message, { ...epoch, auditorTerm });
    if (diff.length > 0) throw new InputError(`does not match ${what}: ${diff.join("; ")}`, { file: s.file });
  }
}

/**
 * `npx hardhat solvent countersign`: checks every signature file against the posted epoch (naming the fields that
 * differ, so a mismatch is explained before anything is sent), then submits them in one transaction.
 */
export async function countersignFromFiles(client: RegistryClient, chainId: bigint, files: readonly string[]) {
  const signed = await readCosignatures(files, chainId, client.address);
  if (signed.length === 0) throw new InputError("give at least one signature file");
  const { exchangeId, epoch } = signed[0]!.message;
  await checkSignedMessages(client, signed, await postedMessage(client, exchangeId, epoch), `epoch ${epoch} as posted`);
  const { tx, audited } = await client.countersign(
    exchangeId,
    epoch,
    signed.map((s) => s.cosignature),
  );
  const audit = await client.audit(exchangeId, epoch);
  return {
    exchangeId,
    epoch,
    auditors: signed.map((s) => s.cosignature.auditor),
    transaction: tx.hash,
    audited,
    audit,
  };
}
