import { expect } from "chai";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useHardhatNode } from "../helpers/e2e.js";
import { run } from "../helpers/processes.js";
import { fixturePath } from "../helpers/vectors.js";

/**
 * The security review's findings on the customer's side (issue 10), with the real commands against a real
 * `npx hardhat node`: the registry and exchange a proof is checked against are the customer's choice, and
 * the labels printed are the chain's.
 */
describe("end to end: a proof means one thing (security review findings 1 and 2)", function () {
  this.timeout(300_000);
  const session = useHardhatNode("solvent-trust-");
  const json = (text: string) => JSON.parse(text) as Record<string, any>;
  const hardhat = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], { ...session.env, ...env });
  /** The customer: their own deployments folder (recording only the honest registry), no Hardhat project. */
  const customer = (...args: string[]) => run("npx", ["solvent", ...args], session.env);
  const ok = (ran: { code: number; stdout: string; stderr: string }) => {
    expect(ran.code, `${ran.stdout}\n${ran.stderr}`).to.equal(0);
    return ran;
  };

  let honest = "";
  let rogue = "";
  let honestProof: Record<string, any> = {};
  let rogueProof: Record<string, any> = {};
  const write = async (name: string, document: unknown) => {
    const file = join(session.work, name);
    await writeFile(file, JSON.stringify(document, null, 2));
    return file;
  };

  before(async function () {
    // The honest registry, recorded in the customer's deployments folder.
    honest = json(ok(await hardhat({}, "deploy", "--json")).stdout).registry as string;
    ok(await hardhat({}, "register", "--name", "Acme Exchange", "--assets", "BTC:8,ETH:18,USDT:6"));
    const tree = join(session.work, "tree");
    ok(
      await customer(
        "build",
        fixturePath("vectors/five-accounts-padding.csv"),
        "--out",
        tree,
        "--as-of",
        String(Math.floor(Date.now() / 1000) - 600),
      ),
    );
    ok(await hardhat({}, "post", "--tree", tree, "--exchange", "1"));
    honestProof = {
      ...json(ok(await customer("proof", tree, "acme, inc")).stdout),
      registry: honest,
      exchangeId: "1",
      epoch: "1",
    };

    // The exchange's own second registry, where a tree gives "acme, inc" 100 ETH more.
    const rogueFolder = join(session.work, "rogue-deployments");
    await mkdir(rogueFolder);
    const rogueEnv = { SOLVENT_DEPLOYMENTS_DIR: rogueFolder };
    rogue = json(ok(await hardhat(rogueEnv, "deploy", "--json")).stdout).registry as string;
    ok(await hardhat(rogueEnv, "register", "--name", "Acme Exchange", "--assets", "BTC:8,ETH:18,USDT:6"));
    const csv = (await readFile(fixturePath("vectors/five-accounts-padding.csv"), "utf8")).replace(
      /("acme, inc",0x[0-9a-f]{64},0\.12345678),1\./,
      "$1,101.",
    );
    const rogueCsv = join(session.work, "rogue.csv");
    await writeFile(rogueCsv, csv);
    const rogueTree = join(session.work, "rogue-tree");
    ok(await customer("build", rogueCsv, "--out", rogueTree, "--as-of", String(Math.floor(Date.now() / 1000) - 600)));
    ok(await hardhat(rogueEnv, "post", "--tree", rogueTree, "--exchange", "1"));
    rogueProof = {
      ...json(ok(await customer("proof", rogueTree, "acme, inc")).stdout),
      registry: rogue,
      exchangeId: "1",
      epoch: "1",
    };
  });

  it("finding 1: a proof file naming a rogue registry exits 4 (not verified) with RegistryMismatch; the honest proof exits 0", async function () {
    const rogueFile = await write("rogue.json", rogueProof);
    // The attack: against the registry it names, the rogue proof is a valid inclusion; a customer without a
    // trusted registry address gets "not verified" (exit 4, issue 21 finding 5) and a warning that says why.
    const againstItsOwn = await run("npx", ["solvent", "verify", rogueFile, "--rpc", session.url, "--exchange", "1"], {
      SOLVENT_DEPLOYMENTS_DIR: join(session.work, "none"),
    });
    expect(againstItsOwn.code, againstItsOwn.stderr).to.equal(4);
    expect(againstItsOwn.stdout).to.match(/Only the proof file names the registry/);
    const refused = await customer("verify", rogueFile, "--rpc", session.url, "--exchange", "1");
    expect(refused.code, refused.stdout + refused.stderr).to.equal(4);
    expect(refused.stdout).to.match(/✘ NOT VERIFIED \(RegistryMismatch\)/);
    expect(refused.stdout).to.contain(rogue).and.to.contain(honest);
    expect(refused.stdout).not.to.match(/Included/);
    const asJson = json(
      (await customer("verify", rogueFile, "--rpc", session.url, "--exchange", "1", "--json")).stdout,
    );
    expect(asJson).to.deep.include({ valid: false });
    expect(asJson.refused).to.include({ reason: "RegistryMismatch", trustedFrom: "deployment" });
    // --registry chosen by the customer wins over the file, too.
    const chosen = await customer("verify", rogueFile, "--rpc", session.url, "--exchange", "1", "--registry", honest);
    expect(chosen.code).to.equal(4);
    expect(chosen.stdout).to.match(/RegistryMismatch.*--registry/s);

    const honestFile = await write("honest.json", honestProof);
    const included = ok(await customer("verify", honestFile, "--rpc", session.url, "--exchange", "1"));
    expect(included.stdout).to.match(/✔ Included: "acme, inc" is in epoch 1 of exchange 1 "Acme Exchange"/);
    expect(included.stdout).to.match(/as of\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: your balances at that time/);
    expect(included.stdout).to.match(/exchange\s+1 "Acme Exchange", admin 0x[0-9a-fA-F]{40}/);
    expect(included.stdout).to.match(/from the recorded deployment for this chain/);
    const report = json(
      ok(await customer("verify", honestFile, "--rpc", session.url, "--exchange", "1", "--json")).stdout,
    );
    expect(report).to.include({ included: true, trustedRegistry: true });
    expect(report.onChain).to.include({
      registrySource: "deployment",
      exchangeSource: "option",
      latest: true,
      valid: true,
    });
  });

  it("finding 1: with nothing but the file naming the registry, the output says so, and --json carries the source", async function () {
    const honestFile = await write("honest-only.json", honestProof);
    const nowhere = join(session.work, "no-deployments");
    const ran = await run("npx", ["solvent", "verify", honestFile, "--rpc", session.url, "--json"], {
      SOLVENT_DEPLOYMENTS_DIR: nowhere,
    });
    expect(ran.code, ran.stderr).to.equal(4);
    const report = json(ran.stdout);
    expect(report).to.include({ included: false, trustedRegistry: false, verdict: "not-verified" });
    expect(report.onChain).to.include({ registrySource: "proof-file", exchangeSource: "proof-file" });
    expect(report.onChain.warnings.join("\n"))
      .to.match(/Only the proof file names the registry/)
      .and.to.match(/comes from the proof file/);
    const text = await run("npx", ["solvent", "verify", honestFile, "--rpc", session.url], {
      SOLVENT_DEPLOYMENTS_DIR: nowhere,
    });
    expect(text.stdout).to.match(/^✘ NOT VERIFIED: only the registry the proof file names was asked/);
    expect(text.stdout).to.match(/! Only the proof file names the registry/);
    // Two deployment records that disagree about the chain's registry: nothing is trusted.
    const conflicting = join(session.work, "conflicting-deployments");
    await mkdir(conflicting);
    const record = json(await readFile(join(session.work, "deployments", "localhost.json"), "utf8"));
    await writeFile(join(conflicting, "a.json"), JSON.stringify(record));
    await writeFile(join(conflicting, "b.json"), JSON.stringify({ ...record, registry: rogue }));
    const conflict = await run("npx", ["solvent", "verify", honestFile, "--rpc", session.url], {
      SOLVENT_DEPLOYMENTS_DIR: conflicting,
    });
    expect(conflict.code).to.equal(2);
    expect(conflict.stderr).to.match(/two deployment records for chain 31337 name different registries/);
    // A file for another exchange than the one asked for is refused.
    const other = await customer("verify", honestFile, "--rpc", session.url, "--exchange", "2");
    expect(other.code).to.equal(4);
    expect(other.stdout).to.match(/ExchangeMismatch/);
  });

  it("finding 1: warns when another exchange has the same name, and when the epoch checked is not the latest", async function () {
    ok(await hardhat({}, "register", "--name", "ACME  exchange", "--assets", "BTC:8,ETH:18,USDT:6"));
    const tree2 = join(session.work, "tree-2");
    ok(
      await customer(
        "build",
        fixturePath("vectors/five-accounts-padding.csv"),
        "--out",
        tree2,
        "--as-of",
        String(Math.floor(Date.now() / 1000) - 300),
      ),
    );
    ok(await hardhat({}, "post", "--tree", tree2, "--exchange", "1"));
    const epochOne = await write("epoch-1.json", honestProof);
    // The file's old epoch still holds the account; the latest might not: refused unless asked for.
    const stale = await customer("verify", epochOne, "--rpc", session.url, "--exchange", "1");
    expect(stale.code, stale.stdout).to.equal(1);
    expect(stale.stdout).to.match(
      /✘ NOT INCLUDED in epoch 1 .*: NotLatestEpoch: the proof file is for epoch 1, but the exchange has posted up to epoch 2/,
    );
    const ran = ok(await customer("verify", epochOne, "--rpc", session.url, "--exchange", "1", "--epoch", "1"));
    expect(ran.stdout).to.match(/! Other exchanges on this registry have the same or a look-alike name: 2\./);
    expect(ran.stdout).to.match(/! Epoch 1 is not the latest: exchange 1 has posted up to epoch 2/);
    expect(ran.stdout).to.match(/epoch\s+1 \(latest is 2\), active, no auditors set up/);
    // A look-alike from another script cannot be registered at all (issue 21, finding 4: names are printable
    // ASCII); a case and spacing variant can, and reads as the same name.
    const cyrillic = await hardhat(
      {},
      "register",
      "--name",
      "\u0410cme\u200b Exchange",
      "--assets",
      "BTC:8,ETH:18,USDT:6",
    );
    expect(cyrillic.code).to.not.equal(0);
    // The client refuses it before sending (the registry would revert with InvalidNameCharacter).
    expect(cyrillic.stdout + cyrillic.stderr).to.match(/character 1 \(U\+0410\) is not printable ASCII/);
    ok(await hardhat({}, "register", "--name", "acme EXCHANGE", "--assets", "BTC:8,ETH:18,USDT:6"));
    const lookAlike = ok(await customer("verify", epochOne, "--rpc", session.url, "--exchange", "1", "--epoch", "1"));
    expect(lookAlike.stdout).to.match(/look-alike name: 2, 3\./);
  });

  it("finding 2: a file with relabelled assets or decimals exits 1 with AssetListMismatch; the chain's labels are printed", async function () {
    const relabelled = await write("relabelled.json", {
      ...honestProof,
      assets: ["ETH", "BTC", "USDT"],
      decimals: [0, 0, 0],
    });
    // (Epoch 2 exists by now: --epoch 1 asks for the file's epoch on purpose.)
    const refused = await customer(
      "verify",
      relabelled,
      "--rpc",
      session.url,
      "--exchange",
      "1",
      "--epoch",
      "1",
      "--json",
    );
    expect(refused.code).to.equal(1);
    const report = json(refused.stdout);
    expect(report.onChain).to.include({ valid: false, error: "AssetListMismatch" });
    expect(report.onChain.errorArgs[0]).to.match(
      /labels the balances ETH:0,BTC:0,USDT:0, but the epoch was posted as BTC:8,ETH:18,USDT:6/,
    );
    const redenominated = await write("redenominated.json", { ...honestProof, decimals: [18, 18, 6] });
    expect(
      (await customer("verify", redenominated, "--rpc", session.url, "--exchange", "1", "--epoch", "1")).code,
    ).to.equal(1);
    // Without labels of its own, the file is shown in the chain's labels.
    const { decimals: _dropped, ...unlabelled } = honestProof;
    const shown = ok(
      await customer(
        "verify",
        await write("unlabelled.json", unlabelled),
        "--rpc",
        session.url,
        "--exchange",
        "1",
        "--epoch",
        "1",
      ),
    );
    expect(shown.stdout).to.match(/balances\s+0\.12345678 BTC, 1\.000000000000000001 ETH, 0\.000001 USDT/);
  });
});
