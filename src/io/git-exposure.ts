import { execFile } from "node:child_process";
import { realpath, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { InputError } from "../errors.js";

/**
 * Whether a file or folder would be picked up by `git add .`: inside a git work tree and not ignored (a
 * tracked file counts, since ignore rules do not apply to it). Returns the work tree's top folder then, or
 * undefined when it is ignored or outside any work tree. Without git there is no check (it never stops anyone
 * who has no git); inside a work tree, an answer git cannot give counts as "would commit" (fail closed).
 */
export async function gitWouldCommit(path: string, kind: "file" | "folder"): Promise<string | undefined> {
  const given = resolve(path);
  const existing = await nearestFolder(dirname(given));
  // Through symbolic links to where the files will really be: git answers only for paths inside its tree.
  const from = await realpath(existing);
  const target = join(from, relative(existing, given));
  const top = await git(from, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0) return undefined;
  // A folder's patterns (tree-*/) match only a path that ends in "/", whether or not it exists yet.
  const asked = kind === "folder" ? `${target}/` : target;
  const ignored = await git(from, ["check-ignore", "--quiet", asked]);
  return ignored.code === 0 ? undefined : top.stdout.trim();
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
