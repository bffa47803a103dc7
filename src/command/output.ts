import { InputError, UnreachableError } from "../errors.js";

/**
 * Exit codes shared by every command, the solvent CLI's and the Hardhat tasks'. `failure` is anything that is
 * not the caller's input: an RPC endpoint or network that does not answer, or a bug. `notVerified` is
 * verify's "Not verified": the chain was asked, but about a registry or exchange the customer did not choose
 * (the proof file's alone, or one it contradicts).
 */
export const EXIT = { ok: 0, invalid: 1, badInput: 2, failure: 3, notVerified: 4 } as const;

/** What a command sees of the outside world; tests pass their own. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are drawn only there). */
  interactive: boolean;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

/** JSON for machines: bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/**
 * Prints an error the way every command does; returns its exit code. With `json`, stdout gets the error as
 * JSON (`error`: "bad-input", "unreachable" or "failure") and nothing else.
 */
export function reportError(error: unknown, io: CommandIo, json: boolean): number {
  const [kind, message, code] =
    error instanceof InputError
      ? (["bad-input", error.message, EXIT.badInput] as const)
      : error instanceof UnreachableError
        ? (["unreachable", error.message, EXIT.failure] as const)
        : (["failure", `unexpected failure: ${(error as Error)?.stack ?? String(error)}`, EXIT.failure] as const);
  if (json) io.stdout(toJson({ ok: false, error: kind, message }));
  io.stderr(`error: ${message}\n`);
  return code;
}

/** A progress line with rate and ETA, redrawn at most every 200 ms (and once more at the end), on terminals only. */
export function progress(io: CommandIo, label: string) {
  const started = performance.now();
  let last = 0;
  let latest: [number, number | undefined] = [0, undefined];
  const draw = () => {
    const [done, total] = latest;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = total !== undefined && rate > 0 && done < total ? `, ETA ${Math.ceil((total - done) / rate)} s` : "";
    const of = total !== undefined ? `/${total}` : "";
    io.stderr(`\r${label}: ${done}${of} (${Math.round(rate).toLocaleString("en-US")}/s${eta})   `);
  };
  return {
    update(done: number, total?: number) {
      latest = [done, total];
      if (!io.interactive) return;
      const now = performance.now();
      if (now - last < 200 && done !== total) return;
      last = now;
      draw();
    },
    done() {
      if (!io.interactive) return;
      draw();
      io.stderr("\n");
    },
  };
}
