import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { parseProof } from "../../src/io/proof-format.js";
import {
  VERDICT_TITLES,
  endSentence,
  registryErrorInWords,
  unreadableFileReason,
  verdictOf,
} from "../../src/ops/verdict.js";
import type { OnChainReport, VerifyReport } from "../../src/ops/verify-proof.js";

describe("verdicts in words (the verifier page's status)", function () {
  const base: VerifyReport = {
    valid: true,
    checkedOnChain: false,
    bound: true,
    trustedRegistry: false,
    offChain: { valid: true },
  };
  const onChain = (fields: Partial<OnChainReport>) =>
    ({ epoch: 3n, exchange: { name: "Acme" }, registrySource: "option", ...fields }) as unknown as OnChainReport;

  it("Included only with the chain asked, a trusted registry and a bound file", function () {
    const included = { ...base, checkedOnChain: true, trustedRegistry: true, onChain: onChain({ valid: true }) };
    expect(verdictOf(included).title).to.equal("Included");
    expect(verdictOf(base).title).to.equal("Checked off-chain only");
    expect(verdictOf({ ...included, trustedRegistry: false }).title).to.equal("Not verified");
    expect(verdictOf({ ...included, bound: false, valid: false }).title).to.equal("Not included");
  });

  it("finding 1: Included (green) only on the customer's word; the exchange's endpoint alone, or endpoints that disagree, are their own verdicts", function () {
    const included = {
      ...base,
      checkedOnChain: true,
      trustedRegistry: true,
      onChain: onChain({ valid: true, chainId: 1n }),
    };
    expect(verdictOf(included, "alice", { from: "customer" }).kind).to.equal("included");
    const checked = {
      from: "cross-checked",
      endpoint: "rpc.exchange.example",
      independent: "ethereum-rpc.publicnode.com",
    } as const;
    expect(verdictOf(included, "alice", checked).kind).to.equal("included");
    const alone = verdictOf(included, "alice", {
      from: "exchange",
      endpoint: "rpc.exchange.example",
      why: "no public endpoint answered",
    });
    expect(alone).to.deep.include({
      kind: "exchange-endpoint",
      title: "Included only according to the exchange's own endpoint",
    });
    expect(alone.reason)
      .to.include("rpc.exchange.example")
      .and.to.include("no public endpoint answered")
      .and.to.include("wallet");
    const disagree = {
      from: "disagreement",
      endpoint: "rpc.exchange.example",
      independent: "ethereum-rpc.publicnode.com",
      differences: ['epoch 3\'s root ("0x02", not "0x01")'],
    } as const;
    expect(verdictOf(included, "alice", disagree)).to.deep.include({
      kind: "endpoints-disagree",
      title: "Not verified: the endpoints disagree",
    });
    expect(verdictOf(included, "alice", disagree).reason).to.include("epoch 3's root");
    // A disagreement is loud even when the exchange's own endpoint rejected the proof.
    const rejected = {
      ...included,
      valid: false,
      onChain: onChain({ valid: false, chainId: 1n, error: "RootMismatch" }),
    };
    expect(verdictOf(rejected, "alice", disagree).kind).to.equal("endpoints-disagree");
    // The exchange's endpoint alone never turns a failure into anything softer.
    expect(verdictOf(rejected, "alice", { from: "exchange", endpoint: "x", why: "y" }).kind).to.equal("not-included");
  });

  it("a registry error is a reason in words, and a refusal is not inclusion", function () {
    const rejected = {
      ...base,
      valid: false,
      checkedOnChain: true,
      trustedRegistry: true,
      onChain: onChain({ valid: false, error: "RootMismatch", errorArgs: ["0x01", "0x02"] }),
    };
    expect(verdictOf(rejected)).to.deep.include({ kind: "not-included", title: "Not included" });
    expect(verdictOf(rejected).reason).to.include("does not match the one posted on-chain");
    const refused: VerifyReport = {
      ...base,
      valid: false,
      refused: {
        reason: "RegistryMismatch",
        trusted: "0xa",
        trustedFrom: "option",
        inFile: "0xb",
        message: "the proof file names the registry 0xb",
      },
    };
    expect(verdictOf(refused)).to.deep.include({
      title: "Not verified",
      reason: "The proof file names the registry 0xb.",
    });
    expect(registryErrorInWords("SomethingNew", ["1"])).to.equal("The registry refused the proof (SomethingNew: 1).");
  });

  it("issue 20: a message that ends in its own punctuation is not given a second one ('is this the right file?.')", function () {
    let message = "";
    try {
      parseProof("{ not json", "alice.json");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/is this the right file\?$/);
    const reason = unreadableFileReason(message);
    expect(reason).to.contain("is this the right file? Use the file your exchange gave you");
    expect(reason).not.to.match(/[.!?][.!?]/);
    expect(unreadableFileReason("alice.json: leaf: is missing")).to.contain("is missing. Use the file");
    expect(endSentence("Done.")).to.equal("Done.");
    expect(endSentence("done")).to.equal("done.");
  });

  it("issue 20: the README names each verdict by the page's exact title", async function () {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const customers = readme.slice(readme.indexOf("## For customers"), readme.indexOf("## For dapp developers"));
    const named = new Set(
      [...customers.matchAll(/\*\*([^*]+)\*\*/g)]
        .map((m) => m[1]!)
        .filter((name) => /^(included|not |checked|invalid)/i.test(name)),
    );
    const titles = [...Object.values(VERDICT_TITLES), "Invalid file"];
    expect(
      [...named].filter((name) => !titles.includes(name)),
      "verdicts the page does not show",
    ).to.deep.equal([]);
    expect(
      titles.filter((title) => !named.has(title)),
      "verdicts the README does not name",
    ).to.deep.equal([]);
  });
});
