import { getAddress, type Wallet } from "ethers";
import type { AttestationMessage, ReserveWalletMessage } from "../chain/typed-data.js";
import { digestOf, writeSignatureFile, type SignatureDocument } from "../io/signature-file.js";
import type { TreeSummary } from "../io/tree-store.js";

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
 * summary, then signs exactly what the exchange will post (or posted) as this epoch.
 */
export async function signAttestation(
  target: SignTarget,
  epoch: { summary: TreeSummary; exchangeId: bigint; epoch: bigint; reserves: bigint[]; uri: string },
): Promise<SignatureDocument> {
  const message: AttestationMessage = {
    exchangeId: epoch.exchangeId,
    epoch: epoch.epoch,
    root: epoch.summary.root,
    leafCount: BigInt(epoch.summary.leafCount),
    asOf: epoch.summary.asOf,
    assets: epoch.summary.assets.map((asset) => asset.symbol),
    liabilities: [...epoch.summary.totals],
    reserves: epoch.reserves,
    uri: epoch.uri,
  };
  return sign(target, { kind: "attestation", message });
}

/** `solvent sign wallet`: the wallet (or its owner, for a smart wallet) states that it backs the exchange. */
export async function signReserveWallet(target: SignTarget, wallet: { exchangeId: bigint; nonce: bigint }): Promise<SignatureDocument> {
  const message: ReserveWalletMessage = { ...wallet, wallet: getAddress(target.as ?? target.key.address) };
  return sign(target, { kind: "reserve-wallet", message });
}

async function sign(
  target: SignTarget,
  body: { kind: "attestation"; message: AttestationMessage } | { kind: "reserve-wallet"; message: ReserveWalletMessage },
): Promise<SignatureDocument> {
  const unsigned = {
    ...body,
    chainId: target.chainId,
    contract: getAddress(target.contract),
    signer: getAddress(target.as ?? target.key.address),
    signedBy: target.key.address,
    signature: "",
  } as SignatureDocument;
  const document = { ...unsigned, signature: target.key.signingKey.sign(digestOf(unsigned)).serialized } as SignatureDocument;
  await writeSignatureFile(target.out, document);
  return document;
}
