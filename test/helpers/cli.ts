import { main } from "../../src/cli/main.js";
import type { CommandIo } from "../../src/command/output.js";

/** Runs the solvent CLI in-process, capturing what it prints. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
