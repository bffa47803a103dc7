import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { formatRatio, solvencyOf } from "../../src/ops/solvency.js";
import { RATIO_BPS, UNBOUNDED_RATIO, ratioBps } from "../../src/spec/ratio.js";
import type { AttestationView } from "../../src/chain/registry-client.js";
import { fuzzRuns } from "../helpers/fuzz.js";

const { ethers } = await network.create();

const MAX = UNBOUNDED_RATIO;
/** SolvencyFeed.maxRatio(): 1,000,000.0000x in basis points. */
const FEED_MAX_RATIO = RATIO_BPS * 1_000_000n;
/** The edges: zero, one, 2^128 (posted amounts stay below it), the largest exact product and one past it. */
const EDGES = [
  0n,
  1n,
  2n,
  9_999n,
  10_000n,
  2n ** 128n - 1n,
  2n ** 128n,
  MAX / RATIO_BPS,
  MAX / RATIO_BPS + 1n,
  MAX - 1n,
  MAX,
];
const uint256 = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.bigInt({ min: 0n, max: 2n ** 128n }),
  fc.bigInt({ min: 0n, max: MAX }),
);
const ceiling = fc.oneof(fc.constantFrom(MAX, FEED_MAX_RATIO, 0n), uint256);

describe("issue 20: one ratio convention (src/spec/ratio.ts against contracts/libraries/SolvencyMath.sol)", function () {
  it("issue 20: TypeScript and Solidity give the same ratio for the same uint256 inputs, extremes included", async function () {
    const harness = await ethers.deployContract("SolvencyMathHarness");
    for (const r of EDGES)
      for (const l of EDGES)
        for (const c of [MAX, FEED_MAX_RATIO, 0n])
          expect(ratioBps(r, l, c), `ratioBps(${r}, ${l}, ${c})`).to.equal(await harness.ratioBps(r, l, c));
    await fc.assert(
      fc.asyncProperty(uint256, uint256, ceiling, async (r, l, c) => {
        expect(ratioBps(r, l, c)).to.equal(await harness.ratioBps(r, l, c));
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it("issue 20: nothing owed is the ceiling: the lens's type(uint256).max, the feed's maxRatio()", function () {
    expect(ratioBps(0n, 0n)).to.equal(UNBOUNDED_RATIO);
    expect(ratioBps(5n, 0n)).to.equal(UNBOUNDED_RATIO);
    expect(ratioBps(5n, 0n, FEED_MAX_RATIO)).to.equal(FEED_MAX_RATIO);
    expect(ratioBps(3n, 2n)).to.equal(15_000n);
    expect(ratioBps(2n ** 127n, 1n, FEED_MAX_RATIO)).to.equal(FEED_MAX_RATIO);
    expect(formatRatio(UNBOUNDED_RATIO)).to.equal("nothing owed");
    expect(formatRatio(15_000n)).to.equal("150.00%");
  });

  it("issue 20: solvencyOf reports the lens's figure, nothing owed included", function () {
    const attestation = {
      assets: [
        { symbol: "USDT", decimals: 6 },
        { symbol: "BTC", decimals: 8 },
      ],
      liabilities: [3n, 0n],
      reserves: [4n, 7n],
    } as unknown as AttestationView;
    expect(solvencyOf(attestation).map((s) => s.ratioBps)).to.deep.equal([13_333n, UNBOUNDED_RATIO]);
  });

  it("issue 20: a value that is not a uint256 is refused, naming it", function () {
    expect(() => ratioBps(-1n, 1n)).to.throw(RangeError, /reserves -1 is not a uint256/);
    expect(() => ratioBps(1n, 2n ** 256n)).to.throw(RangeError, /liabilities .* is not a uint256/);
  });
});
