import { expect } from "chai";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { scratchFolder, writeTemp } from "../helpers/files.js";
import { fixturePath } from "../helpers/vectors.js";

const VECTOR_CSV = fixturePath("vectors/five-accounts-padding.csv");
const VECTOR_ROOT = "0xae2badbe8ab4ed7adb53fa7160ef646cd0ca7e7fd72d76b76609e992826d5416";

describe("solvent CLI", function () {
  it("prints usage and per-command help", async function () {
    const usage = await runCli("--help");
    expect(usage.code).to.equal(0);
    expect(usage.stdout).to.match(/build .*\n.*proof .*\n.*verify /);
    for (const command of ["build", "proof", "verify"]) {
      const help = await runCli(command, "--help");
      expect(help.code, command).to.equal(0);
      expect(help.stdout, command).to.match(new RegExp(`^Usage: solvent ${command} `));
    }
    expect((await runCli("frobnicate")).code).to.equal(2);
  });

  describe("build", function () {
    it("writes the public summary and the owner-only proof store", async function () {
      const out = join(await scratchFolder(), "tree");
      const result = await runCli("build", VECTOR_CSV, "--out", out, "--as-of", "1764000000");
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(VECTOR_ROOT);
      const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
      expect(summary).to.include({
        format: "solvent-tree-v2",
        leafCount: 5,
        depth: 3,
        root: VECTOR_ROOT,
        asOf: "1764000000",
      });
      expect(summary.totals).to.deep.equal([
        "340282366920938463463374607431768211455",
        "5000000000000000001",
        "105500002",
      ]);
      expect(summary.input.file).to.equal("five-accounts-padding.csv");
      expect((await stat(out)).mode & 0o777).to.equal(0o700);
      expect(await readdir(join(out, "store", "shards"))).to.deep.equal(["000000.bin"]);
      expect(await readdir(join(out, "store", "index"))).to.deep.equal(["000000.bin"]);
      for (const file of ["store/shards/000000.bin", "store/index/000000.bin"])
        expect((await stat(join(out, file))).mode & 0o777, file).to.equal(0o600);
      for (const folder of ["store", "store/shards"])
        expect((await stat(join(out, folder))).mode & 0o777, folder).to.equal(0o700);
    });

    it("issue 20: a CSV cut inside its last amount is refused, and a build prints the account count and totals to compare with the source", async function () {
      const whole = "account,BTC:8\nalice,1.5\nbob,12345.6789\n";
      const cut = await writeTemp("cut.csv", whole.slice(0, whole.indexOf("12345.6789") + 2));
      const refused = await runCli("build", cut, "--out", join(await scratchFolder(), "cut"));
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.match(/cut\.csv:3: the last line has no line end, so the file may have been cut short/);
      const built = await runCli(
        "build",
        await writeTemp("whole.csv", whole),
        "--out",
        join(await scratchFolder(), "t"),
      );
      expect(built.code, built.stderr).to.equal(0);
      expect(built.stdout).to.match(/BTC +12347\.1789 owed to customers/);
      expect(built.stdout).to.contain("Compare the account count (2) and the totals with the source system");
    });

    it("--threads chooses the hashing threads, and must be a whole number of at least 1", async function () {
      const out = join(await scratchFolder(), "tree");
      const result = await runCli("build", VECTOR_CSV, "--out", out, "--threads", "1", "--json");
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout)).to.include({ root: VECTOR_ROOT });
      for (const bad of ["0", "two", "-1"]) {
        const refused = await runCli("build", VECTOR_CSV, "--out", join(await scratchFolder(), "t"), "--threads", bad);
        expect(refused.code, bad).to.equal(2);
        expect(refused.stderr, bad).to.match(/--threads/);
      }
    });

    it("--json prints only JSON", async function () {
      const out = join(await scratchFolder(), "tree");
      const result = await runCli("build", VECTOR_CSV, "--out", out, "--json");
      expect(JSON.parse(result.stdout)).to.include({ ok: true, root: VECTOR_ROOT, leafCount: 5 });
    });

    it("refuses bad input with exit 2 and leaves nothing behind", async function () {
      const folder = await scratchFolder();
      const csv = join(folder, "bad.csv");
      await writeFile(csv, "account,BTC:8\nalice,1\nbob,1e3\n");
      const result = await runCli("build", csv, "--out", join(folder, "tree"));
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/bad\.csv:3:2: BTC: "1e3" is not a plain decimal number/);
      expect(await readdir(folder)).to.deep.equal(["bad.csv"]);
      const json = await runCli("build", csv, "--out", join(folder, "tree"), "--json");
      expect(JSON.parse(json.stdout)).to.include({ ok: false, error: "bad-input" });
    });

    it("does not overwrite an existing output folder unless forced", async function () {
      const out = join(await scratchFolder(), "tree");
      expect((await runCli("build", VECTOR_CSV, "--out", out)).code).to.equal(0);
      const again = await runCli("build", VECTOR_CSV, "--out", out);
      expect(again.code).to.equal(2);
      expect(again.stderr).to.match(/already exists; .*--force/);
      expect((await runCli("build", VECTOR_CSV, "--out", out, "--force")).code).to.equal(0);
    });
  });

  describe("proof and verify", function () {
    it("prints an account's proof, which verifies off-chain (exit 0)", async function () {
      const out = join(await scratchFolder(), "tree");
      await runCli("build", VECTOR_CSV, "--out", out);
      const proof = await runCli("proof", out, "  Ame\u0301lie ");
      expect(proof.code).to.equal(0);
      expect(JSON.parse(proof.stdout).leaf.accountId).to.equal("Am\u00e9lie");
      const file = await writeTemp("amelie.json", proof.stdout);
      const verified = await runCli("verify", file);
      expect(verified.code).to.equal(0);
      expect(verified.stdout).to.match(/✔ Valid off-chain: "Amélie".*\n.*--rpc/);
      expect(verified.stdout).to.contain("balances  3 BTC, 4 ETH, 5 USDT");
      const json = JSON.parse((await runCli("verify", file, "--json")).stdout);
      expect(json).to.deep.include({ ok: true, valid: true, included: false, checkedOnChain: false, bound: true });
      expect((await runCli("proof", out, "nobody")).code).to.equal(2);
    });

    it("exits 1 with the reason for a tampered proof, 2 for a malformed one", async function () {
      const out = join(await scratchFolder(), "tree");
      await runCli("build", VECTOR_CSV, "--out", out);
      const proof = JSON.parse((await runCli("proof", out, "u1")).stdout);
      proof.leaf.balances[1] = "1"; // u1 holds 0 ETH; claim one wei
      const tampered = await runCli("verify", await writeTemp("t.json", JSON.stringify(proof)));
      expect(tampered.code).to.equal(1);
      expect(tampered.stdout).to.match(/✘ NOT VALID: .*\(RootMismatch\)/);
      proof.leaf.balances[1] = "0";
      proof.leaf.balances[0] = 1000000001;
      const malformed = await runCli("verify", await writeTemp("m.json", JSON.stringify(proof)));
      expect(malformed.code).to.equal(2);
      expect(malformed.stderr).to.match(/m\.json: leaf\.balances\[0\]: must be a decimal string/);
      const foreign = {
        ...proof,
        leaf: { ...proof.leaf, balances: ["1000000000", "0", "100500000"], accountId: "u2" },
      };
      const stolen = await runCli("verify", await writeTemp("s.json", JSON.stringify(foreign)));
      expect(stolen.code).to.equal(1);
      expect(stolen.stdout).to.match(/AccountKeyMismatch/);
    });

    it("attack: a proof file without the account id and salt is not shown to be yours (exit 1)", async function () {
      const out = join(await scratchFolder(), "tree");
      await runCli("build", VECTOR_CSV, "--out", out);
      const proof = JSON.parse((await runCli("proof", out, "u1")).stdout);
      // Without them, one leaf could be shown to two customers with equal balances.
      delete proof.leaf.accountId;
      delete proof.leaf.salt;
      const unbound = await runCli("verify", await writeTemp("unbound.json", JSON.stringify(proof)));
      expect(unbound.code).to.equal(1);
      expect(unbound.stdout).to.match(/^✘ NOT SHOWN TO BE YOURS/);
      const json = JSON.parse(
        (await runCli("verify", await writeTemp("unbound.json", JSON.stringify(proof)), "--json")).stdout,
      );
      expect(json).to.deep.include({ valid: false, bound: false });
    });
  });
});
