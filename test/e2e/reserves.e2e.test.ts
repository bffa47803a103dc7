import { expect } from "chai";
import { Wallet } from "ethers";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useHardhatNode } from "../helpers/e2e.js";
import { run } from "../helpers/processes.js";
import { fixturePath } from "../helpers/vectors.js";

/** Hardhat's well-known development account #2: funded on every `hardhat node`, used as a reserve wallet. */
const WALLET_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const WALLET = new Wallet(WALLET_KEY).address;

/**
 * Issue 4's commands, as the exchange, its auditors and a dapp run them, against a real `npx hardhat node`:
 * auditors set up and signing offline, post with one signature, countersign the other, a reserve wallet
 * added with its own signature, on-chain reserves and solvency read in one call, and a feed deployed.
 */
describe("end to end: auditors, reserve wallets, solvency and feeds against a real hardhat node", function () {
  this.timeout(300_000);
  const session = useHardhatNode("solvent-e2e-audit-");

  const hardhat = async (...args: string[]) => {
    const result = await run("npx", ["hardhat", "solvent", ...args, "--network", "localhost", "--json"], session.env);
    expect(result.code, `${args[0]}: ${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, any>;
  };
  const solvent = (key: string, ...args: string[]) =>
    run("npx", ["solvent", ...args], { ...session.env, SOLVENT_SIGNER_KEY: key });

  it("audits an epoch, reads reserves from wallets and serves a feed", async function () {
    const deployed = await hardhat("deploy");
    expect(deployed).to.include({ ok: true, deployed: true });
    const record = JSON.parse(await readFile(join(session.work, "deployments", "localhost.json"), "utf8"));
    await hardhat("register", "--name", "Acme", "--assets", "BTC:8,ETH:18,USDT:6");

    const tree = join(session.work, "tree");
    const built = await run(
      "npx",
      [
        "solvent",
        "build",
        fixturePath("vectors/five-accounts-padding.csv"),
        "--out",
        tree,
        "--as-of",
        String(Math.floor(Date.now() / 1000) - 60),
      ],
      session.env,
    );
    expect(built.code, built.stderr).to.equal(0);

    // The exchange names two auditors; both must sign.
    const [auditorA, auditorB] = [Wallet.createRandom(), Wallet.createRandom()];
    const auditors = await hardhat(
      "auditor",
      "--exchange",
      "1",
      "--add",
      `${auditorA.address},${auditorB.address}`,
      "--threshold",
      "2",
    );
    expect(auditors.auditors).to.deep.equal([auditorA.address, auditorB.address]);
    expect(auditors.threshold).to.equal("2");
    expect(auditors.terms).to.deep.equal(["1", "2"]);

    // Each auditor signs epoch 1 on their own machine, from the tree summary: A reads its term from the
    // registry (--rpc), B signs fully offline with the term the exchange's auditor list shows (--term).
    const epochArgs = [
      "--tree",
      tree,
      "--chain-id",
      "31337",
      "--registry",
      record.registry,
      "--exchange",
      "1",
      "--epoch",
      "1",
      "--reserves",
      "ETH=6,USDT=100.25",
      "--uri",
      "ipfs://acme/1",
    ];
    for (const [key, file, term] of [
      [auditorA, "a.json", ["--rpc", session.url]],
      [auditorB, "b.json", ["--term", "2"]],
    ] as const) {
      const signed = await solvent(
        key.privateKey,
        "sign",
        "attestation",
        ...epochArgs,
        ...term,
        "--out",
        join(session.work, file),
      );
      expect(signed.code, signed.stderr).to.equal(0);
    }

    // The exchange posts with auditor A's signature; auditor B's follows later.
    const posted = await hardhat(
      "post",
      "--tree",
      tree,
      "--exchange",
      "1",
      "--reserves",
      "ETH=6,USDT=100.25",
      "--uri",
      "ipfs://acme/1",
      "--signatures",
      join(session.work, "a.json"),
    );
    expect(posted).to.include({ epoch: "1" });
    let solvency = await hardhat("solvency", "--exchange", "1");
    expect(solvency).to.include({ epoch: "1", audited: false });

    // An edited file is refused before anything is sent.
    const edited = JSON.parse(await readFile(join(session.work, "b.json"), "utf8"));
    edited.message.reserves[1] = "60000000000000000000";
    await writeFile(join(session.work, "edited.json"), JSON.stringify(edited));
    const refused = await run(
      "npx",
      [
        "hardhat",
        "solvent",
        "countersign",
        "--signatures",
        join(session.work, "edited.json"),
        "--network",
        "localhost",
      ],
      session.env,
    );
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/edited\.json.*digest.*does not match the message/);

    const countersigned = await hardhat("countersign", "--signatures", join(session.work, "b.json"));
    expect(countersigned).to.include({ audited: true, epoch: "1" });

    // A reserve wallet signs that it backs exchange 1; the exchange adds it and maps ETH to the native coin.
    const walletSigned = await solvent(
      WALLET_KEY,
      "sign",
      "wallet",
      "--chain-id",
      "31337",
      "--contract",
      record.reserveWallets,
      "--exchange",
      "1",
      "--out",
      join(session.work, "wallet.json"),
    );
    expect(walletSigned.code, walletSigned.stderr).to.equal(0);
    expect(
      (await hardhat("wallet", "--exchange", "1", "--signature", join(session.work, "wallet.json"))).wallets,
    ).to.deep.equal([WALLET]);
    await hardhat(
      "wallet",
      "--exchange",
      "1",
      "--chain",
      "bitcoin",
      "--address",
      "bc1qexample",
      "--asset",
      "BTC",
      "--message",
      "Acme reserves",
      "--proof",
      "0x1234",
    );
    await hardhat("asset-token", "--exchange", "1", "--map", "ETH=native");

    solvency = await hardhat("solvency", "--exchange", "1");
    expect(solvency).to.include({ epoch: "1", audited: true, revoked: false });
    const eth = solvency.assets.find((a: { symbol: string }) => a.symbol === "ETH");
    expect(eth).to.include({
      onChain: true,
      onChainReserves: "10000000000000000000000",
      claimedReserves: "6000000000000000000",
      claimedRatioBps: "11999",
      covered: true,
    });

    // A dapp's feed for ETH reserves: deployed once, then found.
    const feed = await hardhat("feed", "--exchange", "1", "--asset", "ETH", "--metric", "reserves");
    expect(feed).to.include({ created: true, decimals: 18 });
    expect(feed.description).to.match(/^Acme ETH reserves, claimed by the exchange/);
    expect(feed.latest).to.include({ roundId: "1", answer: "6000000000000000000" });
    expect(await hardhat("feed", "--exchange", "1", "--asset", "ETH", "--metric", "reserves")).to.include({
      created: false,
      feed: feed.feed,
    });

    // Issue 21, finding 8: a reserve wallet leaves by itself. The tasks send from the node's first account,
    // so that account (Hardhat's well-known #0) signs its consent, is added, then sends --leave itself.
    const firstKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    const first = new Wallet(firstKey).address;
    const consent = join(session.work, "first-wallet.json");
    const signed = await solvent(
      firstKey,
      "sign",
      "wallet",
      "--chain-id",
      "31337",
      "--contract",
      record.reserveWallets,
      "--exchange",
      "1",
      "--out",
      consent,
    );
    expect(signed.code, signed.stderr).to.equal(0);
    expect((await hardhat("wallet", "--exchange", "1", "--signature", consent)).wallets).to.deep.equal([WALLET, first]);
    expect(await hardhat("wallet", "--leave")).to.include({ exchangeId: "1", wallet: first });
    const nothingToLeave = await run(
      "npx",
      ["hardhat", "solvent", "wallet", "--leave", "--network", "localhost"],
      session.env,
    );
    expect(nothingToLeave.code).to.not.equal(0);
    expect(nothingToLeave.stderr + nothingToLeave.stdout).to.match(
      /backs no exchange on localhost: there is nothing to leave/,
    );
  });
});
