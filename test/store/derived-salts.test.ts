import { expect } from "chai";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { accountKey } from "../../src/spec/encoding.js";
import { fromHex, keccak256, toHex } from "../../src/spec/bytes.js";
import { readBuildSecret } from "../../src/store/build-secret.js";
import { readProofFromFolder } from "../../src/store/tree-folder.js";
import { expectInputError } from "../helpers/assert.js";
import { runCli } from "../helpers/cli.js";
import { scratchFolder, writeTemp } from "../helpers/files.js";

const CSV = 'account,BTC:8,ETH:18\nalice,1.5,0\nAme\u0301lie,0,2\n"acme, inc",0.00000001,0\n';
const IDS = ["alice", "Am\u00e9lie", "acme, inc"];

/**
 * keccak256(saltKey ‖ utf8(NFC(id))) with saltKey = keccak256("solvent salt key" ‖ secret ‖ asOf as a
 * 32-byte word), written out independently of the builder.
 */
function expectedSalt(secret: Uint8Array, asOf: bigint, id: string): string {
  const idBytes = Buffer.from(id.normalize("NFC"), "utf8");
  const asOfWord = Buffer.from(asOf.toString(16).padStart(64, "0"), "hex");
  const saltKey = keccak256(Buffer.concat([Buffer.from("solvent salt key", "utf8"), secret, asOfWord]));
  return toHex(keccak256(Buffer.concat([saltKey, idBytes])));
}

describe("salts derived from a build secret", function () {
  this.timeout(60_000);

  it("without a salt column: salt = keccak256(saltKey ‖ NFC(id)), the salt key bound to the snapshot time, the secret owner-only in the folder, never in summary.json", async function () {
    const csv = await writeTemp("balances.csv", CSV);
    const out = join(await scratchFolder(), "tree");
    const built = await runCli("build", csv, "--out", out, "--as-of", "1764000000", "--json");
    expect(built.code, built.stderr).to.equal(0);
    expect((await stat(join(out, "secret"))).mode & 0o777).to.equal(0o600);
    const secret = await readBuildSecret(join(out, "secret"));
    const summaryText = await readFile(join(out, "summary.json"), "utf8");
    expect(summaryText).not.to.contain(toHex(secret).slice(2));
    for (const id of IDS) {
      const { proof } = await readProofFromFolder(out, id);
      expect(proof.leaf.salt).to.equal(expectedSalt(secret, 1764000000n, id));
      expect(proof.leaf.accountKey).to.equal(toHex(accountKey(fromHex(proof.leaf.salt!, 32, "salt"), id)));
    }
    // The same secret and snapshot time rebuild the same tree; a fresh secret (the default) gives another root.
    const again = await runCli(
      "build",
      csv,
      "--out",
      join(out, "..", "again"),
      "--secret",
      join(out, "secret"),
      "--as-of",
      "1764000000",
      "--json",
    );
    expect(JSON.parse(again.stdout).root).to.equal(JSON.parse(built.stdout).root);
    const other = await runCli("build", csv, "--out", join(out, "..", "other"), "--json");
    expect(JSON.parse(other.stdout).root).not.to.equal(JSON.parse(built.stdout).root);
  });

  it("issue 20: a build secret reused for the next snapshot still gives every account a new salt, key and position", async function () {
    const csv = await writeTemp("balances.csv", CSV);
    const folder = await scratchFolder();
    const secret = join(folder, "build.secret");
    await writeFile(secret, `${"5a".repeat(32)}\n`, { mode: 0o600 });
    const build = async (name: string, asOf: string) => {
      const out = join(folder, name);
      const built = await runCli("build", csv, "--out", out, "--secret", secret, "--as-of", asOf, "--json");
      expect(built.code, built.stderr).to.equal(0);
      return Promise.all(IDS.map(async (id) => (await readProofFromFolder(out, id)).proof.leaf));
    };
    const november = await build("2026-11", "1764000000");
    const december = await build("2026-12", "1766592000");
    for (const [i, id] of IDS.entries()) {
      expect(december[i]!.salt, id).not.to.equal(november[i]!.salt);
      expect(december[i]!.accountKey, id).not.to.equal(november[i]!.accountKey);
    }
    // Positions: the order of the accounts in the tree is not the same month after month.
    const order = (leaves: typeof november) =>
      [...leaves].sort((a, b) => Number(a.index - b.index)).map((l) => l.accountId);
    expect(order(december)).not.to.deep.equal(order(november));
  });

  it("with a salt column, the CSV's salts are kept and no secret is written", async function () {
    const salt = `0x${"ab".repeat(32)}`;
    const csv = await writeTemp("salted.csv", `account,salt,BTC:8\nalice,${salt},1\n`);
    const out = join(await scratchFolder(), "tree");
    expect((await runCli("build", csv, "--out", out)).code).to.equal(0);
    expect((await readProofFromFolder(out, "alice")).proof.leaf.salt).to.equal(salt);
    await stat(join(out, "secret")).then(
      () => expect.fail("no secret file expected"),
      () => undefined,
    );
  });

  it("reads a secret as 64 hex digits (0x optional) and refuses others' access (group-read is fine) or a malformed one", async function () {
    const folder = await scratchFolder();
    const file = join(folder, "build.secret");
    await writeFile(file, `${"0f".repeat(32)}\n`, { mode: 0o600 });
    expect(toHex(await readBuildSecret(file))).to.equal(`0x${"0f".repeat(32)}`);
    await chmod(file, 0o644);
    await expectInputError(readBuildSecret(file), /readable by others.*chmod 600/);
    await chmod(file, 0o660);
    await expectInputError(readBuildSecret(file), /readable by others/); // group-writable
    await chmod(file, 0o440); // how Kubernetes mounts a secret for a pod's fsGroup
    expect(toHex(await readBuildSecret(file))).to.equal(`0x${"0f".repeat(32)}`);
    await writeFile(file, "0x1234\n", { mode: 0o600 });
    await chmod(file, 0o600);
    await expectInputError(readBuildSecret(file), /64 hex digits.*openssl rand -hex 32/);
  });

  it("solvent build --partition and solvent join reproduce the single build (CLI)", async function () {
    const csv = await writeTemp("balances.csv", CSV);
    const folder = await scratchFolder();
    const secret = join(folder, "build.secret");
    await writeFile(secret, `${"5a".repeat(32)}\n`, { mode: 0o600 });
    const common = ["--secret", secret, "--as-of", "1764000000", "--json"];
    const single = await runCli("build", csv, "--out", join(folder, "single"), ...common);
    for (const part of ["1/2", "0/2"]) {
      const built = await runCli(
        "build",
        csv,
        "--out",
        join(folder, part.replace("/", "-")),
        "--partition",
        part,
        ...common,
      );
      expect(built.code, built.stderr).to.equal(0);
    }
    const joined = await runCli(
      "join",
      join(folder, "0-2"),
      join(folder, "1-2"),
      "--out",
      join(folder, "joined"),
      "--json",
    );
    expect(joined.code, joined.stderr).to.equal(0);
    expect(JSON.parse(joined.stdout).root).to.equal(JSON.parse(single.stdout).root);
    expect((await runCli("proof", join(folder, "joined"), "alice")).stdout).to.equal(
      (await runCli("proof", join(folder, "single"), "alice")).stdout,
    );
    expect((await runCli("join", "--help")).stdout).to.match(/^Usage: solvent join /);
    const refused = await runCli("build", csv, "--out", join(folder, "p"), "--partition", "2/2", ...common);
    expect(refused.code).to.equal(2);
  });
});
