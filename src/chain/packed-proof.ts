import { InputError } from "../errors.js";
import { fromHex, toHex, type Hex } from "../spec/bytes.js";
import { MAX_AMOUNT } from "../spec/encoding.js";
import type { InclusionProof } from "../tree/proof.js";

const U64 = (1n << 64n) - 1n;

/**
 * The packed calldata form of a proof for `verifyInclusionPacked` (docs/spec.md, "Packed proofs"):
 * exchangeId ‖ epoch ‖ index (8 bytes each) ‖ K ‖ depth (1 byte each) ‖ accountKey ‖ K balances ‖
 * depth × (sibling hash ‖ K sums), every amount as a length byte and its significant bytes.
 */
export function packProof(proof: InclusionProof, exchangeId: bigint, epoch: bigint): Hex {
  const assetCount = proof.leaf.balances.length;
  for (const [name, value] of [
    ["exchange id", exchangeId],
    ["epoch", epoch],
    ["leaf index", proof.leaf.index],
  ] as const) {
    if (value < 0n || value > U64) throw new InputError(`the ${name} ${value} does not fit the packed form (8 bytes)`);
  }
  if (assetCount > 255 || proof.siblings.length > 255)
    throw new InputError("too many assets or levels for the packed form");
  const parts: Buffer[] = [Buffer.alloc(26)];
  parts[0]!.writeBigUInt64BE(exchangeId, 0);
  parts[0]!.writeBigUInt64BE(epoch, 8);
  parts[0]!.writeBigUInt64BE(proof.leaf.index, 16);
  parts[0]!.writeUInt8(assetCount, 24);
  parts[0]!.writeUInt8(proof.siblings.length, 25);
  parts.push(Buffer.from(fromHex(proof.leaf.accountKey, 32, "accountKey")));
  const amount = (value: bigint) => {
    if (value < 0n || value > MAX_AMOUNT) throw new InputError(`the amount ${value} is outside 0 .. 2^128 - 1`);
    const digits = value === 0n ? "" : value.toString(16);
    const bytes = Buffer.from(digits.padStart(digits.length + (digits.length % 2), "0"), "hex");
    parts.push(Buffer.from([bytes.length]), bytes);
  };
  proof.leaf.balances.forEach(amount);
  for (const sibling of proof.siblings) {
    if (sibling.sums.length !== assetCount)
      throw new InputError(`a sibling has ${sibling.sums.length} sums for ${assetCount} assets`);
    parts.push(Buffer.from(fromHex(sibling.hash, 32, "sibling hash")));
    sibling.sums.forEach(amount);
  }
  return toHex(Buffer.concat(parts));
}
