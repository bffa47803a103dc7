/**
 * The whole story on Hardhat's in-process chain, with no set-up (npm run demo):
 * deploy the registry, register an exchange, generate a realistic balances export, build the tree and
 * every proof file, post two epochs, verify customers' proofs with an eth_call, reject a tampered proof;
 * then auditors co-sign, reserve wallets are read on-chain, a feed serves one figure, and reserve-backed tokens
 * mint only against the audited epoch's reserves net of liabilities.
 * It uses the same code as the solvent CLI and the Hardhat tasks.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { config, network, tasks } from "hardhat";
import { RegistryClient, verifyProof, type Asset } from "../src/index.js";
import { formatAmount } from "../src/io/decimal.js";
import { readProofFromFolder } from "../src/store/tree-folder.js";
import { buildFromCsv } from "../src/ops/build-from-csv.js";
import { postTree } from "../src/ops/post-tree.js";
import { writeSampleBalancesCsv } from "./sample-balances.js";
import { formatRatio, solvencyOf } from "../src/ops/solvency.js";
import { demoAuditReservesAndFeed } from "./demo/reserves.js";

const OUT = "demo-out";
const ACCOUNTS = 5_000;
const ASSETS: Asset[] = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
  { symbol: "SOL", decimals: 9 },
];
const say = (text = "") => console.log(text);

// `npm run demo` runs this with --no-compile, so that a first run says why it waits before it does.
say("Compiling the contracts (about three minutes the first time; a few seconds once they are compiled)…");
await tasks.getTask("build").run({ quiet: true, noTests: config.solidity.splitTestsCompilation });

await rm(OUT, { recursive: true, force: true });
const connection = await network.create();
const { ethers } = connection;
const [operator] = await ethers.getSigners();
const chainId = (await ethers.provider.getNetwork()).chainId;

say("Solvent demo on Hardhat's in-process chain\n");
const deployed = await ethers.deployContract("AttestationRegistry");
const registry = new RegistryClient(await deployed.getAddress(), operator!);
say(`1. Deployed AttestationRegistry at ${registry.address}`);
const { exchangeId } = await registry.registerExchange("Demo Exchange", ASSETS);
say(
  `2. Registered "Demo Exchange" as exchange ${exchangeId} (${ASSETS.map((a) => `${a.symbol}:${a.decimals}`).join(", ")})`,
);

const files: string[] = [];
let lastTree = "";
for (const epochNumber of [1, 2]) {
  const csv = join(OUT, `balances-epoch-${epochNumber}.csv`);
  const treeFolder = join(OUT, `epoch-${epochNumber}`);
  await writeSampleBalancesCsv(csv, { accounts: ACCOUNTS, assets: ASSETS, seed: 2026, epoch: epochNumber });
  const block = await ethers.provider.getBlock("latest");
  const started = performance.now();
  const summary = await buildFromCsv({ csv, out: treeFolder, asOf: BigInt(block!.timestamp) - 60n });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const reserves = summary.totals.map((total, a) => (a === 3 ? (total * 9n) / 10n : (total * 11n) / 10n)); // SOL is short
  const result = await postTree({
    client: registry,
    provider: ethers.provider,
    chainId,
    treeFolder,
    exchangeId,
    reserves,
    uri: `demo://epoch-${epochNumber}`,
  });
  say(
    `${epochNumber + 2}. Epoch ${result.epoch}: exported ${ACCOUNTS} accounts to ${csv}, built the tree and every proof in ${seconds} s, posted root ${summary.root.slice(0, 18)}…`,
  );
  files.push(
    `${csv}  (the exchange's balances export, epoch ${epochNumber})`,
    `${treeFolder}/summary.json  (public summary of the tree)`,
    `${treeFolder}/store/  (every customer's proof, sharded and compressed; secret: 'solvent proof' extracts one)`,
  );
  lastTree = treeFolder;
  await ethers.provider.send("evm_increaseTime", [3600]);
  await ethers.provider.send("evm_mine", []);
}

const latest = await registry.latestAttestation(exchangeId);
say(`5. On-chain now: epoch ${latest.epoch}, ${latest.leafCount} accounts, per asset:`);
for (const s of solvencyOf(latest)) {
  say(
    `     ${s.symbol.padEnd(5)} owed ${formatAmount(s.liabilities, s.decimals).padStart(24)}   reserves ${formatAmount(s.reserves, s.decimals).padStart(24)}   ${formatRatio(s.ratioBps)}`,
  );
}

say("6. Customers check their own proof with an eth_call (the exchange never sees who asks):");
for (const customer of ["customer-000001", "customer-002500", "customer 97, corporate"]) {
  const { proof } = await readProofFromFolder(lastTree, customer);
  const offChain = verifyProof(proof).valid ? "valid" : "INVALID";
  const onChain = (await registry.verifyInclusion(proof, exchangeId, latest.epoch)) ? "included" : "NOT included";
  const balances = proof.assets
    .map((symbol, a) => `${formatAmount(proof.leaf.balances[a]!, proof.decimals![a]!)} ${symbol}`)
    .join(", ");
  say(`     ${customer.padEnd(24)} off-chain ${offChain}, on-chain ${onChain}: ${balances}`);
}

const { proof } = await readProofFromFolder(lastTree, "customer-000002");
const tampered = structuredClone(proof);
tampered.leaf.balances[2]! += 1_000_000n; // claim one more USDT
const verdict = await registry.checkInclusion(tampered, exchangeId, latest.epoch);
const stale = await registry.checkInclusion(proof, exchangeId, 1n);
say("7. Rejections, decoded from the registry's custom errors:");
say(`     customer-000002 adds 1 USDT to their balance → ${verdict.valid ? "accepted?!" : verdict.error}`);
say(`     customer-000002 shows this epoch's proof against epoch 1 → ${stale.valid ? "accepted?!" : stale.error}`);
if (verdict.valid || stale.valid) process.exitCode = 1;

const reservesPart = await demoAuditReservesAndFeed({
  connection,
  registry,
  chainId,
  exchangeId,
  treeFolder: lastTree,
  out: OUT,
  say,
});
if (!reservesPart.ok) process.exitCode = 1;
files.push(...reservesPart.files);

say("\nWhere everything went:");
for (const line of files) say(`  ${line}`);
say(
  "The stores are owner-only: they hold customers' secret salts. 'solvent proof <tree> <account>' prints one customer's proof file.",
);
say("Next: the README's 'Your own data' section runs these steps with the solvent commands against a local node.");
