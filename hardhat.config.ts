import { createRequire } from "node:module";
import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import { solventTasks } from "./tasks/index.js";
import { fuzzFactor } from "./test/helpers/fuzz.js";

// No compiler download is possible on our machines: run the exact solcjs that npm installed.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.28";
const solcPath = require.resolve("solc/soljson.js");
const optimized = { optimizer: { enabled: true, runs: 10_000 }, viaIR: true, evmVersion: "cancun" };

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin],
  tasks: solventTasks,
  solidity: {
    profiles: {
      default: { version: SOLC_VERSION, path: solcPath, settings: optimized },
      production: { version: SOLC_VERSION, path: solcPath, settings: optimized },
    },
  },
  test: {
    solidity: {
      // Fixed seed (Hardhat's default) keeps CI reproducible; SOLVENT_FUZZ_RUNS=N multiplies the runs (and the
      // fast-check runs) when hunting bugs, and a developer's machine runs twice CI's by default.
      fuzz: { runs: 256 * fuzzFactor() },
      invariant: { runs: 48, depth: 32 },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      // `npx hardhat node` listens here; SOLVENT_LOCALHOST_URL points at a node on another port (README, step 3).
      url: process.env.SOLVENT_LOCALHOST_URL ?? "http://127.0.0.1:8545",
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
