import { expect } from "chai";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { network } from "hardhat";
import { RegistryClient } from "../../src/index.js";
import { postTree } from "../../src/ops/post-tree.js";
import { runCli } from "../helpers/cli.js";
import { scratchFolder } from "../helpers/files.js";
import { fixturePath } from "../helpers/vectors.js";
import { deployRegistry, now } from "../helpers/registry.js";

const { ethers } = await network.create();

describe("posting is safe to retry", function () {
  async function setUp() {
    const [signer] = await ethers.getSigners();
    const deployed = await deployRegistry(ethers);
    const client = new RegistryClient(await deployed.getAddress(), signer!);
    await client.registerExchange("Acme", [
      { symbol: "BTC", decimals: 8 },
      { symbol: "ETH", decimals: 18 },
      { symbol: "USDT", decimals: 6 },
    ]);
    const treeFolder = join(await scratchFolder(), "tree");
    const asOf = String((await now(ethers)) - 10n);
    expect(
      (await runCli("build", fixturePath("vectors/five-accounts-padding.csv"), "--out", treeFolder, "--as-of", asOf))
        .code,
    ).to.equal(0);
    const chainId = (await ethers.provider.getNetwork()).chainId;
    return { client, treeFolder, options: { client, provider: ethers.provider, chainId, treeFolder, exchangeId: 1n } };
  }

  it("re-running after a successful post sends nothing", async function () {
    const { client, options } = await setUp();
    const first = await postTree(options);
    expect(first).to.include({ epoch: 1n, alreadyPosted: false });
    const second = await postTree(options);
    expect(second).to.include({ epoch: 1n, alreadyPosted: true });
    expect(await client.latestEpoch(1n)).to.equal(1n);
  });

  it("issue 20: post reports each asset whose claimed reserves are below what customers are owed", async function () {
    const { options } = await setUp();
    // The fixture owes 2^128 - 1 BTC units, 5 ETH and 1 wei, and 105.500002 USDT.
    const reserves = [2n ** 128n - 1n, 5_000_000_000_000_000_000n, 200_000_000n];
    const posted = await postTree({ ...options, reserves });
    expect(posted.shortfalls).to.deep.equal([
      { symbol: "ETH", decimals: 18, liabilities: 5_000_000_000_000_000_001n, reserves: 5_000_000_000_000_000_000n },
    ]);
    // A retry of the same post says the same.
    expect((await postTree({ ...options, reserves })).shortfalls).to.deep.equal(posted.shortfalls);
  });

  it("a run that died after sending is resumed by waiting for its transaction", async function () {
    const { client, treeFolder, options } = await setUp();
    // Simulate a crash right after broadcast: the hash is recorded, then the process "dies".
    const original = client.postAttestation.bind(client);
    let sentHash = "";
    client.postAttestation = async (exchangeId, input, onSent) =>
      original(exchangeId, input, async (tx) => {
        await onSent?.(tx);
        sentHash = tx.hash;
        throw new Error("killed after broadcast");
      });
    await postTree(options).then(
      () => expect.fail("the first run should die"),
      (e: Error) => expect(e.message).to.equal("killed after broadcast"),
    );
    expect((await readdir(treeFolder)).some((name) => name.startsWith(".post-pending-"))).to.equal(true);
    client.postAttestation = original;
    const resumed = await postTree(options);
    expect(resumed).to.include({ epoch: 1n, alreadyPosted: true });
    expect(await client.latestEpoch(1n)).to.equal(1n);
    expect(sentHash).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("refuses a tree whose assets differ from the exchange's", async function () {
    const { options } = await setUp();
    const [signer] = await ethers.getSigners();
    await new RegistryClient(options.client.address, signer!).registerExchange("Other", [
      { symbol: "BTC", decimals: 8 },
    ]);
    await postTree({ ...options, exchangeId: 2n }).then(
      () => expect.fail("should refuse"),
      (e: Error) => expect(e.message).to.match(/exchange 2 posts BTC:8 but the tree has BTC:8,ETH:18,USDT:6/),
    );
  });
});
