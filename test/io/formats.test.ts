import { expect } from "chai";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { readDeployment } from "../../src/chain/deployments.js";
import { parseProof, serializeProof, verifyProof } from "../../src/index.js";
import { parseSignature, serializeSignature } from "../../src/io/signature-file.js";
import { buildFromCsv } from "../../src/ops/build-from-csv.js";
import { joinPartFolders } from "../../src/ops/join-parts.js";
import { readProofFromFolder, readTreeSummary, serializeSummary } from "../../src/store/tree-folder.js";
import { scratchFolder } from "../helpers/files.js";
import { fixturePath } from "../helpers/vectors.js";

/**
 * Every versioned file format against a committed fixture written by the version that defined it: a change
 * to a format that forgets its version bump fails here. (The tree vectors in fixtures/vectors pin the
 * hashing; the gas snapshot pins itself.)
 */
const formats = fixturePath("formats");
const text = (name: string) => readFile(join(formats, name), "utf8");

/** Every file under a folder, by relative path, with its bytes. */
async function filesUnder(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path), await readFile(path));
  }
  return files;
}

describe("file formats against committed fixtures", function () {
  this.timeout(60_000);

  it("solvent-proof-v1: reads, verifies and writes back byte for byte", async function () {
    const original = await text("proof-v1.json");
    const proof = parseProof(original, "proof-v1.json");
    expect(verifyProof(proof)).to.deep.equal({ valid: true });
    expect(serializeProof(proof)).to.equal(original);
  });

  it("solvent-tree-v2: the same CSV builds the same store, byte for byte, and the same summary", async function () {
    const fixture = join(formats, "tree-v2");
    const out = join(await scratchFolder("solvent-format-"), "tree-v2");
    await buildFromCsv({ csv: fixturePath("vectors/five-accounts-padding.csv"), out, asOf: 1764000000n, threads: 1 });
    const [built, committed] = [await filesUnder(out), await filesUnder(fixture)];
    expect([...built.keys()].sort()).to.deep.equal([...committed.keys()].sort());
    for (const [path, bytes] of committed) {
      if (path === "summary.json") continue;
      expect(built.get(path)!.equals(bytes), path).to.equal(true);
    }
    // The summary differs only in when the build ran and how long it took.
    const summary = { ...(await readTreeSummary(out)), builtAt: "", buildMilliseconds: 0 };
    expect(serializeSummary(summary)).to.equal(
      serializeSummary({ ...(await readTreeSummary(fixture)), builtAt: "", buildMilliseconds: 0 }),
    );
    expect((await readProofFromFolder(fixture, "acme, inc")).text).to.equal(await text("proof-v1.json"));
  });

  it("solvent-part-v2: the same CSV builds the same parts, and their join is tree-v2 byte for byte", async function () {
    const fixture = join(formats, "part-v2");
    const work = await scratchFolder("solvent-format-");
    const csv = fixturePath("vectors/five-accounts-padding.csv");
    for (const part of [0, 1]) {
      const out = join(work, `part-${part}`);
      await buildFromCsv({ csv, out, asOf: 1764000000n, threads: 1, partition: { part, parts: 2 } });
      const [built, committed] = [await filesUnder(out), await filesUnder(join(fixture, `part-${part}`))];
      expect([...built.keys()].sort()).to.deep.equal([...committed.keys()].sort());
      for (const [path, bytes] of committed) expect(built.get(path)!.equals(bytes), path).to.equal(true);
    }
    const joined = join(work, "joined");
    await joinPartFolders({ parts: [join(fixture, "part-1"), join(fixture, "part-0")], out: joined });
    const [fromParts, tree] = [await filesUnder(joined), await filesUnder(join(formats, "tree-v2"))];
    for (const [path, bytes] of tree) {
      if (path === "summary.json") continue;
      expect(fromParts.get(path)!.equals(bytes), path).to.equal(true);
    }
  });

  it("solvent-part-v1: parts written before the file digests still join into tree-v2 byte for byte", async function () {
    const joined = join(await scratchFolder("solvent-format-"), "joined");
    const fixture = join(formats, "part-v1");
    await joinPartFolders({ parts: [join(fixture, "part-1"), join(fixture, "part-0")], out: joined });
    const [fromParts, tree] = [await filesUnder(joined), await filesUnder(join(formats, "tree-v2"))];
    for (const [path, bytes] of tree) {
      if (path === "summary.json") continue;
      expect(fromParts.get(path)!.equals(bytes), path).to.equal(true);
    }
  });

  it("solvent-tree-v1: an old folder of proof files still reads", async function () {
    const fixture = join(formats, "tree-v1");
    expect((await readTreeSummary(fixture)).format).to.equal("solvent-tree-v1");
    expect((await readProofFromFolder(fixture, "acme, inc")).text).to.equal(await text("proof-v1.json"));
    for (const id of ["u1", "u2", "u3", "Amélie"])
      expect(verifyProof((await readProofFromFolder(fixture, id)).proof), id).to.deep.equal({ valid: true });
  });

  it("solvent-signature-v2: attestation and wallet files read (digest and signature checked) and write back byte for byte", async function () {
    for (const name of ["signature-v2-attestation.json", "signature-v2-wallet.json"]) {
      const original = await text(name);
      const document = parseSignature(original, name);
      expect(serializeSignature(document), name).to.equal(original);
    }
    const attestation = parseSignature(await text("signature-v2-attestation.json"));
    if (attestation.kind !== "attestation") throw new Error("unreachable");
    expect(attestation.message).to.deep.include({ decimals: [8, 18, 6], auditorTerm: 1n, epoch: 1n });
  });

  it("solvent-deployment-v1 and v2: both read", async function () {
    const previous = process.env.SOLVENT_DEPLOYMENTS_DIR;
    process.env.SOLVENT_DEPLOYMENTS_DIR = formats;
    try {
      const v1 = await readDeployment("deployment-v1");
      const v2 = await readDeployment("deployment-v2");
      expect(v1).to.include({
        format: "solvent-deployment-v1",
        chainId: "31337",
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      });
      expect(v2).to.include({
        format: "solvent-deployment-v2",
        reserveWallets: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      });
    } finally {
      if (previous === undefined) delete process.env.SOLVENT_DEPLOYMENTS_DIR;
      else process.env.SOLVENT_DEPLOYMENTS_DIR = previous;
    }
  });
});
