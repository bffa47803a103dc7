import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, type Wallet } from "ethers";
import { attestationDigest, type AttestationMessage } from "../../src/spec/typed-data.js";
import { buildTree, type Asset } from "../../src/index.js";
import { assetArgs, now } from "./registry.js";

export const AUDIT_ASSETS: Asset[] = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "USDT", decimals: 6 },
];
const accounts = Array.from({ length: 5 }, (_, i) => ({
  accountId: `user-${i}`,
  balances: [BigInt(i + 1) * 10n ** 8n, BigInt(i) * 10n ** 6n],
}));
export const AUDIT_TREE = buildTree(AUDIT_ASSETS, accounts);
export const RESERVES = [10n ** 9n, 10n ** 7n];

/** A registry with exchange 1 (and 2, same data) having posted `epochs` epochs of the same tree. */
export async function registryWithEpochs(ethers: HardhatEthers, epochs = 2) {
  const registry = await ethers.deployContract("AttestationRegistry");
  const address = await registry.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  for (const name of ["Acme", "Other"]) await registry.registerExchange(name, ...assetArgs(AUDIT_ASSETS));
  const start = (await now(ethers)) - 1000n;
  for (let e = 1; e <= epochs; e++) {
    for (const exchangeId of [1n, 2n]) {
      await registry.postAttestation(
        exchangeId,
        AUDIT_TREE.root,
        AUDIT_TREE.leafCount,
        start + BigInt(e),
        AUDIT_TREE.totals,
        RESERVES,
        `ipfs://epoch-${e}`,
      );
    }
  }
  return { registry, address, chainId };
}

/**
 * The message of epoch `epoch` of exchange `exchangeId` as registryWithEpochs posted it, for an auditor in
 * `auditorTerm` (setUp's auditors A, B, C are added first, in terms 1, 2, 3).
 */
export function postedMessage(exchangeId: bigint, epoch: bigint, asOf: bigint, auditorTerm = 1n): AttestationMessage {
  return {
    exchangeId,
    epoch,
    root: AUDIT_TREE.root,
    leafCount: BigInt(AUDIT_TREE.leafCount),
    asOf,
    assets: AUDIT_ASSETS.map((a) => a.symbol),
    decimals: AUDIT_ASSETS.map((a) => a.decimals),
    liabilities: [...AUDIT_TREE.totals],
    reserves: RESERVES,
    uri: `ipfs://epoch-${epoch}`,
    auditorTerm,
  };
}

/** An auditor key's signature of a digest, 65 bytes r‖s‖v. */
export function signDigest(key: Wallet, digest: string): string {
  return key.signingKey.sign(digest).serialized;
}

/** Signs the message under (chainId, registry) as the EIP-712 domain. */
export function signAttestationMessage(
  key: Wallet,
  chainId: bigint,
  registry: string,
  message: AttestationMessage,
): string {
  return signDigest(key, attestationDigest(chainId, registry, message));
}

/** The same signature with s replaced by n - s and v flipped: valid for plain ecrecover, refused by OpenZeppelin. */
export function highS(signature: string): string {
  const sig = Signature.from(signature);
  const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const s = (n - BigInt(sig.s)).toString(16).padStart(64, "0");
  const v = sig.v === 27 ? "1c" : "1b";
  return `${sig.r}${s}${v}`;
}

type Registry = Awaited<ReturnType<typeof registryWithEpochs>>["registry"];

/**
 * What tests need to sign registryWithEpochs' epochs as auditors would: an epoch's snapshot time, an auditor's
 * current term, and a signature of an epoch in that term (under another chain id or registry for replays).
 */
export function auditorSigning(registry: Registry, chainId: bigint, address: string) {
  const asOf = async (exchangeId: bigint, epoch: bigint) =>
    (await registry.attestation(exchangeId, epoch)).asOf as bigint;
  const termOf = async (exchangeId: bigint, auditor: string) =>
    (await registry.auditorTerm(exchangeId, auditor)) as bigint;
  const sign = async (key: Wallet, exchangeId = 1n, epoch = 1n, domainChainId = chainId, domainRegistry = address) =>
    signAttestationMessage(
      key,
      domainChainId,
      domainRegistry,
      postedMessage(exchangeId, epoch, await asOf(exchangeId, epoch), await termOf(exchangeId, key.address)),
    );
  return { asOf, termOf, sign };
}

/** A cosignature as the registry takes it. */
export const cosig = (auditor: Wallet | string, signature: string) => ({
  auditor: typeof auditor === "string" ? auditor : auditor.address,
  signature,
});
