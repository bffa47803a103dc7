import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, basename } from "node:path";
import { InputError } from "../errors.js";

export interface AtomicWriteOptions {
  /** File mode, e.g. 0o600 for files that hold salts. */
  mode?: number;
}

/**
 * Writes a file so that readers see either the old content or the whole new content, never a part:
 * the data goes to a temporary file in the same folder, is flushed, then renamed over the target.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Throws unless `out` can be written (absent, or `force`). Call before the long work. */
export async function checkOutputFolder(out: string, force = false): Promise<void> {
  const exists = await stat(out).then(
    () => true,
    () => false,
  );
  if (exists && !force)
    throw new InputError(`${out} already exists; choose another --out or pass --force to replace it`);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const partialPrefix = (out: string) => `.${basename(out)}.partial-${hostname()}-`;

/**
 * Removes the temporary folders that builds to `out` on this machine left when they were killed
 * (SIGKILL, an out-of-memory kill: no handler runs): those whose process no longer runs. They hold salts.
 * A folder of another machine (a shared disk) or of a running process is left alone.
 */
async function removeKilledPartials(out: string): Promise<void> {
  const prefix = partialPrefix(out);
  for (const name of await readdir(dirname(out)).catch(() => [] as string[])) {
    // Not a `…-previous` folder: that is the old tree of a --force swap cut short, whole, for its owner to keep.
    const match = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null;
    if (match === null || processRuns(Number(match[1]))) continue;
    await rm(join(dirname(out), name), { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  }
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether it exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, run by someone else
  }
}

/**
 * `fill` writes into an owner-only temporary folder beside `out`, which is then renamed into place; on
 * failure or interruption (SIGINT, SIGTERM, SIGHUP) the temporary folder is removed: nothing half-written
 * remains. One left by a killed build to `out` on this machine is removed first.
 */
export async function writeFolderAtomically<T>(
  out: string,
  fill: (folder: string) => Promise<T>,
  options: { force?: boolean } = {},
): Promise<T> {
  await checkOutputFolder(out, options.force);
  await mkdir(dirname(out), { recursive: true });
  await removeKilledPartials(out);
  // Named by machine and process, so that a later build can tell one whose process was killed.
  const temporary = join(dirname(out), `${partialPrefix(out)}${process.pid}-${randomBytes(4).toString("hex")}`);
  // Listening before the folder exists: a signal at any moment after finds it removed.
  const interrupted = (signal: NodeJS.Signals) => {
    try {
      // Hashing threads may still be appending files while this runs: retry until the folder is gone.
      rmSync(temporary, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    } catch (error) {
      process.stderr.write(`could not remove ${temporary} (${(error as Error).message}): delete it by hand\n`);
    }
    process.kill(process.pid, signal);
  };
  // SIGHUP too: what a dropped ssh session sends. (SIGKILL cannot be caught: the next build removes the folder.)
  for (const signal of SIGNALS) process.once(signal, interrupted);
  try {
    // Synchronously: a signal's handler cannot run between the folder's creation and this line.
    mkdirSync(temporary, { mode: 0o700 });
    const result = await fill(temporary);
    if (options.force && existsSync(out)) {
      // The old folder steps aside before the new one moves in, so a crash between leaves one of them whole.
      const previous = `${temporary}-previous`;
      await rename(out, previous);
      await rename(temporary, out);
      await rm(previous, { recursive: true, force: true });
    } else {
      await rename(temporary, out);
    }
    return result;
  } catch (error) {
    // Retried: a thread may still be finishing a file in it (as on a signal, above).
    await rm(temporary, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, interrupted);
  }
}
