import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { REGISTRY_ABI } from "../../src/chain/abis.js";

/** The contracts that only read the registry, and the registry interfaces they may import. */
const READERS = [
  "contracts/SolvencyLens.sol",
  "contracts/SolvencyFeed.sol",
  "contracts/SolvencyFeedFactory.sol",
  "contracts/ReserveWallets.sol",
  "contracts/examples/ReserveBackedToken.sol",
];
const READ_SIDE = new Set(["IAttestationRegistryReader.sol", "IAttestationRegistryErrors.sol"]);

interface AbiItem {
  type: string;
  name?: string;
  stateMutability?: string;
}

async function abiOf(contract: string): Promise<AbiItem[]> {
  const path = `artifacts/contracts/interfaces/${contract}.sol/${contract}.json`;
  return (JSON.parse(await readFile(path, "utf8")) as { abi: AbiItem[] }).abi;
}

describe("issue 20: one reading surface on-chain", function () {
  it("issue 20: the lens, feed, factory, wallets and example token import only the registry's reader and errors interfaces", async function () {
    for (const file of READERS) {
      const source = await readFile(file, "utf8");
      const registryImports = [
        ...source.matchAll(/^import \{[^}]*\} from "[^"]*\/(IAttestationRegistry\w*\.sol)";/gm),
      ].map((match) => match[1]);
      expect(registryImports, `${file} imports the reader interface`).to.include("IAttestationRegistryReader.sol");
      for (const imported of registryImports) expect(READ_SIDE, `${file} imports ${imported}`).to.include(imported);
      expect(source, `${file} names the full registry interface`).not.to.match(/\bIAttestationRegistry\b/);
      expect(source, `${file} names the registry contract`).not.to.match(/\bAttestationRegistry\b/);
    }
  });

  it("issue 20: the reader interface changes nothing, and the registry serves every read it declares", async function () {
    const reader = (await abiOf("IAttestationRegistryReader")).filter((item) => item.type === "function");
    expect(reader.map((f) => f.name)).to.include.members([
      "latestEpoch",
      "attestation",
      "exchange",
      "adminOf",
      "audit",
    ]);
    for (const f of reader) expect(f.stateMutability, f.name).to.equal("view");
    const registryFunctions = new Set(REGISTRY_ABI.filter((item) => item.type === "function").map((f) => f.name));
    for (const f of reader) expect(registryFunctions, f.name!).to.include(f.name);
  });

  it("issue 20: the errors interface declares every error of the registry's own, and nothing else", async function () {
    const errors = await abiOf("IAttestationRegistryErrors");
    expect(errors.every((item) => item.type === "error")).to.equal(true);
    // OpenZeppelin's ShortStrings errors come with the EIP-712 domain, not from the registry's interface.
    const inherited = new Set(["InvalidShortString", "StringTooLong"]);
    const registryErrors = (REGISTRY_ABI as readonly AbiItem[])
      .filter((item) => item.type === "error" && !inherited.has(item.name!))
      .map((e) => e.name);
    expect(errors.map((e) => e.name)).to.have.members(registryErrors);
  });
});
