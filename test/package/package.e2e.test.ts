import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { useHardhatNode } from "../helpers/e2e.js";
import { scratchFolder } from "../helpers/files.js";
import { run, type Ran } from "../helpers/processes.js";
import { fixturePath } from "../helpers/vectors.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));
/** Paths that belong to the repository's toolkit and tests, never to the package. */
const REPOSITORY_ONLY =
  /^(src|test|tasks|scripts|bench|docs|artifacts|cache|contracts\/test)\/|^hardhat\.config|^deployments\/(localhost|hardhat|default)\.json$/;

/**
 * The environment of a customer's shell: this process's, less what `npm run` and `npx` added here. Their PATH
 * puts this repository's node_modules/.bin first, and with it the pinned Node 22 (the `node` dev dependency);
 * without them `node` and `npx` are the machine's own (Node 20 on ours), as a customer has.
 */
function customerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_") && name !== "NODE" && !name.startsWith("SOLVENT_")) env[name] = value;
  }
  const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !/node_modules[\\/]\.bin[\\/]?$/.test(dir));
  return { ...env, PATH: path.join(delimiter), ...extra };
}

/** Runs a command in `cwd` with exactly `env`, to completion. */
function runIn(cwd: string, env: NodeJS.ProcessEnv, command: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Solc {
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}

/**
 * What a customer and a dapp developer get from `npm install` of the packed tarball: the compiled CLI on the
 * machine's Node (no tsx, no Hardhat, no compiler), the typed library, the Solidity sources and the ABIs.
 * The chain is set up with this repository's own tasks, as an exchange would.
 */
describe("the npm package: packed, installed into an empty project", function () {
  this.timeout(600_000);
  const session = useHardhatNode("solvent-package-");
  let app = ""; // the customer's project
  let tarball = "";
  // Made before any test, so that a later test never writes into the working directory when packing failed.
  before(async function () {
    app = await scratchFolder("solvent-customer-");
  });
  const customer = (...args: string[]) => runIn(app, customerEnv(), "npx", ["solvent", ...args]);
  const hardhat = (...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], session.env);
  const json = (text: string) => JSON.parse(text) as Record<string, any>;

  it("packs the repository with only what the package needs, and installs into an empty project", async function () {
    const packs = await scratchFolder("solvent-pack-");
    const packed = await runIn(repository, process.env, "npm", ["pack", "--pack-destination", packs]); // prepack builds dist/ and abi/
    expect(packed.code, packed.stderr).to.equal(0);
    const [name, ...others] = (await readdir(packs)).filter((f) => f.endsWith(".tgz"));
    expect(others, "one tarball").to.deep.equal([]);
    tarball = join(packs, name!);

    const listed = await runIn(packs, process.env, "tar", ["-tzf", tarball]);
    const files = listed.stdout.split("\n").flatMap((f) => (f ? [f.replace(/^package\//, "")] : []));
    expect(files).to.include.members([
      "package.json",
      "README.md",
      "bin/solvent.mjs",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      "contracts/interfaces/ISolvencyLens.sol",
      "contracts/AttestationRegistry.sol",
      "abi/AttestationRegistry.json",
      "abi/ISolvencyLens.json",
      "dist/verifier.html",
    ]);
    const workerEntries = files.filter((f) => f.startsWith("dist/") && f.endsWith(".mjs"));
    expect(workerEntries, "the hash worker's entry, beside the compiled worker").to.have.length.above(0);
    const stray = files.filter((f) => REPOSITORY_ONLY.test(f));
    expect(stray, "sources, tests and toolkit stay in the repository").to.deep.equal([]);

    const init = await runIn(app, customerEnv(), "npm", ["init", "-y"]);
    expect(init.code, init.stderr).to.equal(0);
    const installed = await runIn(app, customerEnv(), "npm", ["install", tarball, "--no-audit", "--no-fund"]);
    expect(installed.code, installed.stderr).to.equal(0);
    const modules = await readdir(join(app, "node_modules"));
    for (const heavy of ["hardhat", "tsx", "solc", "typescript", "@nomicfoundation", "esbuild", "@chainlink"]) {
      expect(modules, `a customer's install without ${heavy}`).not.to.include(heavy);
    }
    const size = await runIn(app, customerEnv(), "du", ["-sh", "node_modules"]);
    const kB = Math.round((await stat(tarball)).size / 1000);
    console.log(
      `      tarball ${kB} kB; the customer's node_modules ${size.stdout.split("\t")[0]}: ${modules.join(", ")}`,
    );
  });

  it("runs solvent build, proof, sign and verify as compiled JavaScript on the machine's Node", async function () {
    const node = await runIn(app, customerEnv(), "node", ["--version"]);
    expect(Number(/^v(\d+)\./.exec(node.stdout)?.[1]), node.stdout).to.be.at.least(20);
    console.log(`      the installed CLI runs on Node ${node.stdout.trim()}`);

    const deployed = await hardhat("deploy");
    expect(deployed.code, deployed.stderr).to.equal(0);
    const record = json(await readFile(join(session.work, "deployments", "localhost.json"), "utf8"));
    const registered = await hardhat("register", "--name", "Acme Exchange", "--assets", "BTC:8,ETH:18,USDT:6");
    expect(registered.code, registered.stderr).to.equal(0);

    await copyFile(fixturePath("vectors/five-accounts-padding.csv"), join(app, "balances.csv"));
    const asOf = String(Math.floor(Date.now() / 1000) - 120);
    const built = await customer("build", "balances.csv", "--out", "tree", "--as-of", asOf);
    expect(built.code, built.stderr).to.equal(0);
    const posted = await hardhat(
      "post",
      "--tree",
      join(app, "tree"),
      "--exchange",
      "1",
      "--reserves",
      "ETH=6,USDT=100.25",
    );
    expect(posted.code, posted.stderr).to.equal(0);

    const proof = await customer("proof", "tree", "acme, inc");
    expect(proof.code, proof.stderr).to.equal(0);
    await writeFile(join(app, "acme.json"), proof.stdout);
    const verified = await customer(
      "verify",
      "acme.json",
      "--rpc",
      session.url,
      "--registry",
      record.registry,
      "--exchange",
      "1",
    );
    expect(verified.code, verified.stderr + verified.stdout).to.equal(0);
    expect(verified.stdout).to.match(/✔ Included: "acme, inc" is in epoch 1 of exchange 1/);

    // The shipped deployments/ folder is found from dist/: a record there pins the registry by chain id.
    await writeFile(
      join(app, "node_modules", "solvent", "deployments", "devnet.json"),
      JSON.stringify({ ...record, network: "devnet" }),
    );
    const pinned = await customer("verify", "acme.json", "--rpc", session.url, "--exchange", "1", "--json");
    expect(pinned.code, pinned.stderr).to.equal(0);
    expect(json(pinned.stdout).onChain).to.include({ registry: record.registry, registrySource: "deployment" });

    const auditor = customerEnv({ SOLVENT_SIGNER_KEY: `0x${"11".repeat(32)}` });
    const attestation = [
      "--tree",
      "tree",
      "--chain-id",
      "31337",
      "--registry",
      record.registry,
      "--exchange",
      "1",
      "--epoch",
      "1",
    ];
    const signed = await runIn(app, auditor, "npx", [
      "solvent",
      "sign",
      "attestation",
      ...attestation,
      "--term",
      "1",
      "--out",
      "signature.json",
    ]);
    expect(signed.code, signed.stderr).to.equal(0);
    expect(json(await readFile(join(app, "signature.json"), "utf8")).format).to.equal("solvent-signature-v2");
  });

  it("imports the typed public API from an ESM script and from TypeScript", async function () {
    await writeFile(
      join(app, "script.mjs"),
      `import { buildTree, HashPool, indexOfAccount, proofAt, verifyProof, REGISTRY_ABI } from "solvent";
import registryAbi from "solvent/abi/AttestationRegistry.json" with { type: "json" };
import { isDeepStrictEqual } from "node:util";

const assets = [{ symbol: "BTC", decimals: 8 }, { symbol: "ETH", decimals: 18 }];
const accounts = Array.from({ length: 100 }, (_, i) => ({ accountId: "user" + i, balances: [BigInt(i), 10n ** 18n] }));
const alone = buildTree(assets, accounts);
const pool = HashPool.start(2); // the compiled hashing worker threads
const tree = await buildTree(assets, accounts, { pool }).finally(() => pool.close());
const proof = proofAt(tree, indexOfAccount(tree, "user42"));
const tampered = { ...proof, leaf: { ...proof.leaf, balances: [43n, proof.leaf.balances[1]] } };
console.log(JSON.stringify({
  node: process.version,
  totals: tree.totals.map(String),
  sameTotals: isDeepStrictEqual(alone.totals, tree.totals),
  valid: verifyProof(proof).valid,
  tampered: verifyProof(tampered).valid,
  abis: isDeepStrictEqual(REGISTRY_ABI, registryAbi),
}));
`,
    );
    const ran = await runIn(app, customerEnv(), "node", ["script.mjs"]);
    expect(ran.code, ran.stderr).to.equal(0);
    expect(json(ran.stdout)).to.deep.include({
      totals: ["4950", "100000000000000000000"],
      sameTotals: true,
      valid: true,
      tampered: false,
      abis: true,
    });

    // Types from the package's .d.ts: the ABI is `as const`, so a function name is checked at compile time.
    await writeFile(
      join(app, "consumer.ts"),
      `import { verifyProof, REGISTRY_ABI, type InclusionProof, type VerifyResult } from "solvent";
type RegistryFunction = Extract<(typeof REGISTRY_ABI)[number], { type: "function" }>["name"];
export const name: RegistryFunction = "verifyInclusion";
// @ts-expect-error not a function of the registry
export const wrong: RegistryFunction = "noSuchFunction";
export const check = (proof: InclusionProof): VerifyResult => verifyProof(proof);
`,
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const options = [
      "--noEmit",
      "--strict",
      "--module",
      "node20",
      "--target",
      "es2023",
      "--types",
      "node",
      "consumer.ts",
    ];
    const checked = await runIn(app, customerEnv(), process.execPath, [tsc, ...options]);
    expect(checked.code, checked.stdout + checked.stderr).to.equal(0);
  });

  it("compiles a dapp's contract that imports solvent/contracts/interfaces/ISolvencyLens.sol", async function () {
    const solc = createRequire(import.meta.url)("solc") as Solc;
    const consumer = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISolvencyLens} from "solvent/contracts/interfaces/ISolvencyLens.sol";
import {IAttestationRegistry} from "solvent/contracts/interfaces/IAttestationRegistry.sol";

contract SolvencyGate {
    ISolvencyLens private immutable _lens;

    constructor(ISolvencyLens lens) {
        _lens = lens;
    }

    function solventAndAudited(uint256 exchangeId) external view returns (bool) {
        ISolvencyLens.Solvency memory s = _lens.solvency(exchangeId);
        return s.solvent && s.audited && s.age < 1 days;
    }

    function registry() external view returns (IAttestationRegistry) {
        return IAttestationRegistry(_lens.registry());
    }
}
`;
    const input = {
      language: "Solidity",
      sources: { "SolvencyGate.sol": { content: consumer } },
      settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
    };
    const imported: string[] = [];
    const findImports = (path: string) => {
      imported.push(path);
      try {
        return { contents: readFileSync(join(app, "node_modules", path), "utf8") };
      } catch {
        return { error: `not found in the project's node_modules: ${path}` };
      }
    };
    const output = json(solc.compile(JSON.stringify(input), { import: findImports }));
    const errors = ((output.errors ?? []) as { severity: string; formattedMessage: string }[]).filter(
      (e) => e.severity === "error",
    );
    expect(errors.map((e) => e.formattedMessage)).to.deep.equal([]);
    expect(imported).to.include.members([
      "solvent/contracts/interfaces/ISolvencyLens.sol",
      "solvent/contracts/types/Sibling.sol",
    ]);
    expect(output.contracts["SolvencyGate.sol"].SolvencyGate.evm.bytecode.object).to.match(/^[0-9a-f]{100,}$/);
  });
});
