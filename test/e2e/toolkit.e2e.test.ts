import { expect } from "chai";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useHardhatNode } from "../helpers/e2e.js";
import { run } from "../helpers/processes.js";
import { fixturePath } from "../helpers/vectors.js";

/**
 * The operator's and the customer's journey with the real commands, against a real `npx hardhat node`
 * over JSON-RPC: deploy, register, build, post (twice), status, verify (valid, tampered, wrong input).
 */
describe("end to end: real commands against a real hardhat node", function () {
  this.timeout(300_000);
  const session = useHardhatNode("solvent-e2e-");

  const hardhat = (...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], session.env);
  const solvent = (...args: string[]) => run("npx", ["solvent", ...args], session.env);
  const json = (text: string) => JSON.parse(text) as Record<string, any>;

  it("runs the whole journey", async function () {
    const deployed = await hardhat("deploy", "--json");
    expect(deployed.code, deployed.stderr).to.equal(0);
    const record = json(await readFile(join(session.work, "deployments", "localhost.json"), "utf8"));
    expect(record).to.include({ format: "solvent-deployment-v2", network: "localhost", chainId: "31337" });
    expect(record.solc.version).to.equal("0.8.28");
    expect(json(deployed.stdout)).to.include({ ok: true, deployed: true, registry: record.registry });

    const again = await hardhat("deploy");
    expect(again.code).to.equal(0);
    expect(again.stdout).to.contain(`Solvent is already deployed on localhost: registry ${record.registry}`);

    const registered = await hardhat(
      "register",
      "--name",
      "Acme Exchange",
      "--assets",
      "BTC:8,ETH:18,USDT:6",
      "--json",
    );
    expect(registered.code, registered.stderr).to.equal(0);
    expect(json(registered.stdout)).to.include({ exchangeId: "1" });

    const tree = join(session.work, "tree");
    const asOf = String(Math.floor(Date.now() / 1000) - 120);
    const built = await solvent(
      "build",
      fixturePath("vectors/five-accounts-padding.csv"),
      "--out",
      tree,
      "--as-of",
      asOf,
    );
    expect(built.code, built.stderr).to.equal(0);

    const posted = await hardhat(
      "post",
      "--tree",
      tree,
      "--exchange",
      "1",
      "--reserves",
      "ETH=6,USDT=100.25",
      "--uri",
      "https://acme.invalid/por/1",
      "--json",
    );
    expect(posted.code, posted.stderr).to.equal(0);
    expect(json(posted.stdout)).to.include({ epoch: "1", alreadyPosted: false });
    expect(json(posted.stdout).reserves).to.deep.equal(["0", "6000000000000000000", "100250000"]);
    // issue 20: post warns, in words and in --json, when claimed reserves are below liabilities (BTC, USDT).
    expect(json(posted.stdout).shortfalls).to.deep.equal([
      { symbol: "BTC", liabilities: "340282366920938463463374607431768211455", reserves: "0" },
      { symbol: "USDT", liabilities: "105500002", reserves: "100250000" },
    ]);

    const reposted = await hardhat("post", "--tree", tree, "--exchange", "1");
    expect(reposted.code, reposted.stderr).to.equal(0);
    expect(reposted.stdout).to.contain("already posted as epoch 1");
    expect(reposted.stdout).to.contain(
      "Warning: the reserves claimed for BTC (0) are below what customers are owed (3402823669209384634633746074317.68211455)",
    );

    const status = await hardhat("status", "--exchange", "1", "--json");
    expect(status.code, status.stderr).to.equal(0);
    const state = json(status.stdout);
    expect(state).to.include({ epoch: "1", fresh: true });
    expect(state.attestation.root).to.equal("0xae2badbe8ab4ed7adb53fa7160ef646cd0ca7e7fd72d76b76609e992826d5416");

    const proofText = (await solvent("proof", tree, "acme, inc")).stdout;
    const proofFile = join(session.work, "acme.json");
    await writeFile(proofFile, proofText);
    const verified = await solvent("verify", proofFile, "--rpc", session.url, "--exchange", "1");
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/✔ Included: "acme, inc" is in epoch 1 of exchange 1/);
    expect(verified.stdout).to.match(/ETH\s+owed 5\.000000000000000001, reserves claimed 6 \(119\.99%\)/);

    const tampered = json(proofText);
    tampered.leaf.balances[2] = "2";
    await writeFile(join(session.work, "tampered.json"), JSON.stringify(tampered));
    const rejected = await solvent(
      "verify",
      join(session.work, "tampered.json"),
      "--rpc",
      session.url,
      "--exchange",
      "1",
      "--json",
    );
    expect(rejected.code).to.equal(1);
    expect(json(rejected.stdout).onChain).to.include({ valid: false, error: "RootMismatch" });

    const wrongExchange = await hardhat("post", "--tree", tree, "--exchange", "x1");
    expect(wrongExchange.code).to.equal(2);
    expect(wrongExchange.stderr).to.match(/--exchange must be a whole number/);
    const unreachable = await solvent("verify", proofFile, "--rpc", "http://127.0.0.1:1", "--exchange", "1");
    expect(unreachable.code, "issue 20: an unreachable RPC is a failure (3), not bad input (2)").to.equal(3);
    expect(unreachable.stderr).to.match(/cannot reach the RPC endpoint/);
  });
});
