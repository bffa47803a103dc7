import { expect } from "chai";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { scratchFolder } from "../helpers/files.js";
import { join } from "node:path";
import { buildTree, InputError, parseProof, readProofFile, serializeProof, writeProofFile } from "../../src/index.js";

const tree = buildTree(
  [
    { symbol: "BTC", decimals: 8 },
    { symbol: "ETH", decimals: 18 },
  ],
  [
    { accountId: "alice", balances: [123456789n, 10n ** 30n] },
    { accountId: "bob", balances: [1n, 2n] },
    { accountId: "carol", balances: [0n, 0n] },
  ],
);
const { proofAt } = await import("../../src/index.js");
const proof = proofAt(tree, 1);
const text = serializeProof(proof);

function mutate(edit: (document: any) => void): string {
  const document = JSON.parse(text);
  edit(document);
  return JSON.stringify(document);
}

describe("solvent-proof-v1 files", function () {
  it("round-trips every field exactly, beyond 2^53", function () {
    expect(parseProof(text)).to.deep.equal(proof);
    expect(text).to.contain(`"${10n ** 30n}"`);
  });

  it("rejects another format", function () {
    expect(() =>
      parseProof(
        mutate((d) => (d.format = "solvent-proof-v2")),
        "p.json",
      ),
    ).to.throw(InputError, /^p\.json: format: is "solvent-proof-v2", but this tool reads solvent-proof-v1 only/);
  });

  it("refuses JSON numbers where a decimal string is required (precision may be lost)", function () {
    // The point of the test: this literal is above 2^53, so it has already lost precision as a number.
    // eslint-disable-next-line no-loss-of-precision
    const imprecise = 12345678901234567890;
    expect(() =>
      parseProof(
        mutate((d) => (d.leaf.balances[0] = imprecise)),
        "p.json",
      ),
    ).to.throw(InputError, /leaf\.balances\[0\]: must be a decimal string/);
  });

  it("refuses signs, spaces, exponents, hex and leading zeros in integers", function () {
    for (const bad of ["-1", "+5", " 12", "1e3", "0x10", "012", "1.5", ""]) {
      expect(() => parseProof(mutate((d) => (d.totals[0] = bad))), bad).to.throw(
        InputError,
        /totals\[0\]: must be a whole number/,
      );
    }
  });

  it("names missing fields and malformed hashes", function () {
    expect(() => parseProof(mutate((d) => delete d.leaf.accountKey))).to.throw(
      InputError,
      /leaf\.accountKey: is missing/,
    );
    expect(() => parseProof(mutate((d) => (d.siblings[0].hash = "0x1234")))).to.throw(
      InputError,
      /siblings\[0\]\.hash: must be 0x followed by 64 hex digits/,
    );
    expect(() => parseProof("{not json", "p.json")).to.throw(InputError, /^p\.json: not valid JSON/);
  });

  it("writes owner-only files atomically, leaving no temporary file", async function () {
    const folder = await scratchFolder("solvent-proof-");
    const path = join(folder, "bob.json");
    await writeProofFile(path, proof);
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect(await readdir(folder)).to.deep.equal(["bob.json"]);
    expect(await readFile(path, "utf8")).to.equal(text);
    expect(await readProofFile(path)).to.deep.equal(proof);
  });

  it("reports an unreadable file with its path", async function () {
    const folder = await scratchFolder("solvent-proof-");
    await writeFile(join(folder, "x.json"), "[]");
    await readProofFile(join(folder, "missing.json")).then(
      () => expect.fail("should have thrown"),
      (error: Error) => expect(error.message).to.match(/missing\.json: cannot read the proof file \(ENOENT\)/),
    );
  });
});
