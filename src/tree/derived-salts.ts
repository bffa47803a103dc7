/**
 * Salts derived from one per-build secret, for exports without a salt column (docs/spec.md, "Accounts and
 * leaves"): salt = keccak256(saltKey ‖ utf8(NFC(id))), the salt key bound to the snapshot time
 * (store/build-secret.ts snapshotSaltKey). Every part of a partitioned build, on any machine,
 * then gives an account the same salt, key and tree position as a single-machine build, and nothing per
 * account has to be drawn, stored or shipped between them.
 */
import { InputError } from "../errors.js";
import { accountKeysOfColumns } from "../spec/encoding.js";
import type { KeccakEngine } from "../spec/keccak-batch.js";
import type { AccountColumns } from "./columns.js";

export const SECRET_BYTES = 32;

/**
 * For accounts [first, end): each salt slot holds the secret on entry (the CSV reader writes it there)
 * and the account's derived salt on return. The preimage secret ‖ id has the shape of an account key's,
 * so the batched key hashing does it in place.
 */
export function deriveSalts(engine: KeccakEngine, columns: AccountColumns, first: number, end: number): void {
  accountKeysOfColumns(
    columns.salts,
    columns.ids,
    columns.idOffsets,
    first,
    end,
    columns.salts.subarray(32 * first, 32 * end),
    engine,
  );
}

/** Throws unless `secret` is 32 bytes. */
export function checkSecret(secret: Uint8Array): void {
  if (secret.length !== SECRET_BYTES)
    throw new InputError(`a build secret must be ${SECRET_BYTES} bytes, got ${secret.length}`);
}
