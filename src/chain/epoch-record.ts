import { AbiCoder, getCreate2Address, keccak256 } from "ethers";
import { InputError } from "../errors.js";
import type { Hex } from "../spec/bytes.js";

/** The fixed init code of every epoch record (contracts/libraries/EpochRecords.sol). */
export const EPOCH_RECORD_INIT_CODE = "0x5f5f5f5f335afa3d5f5f3e3d906013575f5ffd5b5ff3";

/** An epoch as its record stores it (docs/spec.md, "Epoch records"). Status lives in the registry. */
export interface EpochRecord {
  root: Hex;
  leafCount: bigint;
  asOf: bigint;
  postedAt: bigint;
  assetListId: bigint;
  liabilities: bigint[];
  reserves: bigint[];
  uri: string;
}

/** Where a registry keeps the record of (exchangeId, epoch): read it with eth_getCode, no registry call needed. */
export function epochRecordAddress(registry: string, exchangeId: bigint, epoch: bigint): string {
  const salt = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [exchangeId, epoch]));
  return getCreate2Address(registry, salt, keccak256(EPOCH_RECORD_INIT_CODE));
}

/** Decodes a record's code (as eth_getCode returns it); null for an address with no code (never posted). */
export function decodeEpochRecord(code: string): EpochRecord | null {
  const bytes = Buffer.from(code.replace(/^0x/, ""), "hex");
  if (bytes.length === 0) return null;
  if (bytes.length < 62 || bytes[0] !== 0)
    throw new InputError(
      `not an epoch record: ${bytes.length} bytes starting 0x${bytes.subarray(0, 1).toString("hex")}`,
    );
  const assetCount = bytes[61]!;
  if (bytes.length < 62 + 32 * assetCount)
    throw new InputError(`an epoch record with ${assetCount} assets is cut short`);
  const word = (at: number, length: number) => BigInt(`0x${bytes.subarray(at, at + length).toString("hex") || "0"}`);
  const amountsAt = (a: number) => 62 + 32 * a;
  return {
    root: `0x${bytes.subarray(1, 33).toString("hex")}`,
    leafCount: word(33, 8),
    asOf: word(41, 8),
    postedAt: word(49, 8),
    assetListId: word(57, 4),
    liabilities: Array.from({ length: assetCount }, (_, a) => word(amountsAt(a), 16)),
    reserves: Array.from({ length: assetCount }, (_, a) => word(amountsAt(a) + 16, 16)),
    uri: bytes.subarray(62 + 32 * assetCount).toString("utf8"),
  };
}
