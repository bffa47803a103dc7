import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import type { InclusionProof } from "../tree/proof.js";
import { writeFileAtomic } from "./atomic.js";
import { parseProof, serializeProof } from "./proof-format.js";

export async function readProofFile(path: string): Promise<InclusionProof> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(
      `cannot read the proof file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { file: path },
    );
  }
  return parseProof(text, path);
}

/** Writes a proof file atomically; owner-only by default because it holds the account's salt. */
export async function writeProofFile(path: string, proof: InclusionProof, mode = 0o600): Promise<void> {
  await writeFileAtomic(path, serializeProof(proof), { mode });
}
