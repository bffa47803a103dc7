import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as a user would, to completion (an env value of undefined removes that variable). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(cwd !== undefined ? { cwd } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts `npx hardhat node` on a free port and resolves once it accepts JSON-RPC; `chainId` makes it claim
 * another chain than 31337 (as a lying endpoint would claim chain 1).
 */
export async function startHardhatNode(
  options: { chainId?: number } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const chainArgs = options.chainId === undefined ? [] : ["--chain-id", String(options.chainId)];
  const args = ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port), ...chainArgs];
  const child: ChildProcess = spawn("npx", args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hardhat node did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Started HTTP")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`hardhat node exited with ${code}:\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on("exit", resolve));
      process.kill(-child.pid!, "SIGTERM"); // the whole group: npx and the node it started
      await exited;
    },
  };
}
