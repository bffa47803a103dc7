import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REGISTRY_ABI } from "../../src/chain/abis.js";
import { symbolToBytes32 } from "../../src/spec/assets.js";
import { useHardhatNode } from "../helpers/e2e.js";
import { scratchFolder } from "../helpers/files.js";
import { run, type Ran } from "../helpers/processes.js";
import { startRpcProxy } from "../helpers/rpc-proxy.js";
import { fixturePath } from "../helpers/vectors.js";

/**
 * The third review's findings on the customer's command line and the shared verification (issue 21), with
 * the real commands against a real `npx hardhat node`. Hostile chain state that a fixed contract could refuse
 * (a name that is not UTF-8) comes from an endpoint in front of the node that rewrites its answers.
 */
const SOLVENT = fileURLToPath(new URL("../../bin/solvent.mjs", import.meta.url));
const json = (text: string) => JSON.parse(text) as Record<string, any>;
const ok = (ran: Ran) => {
  expect(ran.code, `${ran.stdout}\n${ran.stderr}`).to.equal(0);
  return ran;
};
/** The customer's `solvent`, run in a folder of their choice (the package's own records, nothing else). */
const solventIn = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) => run("node", [SOLVENT, ...args], env, cwd);

/** Eight bytes an exchange writes as ASCII and the rewriting endpoint turns into bytes that are not UTF-8. */
const MARKER = "~~~~~~~~";
const MARKER_HEX = Buffer.from(MARKER).toString("hex");
const NOT_UTF8_HEX = "fffec080eda080f8";

