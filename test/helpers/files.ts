import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder for one test. */
export async function scratchFolder(prefix = "solvent-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes `content` to a new file in a fresh folder and returns its path. */
export async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await scratchFolder(), name);
  await writeFile(path, content);
  return path;
}
