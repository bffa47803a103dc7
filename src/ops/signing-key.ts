import { readFile } from "node:fs/promises";
import { Wallet } from "ethers";
import { InputError } from "../errors.js";

export const DEFAULT_KEY_ENV = "SOLVENT_SIGNER_KEY";
export const KEYSTORE_PASSWORD_ENV = "SOLVENT_KEYSTORE_PASSWORD";

/**
 * The signing key of an auditor or a wallet owner: an encrypted JSON keystore (password from
 * $SOLVENT_KEYSTORE_PASSWORD), or a hex private key in an environment variable. Never a command-line
 * argument, which would end up in shell history and process lists.
 */
export async function loadSigningKey(options: {
  keystore?: string;
  keyEnv?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Wallet> {
  const env = options.env ?? process.env;
  if (options.keystore !== undefined) {
    const json = await readFile(options.keystore, "utf8").catch((error: Error) => {
      throw new InputError(`cannot read the keystore (${error.message})`, { file: options.keystore! });
    });
    const password = env[KEYSTORE_PASSWORD_ENV];
    if (password === undefined) throw new InputError(`set ${KEYSTORE_PASSWORD_ENV} to the keystore's password`);
    try {
      const wallet = await Wallet.fromEncryptedJson(json, password);
      return new Wallet(wallet.privateKey);
    } catch (error) {
      throw new InputError(`cannot open the keystore: ${(error as Error).message}`, { file: options.keystore });
    }
  }
  const name = options.keyEnv ?? DEFAULT_KEY_ENV;
  const key = env[name];
  if (key === undefined || key === "")
    throw new InputError(`no signing key: set ${name} to a 0x-prefixed private key, or pass --keystore <file>`);
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new InputError(`${name} must be 0x followed by 64 hex digits`);
  return new Wallet(key);
}
