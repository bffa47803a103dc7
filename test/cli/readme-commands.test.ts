import { expect } from "chai";
import { readFile, readdir } from "node:fs/promises";
import { COMMANDS } from "../../src/cli/main.js";
import { solventTasks } from "../../tasks/index.js";

/** README.md and every docs/*.md, as a new user reads them. */
async function documentation(): Promise<Map<string, string>> {
  const root = new URL("../../", import.meta.url);
  const files = [
    "README.md",
    ...(await readdir(new URL("docs/", root))).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ];
  return new Map(
    await Promise.all(files.map(async (file) => [file, await readFile(new URL(file, root), "utf8")] as const)),
  );
}

describe("the commands the documentation names", function () {
  it("issue 20: README and docs name only commands that exist ('solvent status' is 'npx hardhat solvent status')", async function () {
    const cli = Object.keys(COMMANDS);
    const tasks = solventTasks.flatMap((task) =>
      task.id.length === 2 && task.id[0] === "solvent" ? [task.id[1]!] : [],
    );
    expect(tasks).to.include.members(["deploy", "status", "solvency"]);
    const unknown: string[] = [];
    let named = 0;
    for (const [file, text] of await documentation()) {
      // "solvent salt key" is the salt derivation's domain string (docs/spec.md), not a command.
      for (const match of text.matchAll(/(npx hardhat )?\bsolvent ([a-z][a-z-]*)(?![a-z-]| key")/g)) {
        named++;
        const [, hardhat, word] = match;
        if (!(hardhat ? tasks : cli).includes(word!)) unknown.push(`${file}: ${match[0]}`);
      }
    }
    expect(named, "the scan finds the commands the README names").to.be.greaterThan(50);
    expect(unknown).to.deep.equal([]);
  });

  it("issue 20: the README says how to use a node on another port, and that the first demo compiles, which the demo says before compiling", async function () {
    const readme = (await documentation()).get("README.md")!;
    expect(readme).to.match(/SOLVENT_LOCALHOST_URL=http:\/\/127\.0\.0\.1:8546/);
    expect(readme).to.match(/first `npm run demo` compiles the contracts[^.]*about three minutes/);
    expect(readme).to.match(/On Node 20, `npm ci` prints\s+`npm warn EBADENGINE`/);
    const root = new URL("../../", import.meta.url);
    const scripts = JSON.parse(await readFile(new URL("package.json", root), "utf8")).scripts as Record<string, string>;
    expect(scripts.demo, "hardhat run would compile before the demo could say so").to.contain("--no-compile");
    const demo = await readFile(new URL("scripts/demo.ts", root), "utf8");
    const notice = demo.indexOf('say("Compiling the contracts');
    expect(notice, "the demo says it compiles").to.be.greaterThan(-1);
    expect(demo.indexOf('getTask("build")'), "and then compiles").to.be.greaterThan(notice);
  });
});
