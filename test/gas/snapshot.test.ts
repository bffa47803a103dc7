import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { artifacts, network } from "hardhat";
import {
  CODE_SIZE_LIMIT,
  DEPLOYABLE_CONTRACTS,
  GAS_CASES,
  GAS_FIGURES,
  GAS_SNAPSHOT_FORMAT,
  gasTolerance,
  measureGas,
  measureSizes,
  type CodeSize,
  type GasSnapshot,
} from "../../scripts/gas/measure.js";

const REGENERATE =
  "if the change is deliberate, run `npm run gas:snapshot` and commit gas-snapshot.json and docs/gas.md";
const newChain = () => network.create();
const snapshot = JSON.parse(await readFile("gas-snapshot.json", "utf8")) as GasSnapshot;

describe("gas snapshot (gas-snapshot.json; regenerate with npm run gas:snapshot)", function () {
  this.timeout(120_000);

  it("covers every budgeted case and every deployable contract", function () {
    expect(snapshot.format, `gas-snapshot.json is in an older format: ${REGENERATE}`).to.equal(GAS_SNAPSHOT_FORMAT);
    expect(snapshot.figures.map(({ assets, depth }) => ({ assets, depth }))).to.deep.equal(GAS_CASES);
    expect(snapshot.sizes.map((s) => `${s.source}:${s.contract}`)).to.deep.equal([...DEPLOYABLE_CONTRACTS]);
  });

  for (const gasCase of GAS_CASES) {
    it(`matches the snapshot within tolerance: depth ${gasCase.depth}, K = ${gasCase.assets}`, async function () {
      const recorded = snapshot.figures.find((f) => f.assets === gasCase.assets && f.depth === gasCase.depth)!;
      const measured = await measureGas(newChain, gasCase);
      for (const figure of GAS_FIGURES) {
        const tolerance = gasTolerance(recorded[figure]);
        const drift = measured[figure] - recorded[figure];
        expect(
          Math.abs(drift),
          `${figure} ${drift > 0 ? "rose" : "fell"} from ${recorded[figure]} to ${measured[figure]} gas (tolerance ±${tolerance}): ${REGENERATE}`,
        ).to.be.at.most(tolerance);
      }
    });
  }

  describe("deployed code size (EIP-170)", function () {
    let sizes: CodeSize[];
    before(async function () {
      sizes = await measureSizes(artifacts);
    });

    for (const name of DEPLOYABLE_CONTRACTS) {
      const contract = name.split(":")[1]!;
      it(`${contract} fits EIP-170 (at most ${CODE_SIZE_LIMIT} bytes) and matches the snapshot exactly`, function () {
        const measured = sizes.find((s) => `${s.source}:${s.contract}` === name)!;
        const recorded = snapshot.sizes.find((s) => `${s.source}:${s.contract}` === name);
        expect(
          measured.deployedBytes,
          `${contract} is ${measured.deployedBytes} bytes, over EIP-170's limit`,
        ).to.be.at.most(CODE_SIZE_LIMIT);
        expect(
          measured.deployedBytes,
          `${contract}'s deployed code is ${measured.deployedBytes} bytes, the snapshot says ${recorded?.deployedBytes}: ${REGENERATE}`,
        ).to.equal(recorded?.deployedBytes);
      });
    }
  });
});
