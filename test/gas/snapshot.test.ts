import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { network } from "hardhat";
import { GAS_CASES, measureGas, type GasFigures } from "../../src/gas/measure.js";

const newChain = () => network.create();
const snapshot = JSON.parse(await readFile("gas-snapshot.json", "utf8")) as { format: string; figures: GasFigures[] };

describe("gas snapshot (gas-snapshot.json; regenerate with npm run gas:snapshot)", function () {
  this.timeout(120_000);

  it("covers every budgeted case", function () {
    expect(snapshot.format).to.equal("solvent-gas-snapshot-v1");
    expect(snapshot.figures.map(({ assets, depth }) => ({ assets, depth }))).to.deep.equal(GAS_CASES);
  });

  for (const gasCase of GAS_CASES) {
    it(`does not rise: depth ${gasCase.depth}, K = ${gasCase.assets}`, async function () {
      const recorded = snapshot.figures.find((f) => f.assets === gasCase.assets && f.depth === gasCase.depth)!;
      const measured = await measureGas(newChain, gasCase);
      expect(measured.verifyInclusion, "verifyInclusion gas rose above the snapshot").to.be.at.most(recorded.verifyInclusion);
      expect(measured.postAttestation, "postAttestation gas rose above the snapshot").to.be.at.most(recorded.postAttestation);
      expect(measured.verifyInclusionPacked, "verifyInclusionPacked gas rose above the snapshot").to.be.at.most(recorded.verifyInclusionPacked);
    });
  }
});
