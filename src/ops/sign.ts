import { getAddress, type Wallet } from "ethers";
import { RegistryClient } from "../chain/registry-client.js";
import { connectRpc, type EndpointRule } from "../chain/rpc.js";
import { InputError } from "../errors.js";
import type { AttestationMessage, ReserveWalletMessage } from "../spec/typed-data.js";
import { digestOf, writeSignatureFile, type SignatureDocument } from "../io/signature-file.js";
import type { TreeSummary } from "../store/tree-folder.js";
import { epochMessage } from "./audit.js";

export interface SignTarget {
  chainId: bigint;
  /** The registry (attestations) or the ReserveWallets contract (wallets). */
  contract: string;
  key: Wallet;
  /** The ERC-1271 contract the key signs for; the key's own address when absent. */
  as?: string;
  out: string;
}

/**
 * `solvent sign attestation`, on the auditor's own machine and offline: the auditor checks the tree
 * summary, then signs exactly what the exchange will post (or posted) as this epoch, in its current term
 * (the registry's `auditorTerm`), with the decimals the amounts are in.
 */
export async function signAttestation(
  target: SignTarget,
  epoch: {
    summary: TreeSummary;
    exchangeId: bigint;
    epoch: bigint;
    reserves: bigint[];
    uri: string;
    auditorTerm: bigint;
  },
): Promise<SignatureDocument> {
  const message: AttestationMessage = {
    ...epochMessage(epoch.summary, epoch.exchangeId, epoch.epoch, epoch.reserves, epoch.uri),
    auditorTerm: epoch.auditorTerm,
  };
  return sign(target, { kind: "attestation", message });
}

/** `solvent sign wallet`: the wallet (or its owner, for a smart wallet) states that it backs the exchange. */
export async function signReserveWallet(
  target: SignTarget,
  wallet: { exchangeId: bigint; nonce: bigint },
): Promise<SignatureDocument> {
  const message: ReserveWalletMessage = { ...wallet, wallet: getAddress(target.as ?? target.key.address) };
  return sign(target, { kind: "reserve-wallet", message });
}

async function sign(
  target: SignTarget,
  body:
    { kind: "attestation"; message: AttestationMessage } | { kind: "reserve-wallet"; message: ReserveWalletMessage },
): Promise<SignatureDocument> {
  const unsigned = {
    ...body,
    chainId: target.chainId,
    contract: getAddress(target.contract),
    signer: getAddress(target.as ?? target.key.address),
    signedBy: target.key.address,
    signature: "",
  } as SignatureDocument;
  const document = {
    ...unsigned,
    signature: target.key.signingKey.sign(digestOf(unsigned)).serialized,
  } as SignatureDocument;
  await writeSignatureFile(target.out, document);
  return document;
}

/** The auditor's current term, read from the registry over `rpc` (checked to be chain `chainId`). */
export async function readAuditorTerm(
  rpc: string,
  where: { chainId: bigint; registry: string; exchangeId: bigint; auditor: string },
  rule: EndpointRule = {},
): Promise<bigint> {
  const { provider, chainId } = await connectRpc(rpc, rule);
  try {
    if (chainId !== where.chainId)
      throw new InputError(`--chain-id is ${where.chainId} but ${rpc} is chain ${chainId}`);
    return await new RegistryClient(where.registry, provider).auditorTerm(where.exchangeId, where.auditor);
  } finally {
    provider.destroy();
  }
}
