import { expect } from "chai";
import { registryErrorInWords, verdictOf } from "../../src/ops/verdict.js";
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
});
