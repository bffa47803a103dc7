import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.js";

/**
 * Whether a file or folder would be picked up by `git add .`: inside a git work tree and not ignored (a
 * tracked file counts, since ignore rules do not apply to it). Returns the work tree's top folder then, or
 * undefined when it is ignored, outside any work tree, or git cannot say (not installed, an error): the
 * check helps where it can and never stops anyone who has no git.
 */
export async function gitWouldCommit(path: string, kind: "file" | "folder"): Promise<string | undefined> {
  const target = resolve(path);
  const from = await nearestFolder(dirname(target));
  const top = await git(from, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) return undefined;
  // A folder's patterns (tree-*/) match only a path that ends in "/", whether or not it exists yet.
  const asked = kind === "folder" ? `${target}/` : target;
  const ignored = await git(from, ["check-ignore", "--quiet", asked]);
  return ignored.code === 1 ? top.stdout.trim() : undefined;
}

/** Refuses (InputError) to write secret-bearing output where `git add .` would commit it. */
export async function refuseCommittableSecret(path: string, kind: "file" | "folder", what: string): Promise<void> {
  const top = await gitWouldCommit(path, kind);
  if (top === undefined) return;
  throw new InputError(
    `${path} is inside the git work tree ${top} and not ignored, so 'git add .' would commit ${what}; ` +
      `add it to .gitignore (or .git/info/exclude), or write it outside the repository`,
  );
}

async function nearestFolder(folder: string): Promise<string> {
  for (let at = folder; ; at = dirname(at)) {
    const found = await stat(at).catch(() => undefined);
    if (found?.isDirectory() || dirname(at) === at) return at;
  }
}

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile("git", ["-C", cwd, ...args], { encoding: "utf8" }, (error, stdout) => {
      // A missing git (ENOENT) has a string code; treat it like any answer that is not 0 or 1.
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      done({ code, stdout });
    });
  });
}
