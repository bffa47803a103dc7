import { rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();
// Every folder a test made is removed when the test process exits, passed or failed.
process.once("exit", () => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temporary folder for one test, removed when the test run ends. */
export async function scratchFolder(prefix = "solvent-"): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  made.add(folder);
  return folder;
}

/** Writes `content` to a new file in a fresh folder and returns its path. */
export async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await scratchFolder(), name);
  await writeFile(path, content);
  return path;
}
