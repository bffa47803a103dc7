import { expect } from "chai";
import { id, keccak256 } from "ethers";
import { network } from "hardhat";
import { EPOCH_RECORD_INIT_CODE, epochRecordAddress } from "../../src/chain/epoch-record.js";

const { ethers } = await network.create();

/** The TypeScript constants of the epoch record format against contracts/libraries/EpochRecords.sol. */
describe("epoch record constants (EpochRecords.sol against src/chain/epoch-record.ts)", function () {
  async function harness() {
    return ethers.deployContract("EpochRecordsHarness");
  }

  it("EPOCH_RECORD_INIT_CODE is the library's INIT_CODE, and INIT_CODE_HASH is its keccak256", async function () {
    const records = await harness();
    expect(await records.initCode()).to.equal(EPOCH_RECORD_INIT_CODE);
    expect(await records.initCodeHash()).to.equal(keccak256(EPOCH_RECORD_INIT_CODE));
  });

  it('STAGED_SLOT is keccak256("solvent.EpochRecords.staged") - 1', async function () {
    const records = await harness();
    expect(await records.stagedSlot()).to.equal(BigInt(id("solvent.EpochRecords.staged")) - 1n);
  });

  it("epochRecordAddress derives the address the library writes to", async function () {
    const records = await harness();
    const at = await records.getAddress();
    for (const [exchangeId, epoch] of [
      [1n, 1n],
      [1n, 2n],
      [7n, 1n],
      [2n ** 256n - 1n, 2n ** 32n - 1n],
    ] as const) {
      expect(epochRecordAddress(at, exchangeId, epoch)).to.equal(await records.location(exchangeId, epoch));
    }
  });
});
