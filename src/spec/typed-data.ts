import { TypedDataEncoder, getAddress, type TypedDataDomain, type TypedDataField } from "ethers";
import { symbolToBytes32 } from "./assets.js";

/**
 * The EIP-712 messages of the Solvent contracts, exactly as they hash them (docs/spec.md, "Signatures").
 * The domain binds the chain id and the contract; the message binds everything else.
 */

export const ATTESTATION_TYPES: Record<string, TypedDataField[]> = {
  Attestation: [
    { name: "exchangeId", type: "uint256" },
    { name: "epoch", type: "uint256" },
    { name: "root", type: "bytes32" },
    { name: "leafCount", type: "uint256" },
    { name: "asOf", type: "uint256" },
    { name: "assets", type: "bytes32[]" },
    { name: "decimals", type: "uint8[]" },
    { name: "liabilities", type: "uint256[]" },
    { name: "reserves", type: "uint256[]" },
    { name: "uri", type: "string" },
    { name: "auditorTerm", type: "uint256" },
  ],
};

export const RESERVE_WALLET_TYPES: Record<string, TypedDataField[]> = {
  ReserveWallet: [
    { name: "exchangeId", type: "uint256" },
    { name: "wallet", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/**
 * A wallet's withdrawal of its consent: it stops backing the exchange. Signed with the wallet's next nonce,
 * so one withdrawal is used once and also cancels any consent the wallet signed but nobody used yet.
 */
export const RESERVE_WALLET_LEAVE_TYPES: Record<string, TypedDataField[]> = {
  LeaveReserves: [
    { name: "exchangeId", type: "uint256" },
    { name: "wallet", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** What an auditor vouches for: one epoch of one exchange, field by field, in the auditor's current term. */
export interface AttestationMessage {
  exchangeId: bigint;
  epoch: bigint;
  root: string;
  leafCount: bigint;
  asOf: bigint;
  /** Asset symbols, e.g. "BTC". */
  assets: string[];
  /** Decimals of each asset: the denomination the amounts are in. */
  decimals: number[];
  liabilities: bigint[];
  reserves: bigint[];
  uri: string;
  /** The signing auditor's term (the registry's `auditorTerm`): a signature never outlives it. */
  auditorTerm: bigint;
}

/** A wallet's statement that it holds reserves of the exchange (or, in LeaveReserves, that it no longer does). */
export interface ReserveWalletMessage {
  exchangeId: bigint;
  wallet: string;
  nonce: bigint;
}

export function registryDomain(chainId: bigint, registry: string): TypedDataDomain {
  return { name: "Solvent AttestationRegistry", version: "2", chainId, verifyingContract: getAddress(registry) };
}

export function reserveWalletsDomain(chainId: bigint, reserveWallets: string): TypedDataDomain {
  return { name: "Solvent ReserveWallets", version: "1", chainId, verifyingContract: getAddress(reserveWallets) };
}

/** The message as the EIP-712 encoder takes it (symbols as bytes32). */
export function attestationValue(message: AttestationMessage): Record<string, unknown> {
  return { ...message, assets: message.assets.map(symbolToBytes32) };
}

export function attestationDigest(chainId: bigint, registry: string, message: AttestationMessage): string {
  return TypedDataEncoder.hash(registryDomain(chainId, registry), ATTESTATION_TYPES, attestationValue(message));
}

export function reserveWalletDigest(chainId: bigint, reserveWallets: string, message: ReserveWalletMessage): string {
  return TypedDataEncoder.hash(reserveWalletsDomain(chainId, reserveWallets), RESERVE_WALLET_TYPES, {
    ...message,
    wallet: getAddress(message.wallet),
  });
}

/** The digest a wallet signs to stop backing `exchangeId` (ReserveWallets' `leaveDigest`). */
export function reserveWalletLeaveDigest(
  chainId: bigint,
  reserveWallets: string,
  message: ReserveWalletMessage,
): string {
  return TypedDataEncoder.hash(reserveWalletsDomain(chainId, reserveWallets), RESERVE_WALLET_LEAVE_TYPES, {
    ...message,
    wallet: getAddress(message.wallet),
  });
}
