/**
 * The runtime code a genuine SolvencyLens or ReserveWallets has at an address: Solvent's compiled code
 * (runtime-code.ts, without its metadata) with its immutables filled in. A verifier compares it with `eth_getCode` to know that a
 * lens is Solvent's lens of the registry in use, reading Solvent's wallets contract of the same registry,
 * without trusting any record of where they were deployed.
 */
import { AbiCoder, getAddress, hexlify, keccak256, toUtf8Bytes } from "ethers";
import { withoutMetadata } from "./code-metadata.js";
import { RESERVE_WALLETS_RUNTIME, SOLVENCY_LENS_RUNTIME } from "./runtime-code.js";

/** ReserveWallets' EIP-712 domain (its constructor's `EIP712("Solvent ReserveWallets", "1")`). */
const WALLETS_DOMAIN = { name: "Solvent ReserveWallets", version: "1" };
const DOMAIN_TYPE_HASH = keccak256(
  toUtf8Bytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);

/** Whether `deployed` (eth_getCode) is `expected` (solvencyLensCode, reserveWalletsCode), metadata aside. */
export function sameCode(deployed: string, expected: string): boolean {
  return withoutMetadata(deployed) === expected;
}

/** One 32-byte word, as 64 hex digits. */
function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

const addressWord = (address: string) => word(BigInt(getAddress(address)));

/** OpenZeppelin's ShortString of a string below 32 bytes: its bytes, left-aligned, and its length in the last byte. */
function shortString(text: string): string {
  const bytes = toUtf8Bytes(text);
  if (bytes.length > 31) throw new Error(`${JSON.stringify(text)} is too long for a ShortString`);
  const padded = new Uint8Array(32);
  padded.set(bytes);
  padded[31] = bytes.length;
  return hexlify(padded).slice(2);
}

function filledIn(
  runtime: { code: string; immutables: Readonly<Record<string, readonly number[]>> },
  values: Record<string, string>,
): string {
  let code = runtime.code.slice(2).toLowerCase();
  for (const [name, starts] of Object.entries(runtime.immutables)) {
    const value = values[name];
    // A new immutable in the contracts must be given its value here, or nothing would match.
    if (value === undefined) throw new Error(`no value for the immutable ${name}: update genuine-code.ts`);
    for (const start of starts) code = code.slice(0, start * 2) + value + code.slice(start * 2 + 64);
  }
  return `0x${code}`;
}

/** The code of Solvent's SolvencyLens deployed for `registry` and `wallets`. */
export function solvencyLensCode(registry: string, wallets: string): string {
  return filledIn(SOLVENCY_LENS_RUNTIME, { _registry: addressWord(registry), _wallets: addressWord(wallets) });
}

/** The code of Solvent's ReserveWallets deployed at `wallets` on chain `chainId` for `registry`. */
export function reserveWalletsCode(registry: string, wallets: string, chainId: bigint): string {
  const hashedName = keccak256(toUtf8Bytes(WALLETS_DOMAIN.name));
  const hashedVersion = keccak256(toUtf8Bytes(WALLETS_DOMAIN.version));
  const domainSeparator = keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32", "bytes32", "uint256", "address"],
      [DOMAIN_TYPE_HASH, hashedName, hashedVersion, chainId, wallets],
    ),
  );
  return filledIn(RESERVE_WALLETS_RUNTIME, {
    _registry: addressWord(registry),
    _cachedDomainSeparator: domainSeparator.slice(2),
    _cachedChainId: word(chainId),
    _cachedThis: addressWord(wallets),
    _hashedName: hashedName.slice(2),
    _hashedVersion: hashedVersion.slice(2),
    _name: shortString(WALLETS_DOMAIN.name),
    _version: shortString(WALLETS_DOMAIN.version),
  });
}