describe("third review (issue 21): the customer's command line", function () {
  this.timeout(600_000);
  const session = useHardhatNode("solvent-third-review-");
  const hardhat = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], { ...session.env, ...env });
  /** A customer who chose the operator's deployments folder explicitly. */
  const customer = (...args: string[]) => run("node", [SOLVENT, ...args], session.env);
  /** A customer in an empty folder with no deployments folder of their own. */
  const stranger = async (...args: string[]) =>
    solventIn(await scratchFolder("solvent-stranger-"), { SOLVENT_DEPLOYMENTS_DIR: undefined }, ...args);

  let registry = "";
  let proofFile = "";
  let proof: Record<string, any> = {};
  const proxies: { stop: () => Promise<void> }[] = [];

  before(async function () {
    registry = json(ok(await hardhat({}, "deploy", "--json")).stdout).registry as string;
    ok(await hardhat({}, "register", "--name", "Poloniex", "--assets", "BTC:8,ETH:18,USDT:6"));
    const tree = join(session.work, "tree");
    const asOf = String(Math.floor(Date.now() / 1000) - 600);
    ok(await customer("build", fixturePath("vectors/five-accounts-padding.csv"), "--out", tree, "--as-of", asOf));
    ok(await hardhat({}, "post", "--tree", tree, "--exchange", "1", "--uri", `https://acme.example/${MARKER}`));
    // An outsider's exchange whose name, read through the rewriting endpoint, is not UTF-8.
    ok(await hardhat({}, "register", "--name", `Evil${MARKER}`, "--assets", "BTC:8"));
    proof = { ...json(ok(await customer("proof", tree, "acme, inc")).stdout), registry, exchangeId: "1", epoch: "1" };
    proofFile = join(session.work, "acme.json");
    await writeFile(proofFile, JSON.stringify(proof, null, 2));
  });

  after(async function () {
    for (const proxy of proxies) await proxy.stop();
  });

  it("finding 3: a deployments/ folder in the working folder is never read implicitly; --deployments is, with a warning", async function () {
    // The exchange's "verification kit": a deployments/ folder recording the registry its proof files name.
    const kit = await scratchFolder("solvent-kit-");
    await mkdir(join(kit, "deployments"));
    await copyFile(join(session.work, "deployments", "localhost.json"), join(kit, "deployments", "localhost.json"));
    for (const env of [{ SOLVENT_DEPLOYMENTS_DIR: undefined }, { SOLVENT_DEPLOYMENTS_DIR: "" }]) {
      const ran = await solventIn(kit, env, "verify", proofFile, "--rpc", session.url, "--exchange", "1", "--json");
      const report = json(ran.stdout);
      expect(report.onChain.registrySource, JSON.stringify(env)).to.equal("proof-file");
      expect(report).to.include({ included: false, trustedRegistry: false });
    }
    const chosen = await solventIn(
      kit,
      { SOLVENT_DEPLOYMENTS_DIR: undefined },
      "verify",
      proofFile,
      "--rpc",
      session.url,
      "--exchange",
      "1",
      "--deployments",
      join(kit, "deployments"),
    );
    ok(chosen);
    expect(chosen.stdout).to.match(/^✔ Included: "acme, inc" is in epoch 1/);
    expect(chosen.stdout).to.match(/from the recorded deployment for this chain \(.*kit.*localhost\.json\)/);
    expect(chosen.stdout).to.match(
      /! The registry address comes from .*localhost\.json, a deployment record that does not ship with Solvent/,
    );
  });

  it("finding 4: an exchange name that is not UTF-8 is a warning, never a failure (verify, and the status task reading the epoch's uri)", async function () {
    const hostile = await startRpcProxy(session.url, { rewrite: [[MARKER_HEX, NOT_UTF8_HEX]] });
    proxies.push(hostile);
    const ran = ok(await customer("verify", proofFile, "--rpc", hostile.url, "--exchange", "1"));
    expect(ran.stdout).to.match(/^✔ Included: "acme, inc" is in epoch 1 of exchange 1 "Poloniex"/);
    expect(ran.stdout).to.match(/! The name of exchange 2 is not valid UTF-8 .*Evil\uFFFD/);
    const report = json(
      ok(await customer("verify", proofFile, "--rpc", hostile.url, "--exchange", "1", "--json")).stdout,
    );
    expect(report).to.include({ included: true, valid: true });
    expect(report.onChain.attestation.uri).to.match(/^https:\/\/acme\.example\/\uFFFD/);
    // The operator's status task reads the same epoch, uri included.
    const status = ok(await hardhat({ SOLVENT_LOCALHOST_URL: hostile.url }, "status", "--exchange", "1"));
    expect(status.stdout).to.match(/uri\s+https:\/\/acme\.example\/\uFFFD/);
  });

  it("finding 5: a registry named only by the proof file is not verified: exit 4, included and valid false, the report otherwise the same", async function () {
    const ran = await stranger("verify", proofFile, "--rpc", session.url, "--json");
    expect(ran.code, ran.stderr).to.equal(4);
    const report = json(ran.stdout);
    expect(report).to.include({
      ok: true,
      included: false,
      valid: false,
      trustedRegistry: false,
      checkedOnChain: true,
    });
    expect(report.onChain).to.include({ registrySource: "proof-file", exchangeSource: "proof-file" });
    expect(report.onChain.warnings.join("\n")).to.match(/Only the proof file names the registry/);
    const text = await stranger("verify", proofFile, "--rpc", session.url);
    expect(text.code).to.equal(4);
    expect(text.stdout).to.match(/^✘ NOT VERIFIED: only the registry the proof file names/);
    expect(text.stdout).not.to.match(/Included/);
    expect(text.stdout).to.match(/balances\s+0\.12345678 BTC/);
    // A refusal is "not verified" too, with the same exit code.
    const mismatch = await customer(
      "verify",
      proofFile,
      "--rpc",
      session.url,
      "--exchange",
      "1",
      "--registry",
      "0x000000000000000000000000000000000000dEaD",
    );
    expect(mismatch.code, mismatch.stdout).to.equal(4);
    expect(mismatch.stdout).to.match(/NOT VERIFIED \(RegistryMismatch\)/);
    const help = ok(await customer("verify", "--help"));
    expect(help.stdout).to.match(/4 not verified/);
  });

  it("finding 6: more than 256 exchanges still get their names compared, an ASCII look-alike is found, and with eth_getLogs refused too", async function () {
    const provider = new JsonRpcProvider(session.url, undefined, { staticNetwork: true });
    try {
      const signer = await provider.getSigner(3);
      const writable = new Contract(registry, REGISTRY_ABI as unknown as string[], signer);
      const btc = [symbolToBytes32("BTC")];
      let last: { wait: () => Promise<unknown> } | undefined;
      for (let i = 0; i < 257; i++) last = await writable.getFunction("registerExchange")(`Filler ${i}`, btc, [8]);
      last = await writable.getFunction("registerExchange")("PoIoniex", btc, [8]);
      await last!.wait();
    } finally {
      provider.destroy();
    }
    const lookAlikeId = "260"; // 1 Poloniex, 2 the outsider, 3…259 fillers
    const report = json(
      ok(await customer("verify", proofFile, "--rpc", session.url, "--exchange", "1", "--json")).stdout,
    );
    expect(report.onChain.sameNameExchanges).to.deep.equal([lookAlikeId]);
    expect(report.onChain.warnings.join("\n")).to.match(
      /Other exchanges on this registry have the same or a look-alike name: 260\./,
    );
    expect(report.onChain.warnings.join("\n")).not.to.match(/more than 256/);
    // An endpoint that limits log ranges: the range is halved until it answers; the names come from logs.
    const narrow = await startRpcProxy(session.url, { maxLogBlocks: 64 });
    proxies.push(narrow);
    const halved = json(
      ok(await customer("verify", proofFile, "--rpc", narrow.url, "--exchange", "1", "--json")).stdout,
    );
    expect(halved.onChain.sameNameExchanges).to.deep.equal([lookAlikeId]);
    expect(narrow.counts.get("eth_getLogs")).to.be.greaterThan(4);
    expect(narrow.counts.get("eth_call")).to.be.lessThan(20);
    // An endpoint that refuses eth_getLogs: every name is read by id instead, with no cap either.
    const noLogs = await startRpcProxy(session.url, { refuse: ["eth_getLogs"] });
    proxies.push(noLogs);
    const fallback = json(
      ok(await customer("verify", proofFile, "--rpc", noLogs.url, "--exchange", "1", "--json")).stdout,
    );
    expect(fallback.onChain.sameNameExchanges).to.deep.equal([lookAlikeId]);
    expect(noLogs.counts.get("eth_call")).to.be.greaterThan(259);
  });

  it("finding 9: plain http to another host is refused on every read path unless --allow-http", async function () {
    const remote = await startRpcProxy(session.url, { host: "127.0.0.2" });
    proxies.push(remote);
    const verify = await customer("verify", proofFile, "--rpc", remote.url, "--exchange", "1");
    expect(verify.code, verify.stdout).to.equal(2);
    expect(verify.stderr).to.match(/is not an https URL.*--allow-http/);
    ok(await customer("verify", proofFile, "--rpc", remote.url, "--exchange", "1", "--allow-http"));
    const tree = join(session.work, "tree");
    const sign = await run(
      "node",
      [
        SOLVENT,
        "sign",
        "attestation",
        "--tree",
        tree,
        "--chain-id",
        "31337",
        "--registry",
        registry,
        "--exchange",
        "1",
      ].concat([
        "--epoch",
        "2",
        "--rpc",
        remote.url,
        "--key-env",
        "THIRD_REVIEW_KEY",
        "--out",
        join(session.work, "sig.json"),
      ]),
      { ...session.env, THIRD_REVIEW_KEY: "0x" + "11".repeat(32) },
    );
    expect(sign.code, sign.stdout + sign.stderr).to.equal(2);
    expect(sign.stderr).to.match(/is not an https URL/);
    const status = await hardhat({ SOLVENT_LOCALHOST_URL: remote.url }, "status", "--exchange", "1");
    expect(status.code, status.stdout).to.equal(2);
    expect(status.stderr).to.match(/is not an https URL.*--allow-http/);
    ok(await hardhat({ SOLVENT_LOCALHOST_URL: remote.url }, "status", "--exchange", "1", "--allow-http"));
  });
});

