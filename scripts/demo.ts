/**
 * The end-to-end story on Hardhat's in-process chain, with no set-up:
 * deploy the registry, register an exchange, build a sum tree over generated accounts, post it,
 * verify proofs with an eth_call, and watch a tampered proof be rejected with the precise reason.
 * Run: npm run demo
 */
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { network } from "hardhat";
import { buildTree, proofAt, RegistryClient, verifyProof, writeProofFile, type Asset } from "../src/index.js";
import { formatUnits } from "ethers";

const ACCOUNTS = 2_000;
const ASSETS: Asset[] = [
  { symbol: "BTC", decimals: 8 },
  { symbol: "ETH", decimals: 18 },
  { symbol: "USDT", decimals: 6 },
];
const outDir = join("demo-out", "epoch-1");

/** Long-tail balances: most accounts hold little, a few hold a lot, some hold nothing. */
function balance(decimals: number): bigint {
  if (randomInt(5) === 0) return 0n;
  const magnitude = randomInt(0, 7); // 1 to 10^6 whole units, heavily skewed to small
  return BigInt(randomInt(1, 1_000_000)) * 10n ** BigInt(Math.max(0, decimals - 6 + magnitude - 3));
}

const { ethers } = await network.create();
const [operator] = await ethers.getSigners();
const line = (text = "") => console.log(text);

line("Solvent demo — on Hardhat's in-process chain\n");
const deployed = await ethers.deployContract("AttestationRegistry");
const registry = new RegistryClient(await deployed.getAddress(), operator!);
line(`1. Deployed AttestationRegistry at ${registry.address}`);

const { exchangeId } = await registry.registerExchange("Demo Exchange", ASSETS);
line(`2. Registered "Demo Exchange" as exchange ${exchangeId} with ${ASSETS.map((a) => a.symbol).join(", ")}`);

const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  accountId: `customer-${String(i).padStart(5, "0")}@demo`,
  balances: ASSETS.map((asset) => balance(asset.decimals)),
}));
const started = performance.now();
const tree = buildTree(ASSETS, accounts);
line(`3. Built the sum tree over ${tree.leafCount} accounts in ${(performance.now() - started).toFixed(0)} ms (depth ${tree.depth})`);
line(`   root ${tree.root}`);
tree.totals.forEach((total, a) => line(`   liabilities ${ASSETS[a]!.symbol.padEnd(5)} ${formatUnits(total, ASSETS[a]!.decimals)}`));

const block = await ethers.provider.getBlock("latest");
const reserves = tree.totals.map((total) => total + total / 10n); // the demo exchange claims 110%
const { epoch } = await registry.postAttestation(exchangeId, { ...tree, asOf: BigInt(block!.timestamp), reserves, uri: "demo://epoch-1" });
line(`4. Posted epoch ${epoch}: root, leaf count, snapshot time, liabilities and reserves are now on-chain`);

line("5. Customers check their own inclusion with an eth_call (the exchange never sees who asks):");
for (const index of [0, Math.floor(tree.leafCount / 2), tree.leafCount - 1]) {
  const proof = { ...proofAt(tree, index), exchangeId, epoch };
  const path = join(outDir, `${proof.leaf.accountId}.json`);
  await writeProofFile(path, proof);
  const offChain = verifyProof(proof).valid;
  const onChain = await registry.verifyInclusion(proof, exchangeId, epoch);
  const shown = proof.leaf.balances.map((b, a) => `${formatUnits(b, ASSETS[a]!.decimals)} ${ASSETS[a]!.symbol}`).join(", ");
  line(`   ${proof.leaf.accountId}: off-chain ${offChain ? "valid" : "INVALID"}, on-chain ${onChain ? "included" : "NOT included"} (${shown})`);
  line(`     proof file: ${path}`);
}

const tampered = structuredClone(proofAt(tree, 1));
tampered.leaf.balances[0]! += 100_000_000n; // claim one more BTC
const verdict = await registry.checkInclusion(tampered, exchangeId, epoch);
line("6. A tampered proof (one BTC added to a balance) is rejected on-chain:");
line(`   verifyInclusion → ${await registry.verifyInclusion(tampered, exchangeId, epoch)}; checkInclusion → ${verdict.valid ? "valid?!" : verdict.error}`);
if (verdict.valid) process.exitCode = 1;

line(`\nDone. Proof files are in ${outDir}/ (owner-only: they hold each customer's secret salt).`);
