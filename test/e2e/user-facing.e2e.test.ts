import { expect } from "chai";
import { join } from "node:path";
import { useHardhatNode } from "../helpers/e2e.js";
import { freePort, run, type Ran } from "../helpers/processes.js";
import { fixturePath } from "../helpers/vectors.js";

const DAY = 86_400;
const json = (ran: Ran) => JSON.parse(ran.stdout) as Record<string, any>;

/** Issue 20, item 7: what a new user sees of the Hardhat tasks, against a real `npx hardhat node`. */
describe("end to end: the tasks as a new user sees them (issue 20)", function () {
  this.timeout(300_000);
  const session = useHardhatNode("solvent-e2e-words-");
  const hardhat = (...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], session.env);

  /** Builds the fixture's tree as of `daysAgo` days ago and posts it as the next epoch of exchange 1. */
  async function postSnapshot(daysAgo: number, name: string) {
    const tree = join(session.work, name);
    const asOf = String(Math.floor(Date.now() / 1000) - daysAgo * DAY);
    const csv = fixturePath("vectors/five-accounts-padding.csv");
    const built = await run("npx", ["solvent", "build", csv, "--out", tree, "--as-of", asOf], session.env);
    expect(built.code, built.stderr).to.equal(0);
    const posted = await hardhat("post", "--tree", tree, "--exchange", "1", "--reserves", "ETH=6");
    expect(posted.code, posted.stderr).to.equal(0);
  }

  it("issue 20: status says stale for a 40-day-old epoch and fresh for a 12-day-old one, never 'STALE OR REVOKED'; solvency says in words what is missing", async function () {
    expect((await hardhat("deploy")).code).to.equal(0);
    expect((await hardhat("register", "--name", "Acme", "--assets", "BTC:8,ETH:18,USDT:6")).code).to.equal(0);

    const nothingYet = await hardhat("status", "--exchange", "1");
    expect(nothingYet.code).to.equal(2);
    expect(nothingYet.stderr).to.contain("exchange 1 has posted nothing yet");

    await postSnapshot(40, "tree-old");
    const old = await hardhat("status", "--exchange", "1");
    expect(old.code, old.stderr).to.equal(0);
    expect(old.stdout).to.match(/^Exchange 1 on localhost: epoch 1, stale\n/);
    expect(old.stdout).to.match(/\(40 days ago; stale after 35 days\)/);
    expect(old.stdout).not.to.match(/STALE OR REVOKED/i);

    await postSnapshot(12, "tree-young");
    const young = await hardhat("status", "--exchange", "1", "--json");
    expect(young.code, young.stderr).to.equal(0);
    expect(json(young)).to.include({ epoch: "2", fresh: true, freshness: "fresh", maxAgeSeconds: String(35 * DAY) });

    const solvency = await hardhat("solvency", "--exchange", "1");
    expect(solvency.code, solvency.stderr).to.equal(0);
    expect(solvency.stdout).to.contain("  audited   not audited (the exchange has set no auditor threshold)");
    expect(solvency.stdout).not.to.match(/no threshold set\)|audited no/);

    const unknown = await hardhat("solvency", "--exchange", "99");
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(
      /^error: exchange 99 does not exist on the registry 0x[0-9a-fA-F]{40}: its exchanges are 1 to 1\n$/,
    );
    expect(unknown.stderr).not.to.contain("NoAttestation");
  });
});

/** Issue 20, item 7: a node that does not answer is a failure (exit 3), and --json still prints only JSON. */
describe("end to end: an RPC endpoint that does not answer (issue 20)", function () {
  this.timeout(120_000);

  it("issue 20: with the node down, tasks and verify exit 3 and --json prints one JSON error object on stdout, nothing else", async function () {
    const down = `http://127.0.0.1:${await freePort()}`;
    const env = { SOLVENT_LOCALHOST_URL: down };
    const runs = {
      status: await run(
        "npx",
        ["hardhat", "solvent", "status", "--exchange", "1", "--network", "localhost", "--json"],
        env,
      ),
      solvency: await run(
        "npx",
        ["hardhat", "solvent", "solvency", "--exchange", "1", "--network", "localhost", "--json"],
        env,
      ),
      verify: await run("npx", [
        "solvent",
        "verify",
        fixturePath("formats/proof-v1.json"),
        "--rpc",
        down,
        "--exchange",
        "1",
        "--registry",
        "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "--json",
      ]),
    };
    for (const [name, ran] of Object.entries(runs)) {
      expect(ran.code, `${name}: ${ran.stderr}`).to.equal(3);
      expect(ran.stdout.trimStart().startsWith("{"), `${name} printed before its JSON: ${ran.stdout}`).to.equal(true);
      expect(json(ran), name).to.deep.equal({
        ok: false,
        error: "unreachable",
        message: `cannot reach the RPC endpoint ${down} (connect ECONNREFUSED ${down.slice("http://".length)})`,
      });
      expect(ran.stderr, name).to.contain(`error: cannot reach the RPC endpoint ${down}`);
    }
  });
});