describe("third review (issue 21): secrets where they can leak", function () {
  this.timeout(300_000);
  const git = (cwd: string, ...args: string[]) => run("git", args, {}, cwd);
  const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

  it("finding 11: following the README in a git work tree leaves no secret-bearing file to commit, and proof --out is owner-only", async function () {
    const repo = await scratchFolder("solvent-repo-");
    ok(await git(repo, "init", "-q"));
    await copyFile(fixturePath("vectors/five-accounts-padding.csv"), join(repo, "balances.csv"));
    // Outside an ignore pattern, the build refuses before writing anything.
    const refused = await solventIn(repo, {}, "build", "balances.csv", "--out", "tree-2026-11");
    expect(refused.code, refused.stdout).to.equal(2);
    expect(refused.stderr).to.match(/tree-2026-11.* is inside the git work tree .* not ignored/);
    expect(existsSync(join(repo, "tree-2026-11"))).to.equal(false);
    // With the repository's .gitignore, the README's commands leave nothing secret for `git add .`.
    await copyFile(join(repositoryRoot, ".gitignore"), join(repo, ".gitignore"));
    ok(await solventIn(repo, {}, "build", "balances.csv", "--out", "tree-2026-11"));
    ok(await solventIn(repo, {}, "proof", "tree-2026-11", "acme, inc", "--out", "proofs/alice.json"));
    expect((await stat(join(repo, "proofs", "alice.json"))).mode & 0o777).to.equal(0o600);
    expect(json(await readFile(join(repo, "proofs", "alice.json"), "utf8")).leaf.salt).to.match(/^0x[0-9a-f]{64}$/);
    const untracked = ok(await git(repo, "status", "--porcelain", "--untracked-files=all")).stdout;
    expect(untracked.trim().split("\n")).to.deep.equal(["?? .gitignore"]);
    // A proof written where git would pick it up is refused too.
    const exposed = await solventIn(repo, {}, "proof", "tree-2026-11", "acme, inc", "--out", "notes/acme-proof.txt");
    expect(exposed.code).to.equal(2);
    expect(exposed.stderr).to.match(/not ignored/);
    // Without git on the PATH nothing can be checked: the proof is written, owner-only, as before.
    const noGit = { PATH: dirname(process.execPath) };
    ok(await solventIn(repo, noGit, "proof", "tree-2026-11", "acme, inc", "--out", "notes/acme-proof.txt"));
    expect((await stat(join(repo, "notes", "acme-proof.txt"))).mode & 0o777).to.equal(0o600);
    // Outside any git work tree, nothing to check: the proof is written, owner-only.
    const plain = await scratchFolder("solvent-plain-");
    ok(await solventIn(plain, {}, "proof", join(repo, "tree-2026-11"), "acme, inc", "--out", "acme.json"));
    expect((await stat(join(plain, "acme.json"))).mode & 0o777).to.equal(0o600);
  });

  it("finding 11 (review): a path through a symbolic link into a work tree is refused too, and a build secret git would commit is warned about", async function () {
    const repo = await scratchFolder("solvent-repo-");
    ok(await git(repo, "init", "-q"));
    await mkdir(join(repo, "data"));
    const elsewhere = await scratchFolder("solvent-link-");
    await symlink(join(repo, "data"), join(elsewhere, "link"));
    const csv = join(elsewhere, "balances.csv");
    await copyFile(fixturePath("vectors/five-accounts-padding.csv"), csv);
    const refused = await solventIn(elsewhere, {}, "build", csv, "--out", join(elsewhere, "link", "nov"));
    expect(refused.code, refused.stdout).to.equal(2);
    expect(refused.stderr).to.match(/is inside the git work tree .* not ignored/);
    expect(existsSync(join(repo, "data", "nov"))).to.equal(false);
    const secret = join(repo, "secret.hex");
    await writeFile(secret, `${"5a".repeat(32)}\n`, { mode: 0o600 });
    const built = ok(
      await solventIn(elsewhere, {}, "build", csv, "--out", join(elsewhere, "tree"), "--secret", secret),
    );
    expect(built.stderr).to.match(/secret\.hex is inside the git work tree .* would commit the build secret/);
  });
});
