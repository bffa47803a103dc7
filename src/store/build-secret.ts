/**
 * The build secret file: 32 bytes as 64 hex digits (an optional 0x; `openssl rand -hex 32` writes one),
 * owner-only. Whoever holds it can derive every account's salt from its id, which is what the proof store
 * gives away too: keep it with the store, never with summary.json. Salts come from the secret bound to the
 * snapshot time (snapshotSaltKey), so a secret reused for another epoch still gives every account a new
 * salt, key and tree position: nothing links a customer's leaves (or neighbours) across epochs.
 */
import { stat, readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { fromHex, keccak256, toHex, utf8Bytes, WORD_BYTES, writeWord, type Hex } from "../spec/bytes.js";
import { SECRET_BYTES } from "../tree/derived-salts.js";
import { writeFileAtomic } from "../io/atomic.js";

/** The file name of a build's generated secret inside its output folder. */
export const SECRET_FILE = "secret";

export function newBuildSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
}

export async function readBuildSecret(file: string): Promise<Uint8Array> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read the build secret (${error.code ?? error.message})`, { file });
  });
  // Group-read is allowed: Kubernetes mounts a secret 0440 for a pod's fsGroup. Anyone else is refused.
  if ((info.mode & 0o027) !== 0)
    throw new InputError(
      `the build secret is readable by others (mode ${(info.mode & 0o777).toString(8)}); it reveals every salt: chmod 600 it`,
      { file },
    );
  const text = (await readFile(file, "utf8")).trim();
  const hex = text.startsWith("0x") ? text : `0x${text}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new InputError("a build secret is 64 hex digits (32 bytes); make one with: openssl rand -hex 32", {
      file,
    });
  return fromHex(hex, SECRET_BYTES, "build secret");
}

/** Writes `secret` owner-only, atomically. */
export async function writeBuildSecret(file: string, secret: Uint8Array): Promise<void> {
  await writeFileAtomic(file, `${toHex(secret)}\n`, { mode: 0o600 });
}

/**
 * What the salts are derived from (docs/spec.md, "Accounts and leaves"): keccak256("solvent salt key" ‖
 * secret ‖ asOf as a 32-byte big-endian word), so one secret used for two snapshots gives unrelated salts.
 */
export function snapshotSaltKey(secret: Uint8Array, asOf: bigint): Uint8Array {
  const tag = utf8Bytes("solvent salt key");
  const preimage = new Uint8Array(tag.length + secret.length + WORD_BYTES);
  preimage.set(tag);
  preimage.set(secret, tag.length);
  writeWord(preimage, tag.length + secret.length, asOf);
  return keccak256(preimage);
}

/**
 * A short public tag of a secret (a build's salt key), so a join can tell that its parts used one secret. 8 bytes of a
 * domain-separated hash: says nothing about the secret itself.
 */
export function secretFingerprint(secret: Uint8Array): Hex {
  const tag = utf8Bytes("solvent build secret fingerprint");
  const preimage = new Uint8Array(tag.length + secret.length);
  preimage.set(tag);
  preimage.set(secret, tag.length);
  return toHex(keccak256(preimage).subarray(0, 8));
}
