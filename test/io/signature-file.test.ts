import { expect } from "chai";
import { Wallet, encryptKeystoreJson } from "ethers";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseSignature, readSignatureFile, serializeSignature } from "../../src/io/signature-file.js";
import { loadSigningKey } from "../../src/ops/signing-key.js";
import { expectInputError } from "../helpers/assert.js";
import { runCli } from "../helpers/cli.js";
import { scratchFolder } from "../helpers/files.js";
import { fixturePath } from "../helpers/vectors.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const SMART_WALLET = "0x000000000000000000000000000000000000bEEF";
const key = Wallet.createRandom();

/** Runs `solvent sign …` with the key in the environment, as an auditor would. */
async function sign(...args: string[]) {
  process.env.SOLVENT_TEST_KEY = key.privateKey;
  try {
    return await runCli("sign", ...args, "--key-env", "SOLVENT_TEST_KEY");
  } finally {
    delete process.env.SOLVENT_TEST_KEY;
  }
}

describe("signature files (solvent sign)", function () {
  let work: string;
  let tree: string;

  before(async function () {
    work = await scratchFolder("solvent-sign-");
    tree = join(work, "tree");
    const built = await runCli(
      "build",
      fixturePath("vectors/five-accounts-padding.csv"),
      "--out",
      tree,
      "--as-of",
      "1764000000",
    );
    expect(built.code, built.stderr).to.equal(0);
  });

  it("signs an epoch from the tree summary, offline, into a file that reads back intact", async function () {
    const out = join(work, "audit.json");
    const result = await sign(
      "attestation",
      "--tree",
      tree,
      "--chain-id",
      "31337",
      "--registry",
      REGISTRY,
      "--exchange",
      "1",
      "--epoch",
      "3",
      "--term",
      "2",
      "--reserves",
      "ETH=6,USDT=100.25",
      "--uri",
      "ipfs://x",
      "--out",
      out,
    );
    expect(result.code, result.stderr).to.equal(0);
    const document = await readSignatureFile(out);
    expect(document).to.include({ kind: "attestation", chainId: 31337n, signer: key.address, signedBy: key.address });
    if (document.kind !== "attestation") throw new Error("unreachable");
    expect(document.message).to.include({
      exchangeId: 1n,
      epoch: 3n,
      asOf: 1764000000n,
      leafCount: 5n,
      uri: "ipfs://x",
      auditorTerm: 2n,
    });
    expect(document.message.decimals, "the denomination is signed with the amounts").to.deep.equal([8, 18, 6]);
    expect(document.message.root).to.equal("0xae2badbe8ab4ed7adb53fa7160ef646cd0ca7e7fd72d76b76609e992826d5416");
    expect(document.message.reserves).to.deep.equal([0n, 6n * 10n ** 18n, 100_250_000n]);
    expect(serializeSignature(document)).to.equal(await readFile(out, "utf8"));
  });

  it("refuses a file edited after signing, naming the field", async function () {
    const out = join(work, "edit.json");
    await sign(
      "attestation",
      "--tree",
      tree,
      "--chain-id",
      "31337",
      "--registry",
      REGISTRY,
      "--exchange",
      "1",
      "--epoch",
      "1",
      "--term",
      "1",
      "--out",
      out,
    );
    const original = JSON.parse(await readFile(out, "utf8"));
    const edited = structuredClone(original);
    edited.message.liabilities[1] = "1";
    expect(() => parseSignature(JSON.stringify(edited), out)).to.throw(/digest.*does not match the message/);
    for (const [field, value] of [
      ["decimals", [8, 8, 6]],
      ["auditorTerm", "2"],
    ] as const) {
      const changed = structuredClone(original);
      changed.message[field] = value;
      expect(() => parseSignature(JSON.stringify(changed), out), field).to.throw(/digest.*does not match the message/);
    }
    // Recomputing the digest does not help: the signature is then over something else.
    const document = parseSignature(JSON.stringify(original));
    if (document.kind !== "attestation") throw new Error("unreachable");
    const forged = JSON.parse(
      serializeSignature({ ...document, message: { ...document.message, liabilities: [1n, 1n, 1n] } }),
    );
    expect(() => parseSignature(JSON.stringify(forged), out)).to.throw(
      /signature.*is not 0x[0-9a-fA-F]{40}'s signature/,
    );
    // Integers are strings: a JSON number (which could lose precision) is refused.
    const numeric = (await readFile(out, "utf8")).replace(/"epoch": "1"/, '"epoch": 1');
    expect(() => parseSignature(numeric, out)).to.throw(/epoch/);
  });

  it("refuses other formats and kinds, and a wallet statement signed for another address", async function () {
    const out = join(work, "wallet.json");
    const result = await sign(
      "wallet",
      "--chain-id",
      "31337",
      "--contract",
      REGISTRY,
      "--exchange",
      "2",
      "--nonce",
      "4",
      "--out",
      out,
    );
    expect(result.code, result.stderr).to.equal(0);
    const text = await readFile(out, "utf8");
    const document = parseSignature(text);
    expect(document).to.deep.include({
      kind: "reserve-wallet",
      message: { exchangeId: 2n, wallet: key.address, nonce: 4n },
    });
    expect(() => parseSignature(text.replace("solvent-signature-v2", "solvent-signature-v9"))).to.throw(
      /format.*solvent-signature-v2 only/,
    );
    expect(() => parseSignature(text.replace("solvent-signature-v2", "solvent-signature-v1"))).to.throw(
      /no longer accepts.*sign again/,
    );
    expect(() => parseSignature(text.replace('"reserve-wallet"', '"receipt"'))).to.throw(
      /kind.*must be "attestation" or "reserve-wallet"/,
    );
    const other = JSON.parse(text);
    other.message.wallet = SMART_WALLET;
    expect(() => parseSignature(JSON.stringify(other))).to.throw(/wallet.*must be the signer/);
  });

  it("needs the auditor's term: --term for offline signing, or --rpc to read it", async function () {
    const base = [
      "attestation",
      "--tree",
      tree,
      "--chain-id",
      "31337",
      "--registry",
      REGISTRY,
      "--exchange",
      "1",
      "--epoch",
      "1",
      "--out",
      join(work, "t.json"),
    ];
    const missing = await sign(...base);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/--term N or --rpc URL is required/);
    const zero = await sign(...base, "--term", "0");
    expect(zero.code).to.equal(2);
    expect(zero.stderr).to.match(/term 0 means not an auditor/);
    const both = await sign(...base, "--term", "1", "--rpc", "http://127.0.0.1:1");
    expect(both.code).to.equal(2);
    expect(both.stderr).to.match(/not both/);
  });

  it("signs for an ERC-1271 contract with --as: the contract is the signer, the key signed", async function () {
    const out = join(work, "smart.json");
    const result = await sign(
      "wallet",
      "--chain-id",
      "31337",
      "--contract",
      REGISTRY,
      "--exchange",
      "1",
      "--as",
      SMART_WALLET,
      "--out",
      out,
      "--json",
    );
    expect(result.code, result.stderr).to.equal(0);
    const document = await readSignatureFile(out);
    expect(document).to.include({ signer: SMART_WALLET, signedBy: key.address });
  });

  it("takes keys from the environment or a keystore, never from arguments", async function () {
    const missing = await runCli(
      "sign",
      "wallet",
      "--chain-id",
      "1",
      "--contract",
      REGISTRY,
      "--exchange",
      "1",
      "--out",
      join(work, "x.json"),
      "--key-env",
      "SOLVENT_UNSET_KEY",
    );
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/no signing key: set SOLVENT_UNSET_KEY/);
    const asArgument = await runCli(
      "sign",
      "wallet",
      "--key",
      key.privateKey,
      "--chain-id",
      "1",
      "--contract",
      REGISTRY,
      "--exchange",
      "1",
      "--out",
      join(work, "y.json"),
    );
    expect(asArgument.code).to.equal(2);
    await expectInputError(
      loadSigningKey({ env: { SOLVENT_SIGNER_KEY: "0x1234" } }),
      /must be 0x followed by 64 hex digits/,
    );
    const keystore = join(work, "keystore.json");
    await writeFile(
      keystore,
      await encryptKeystoreJson({ address: key.address, privateKey: key.privateKey }, "correct horse", {
        scrypt: { N: 1024 },
      }),
    );
    expect((await loadSigningKey({ keystore, env: { SOLVENT_KEYSTORE_PASSWORD: "correct horse" } })).address).to.equal(
      key.address,
    );
    await expectInputError(
      loadSigningKey({ keystore, env: { SOLVENT_KEYSTORE_PASSWORD: "wrong" } }),
      /cannot open the keystore/,
    );
    await expectInputError(loadSigningKey({ keystore, env: {} }), /set SOLVENT_KEYSTORE_PASSWORD/);
  });
});
