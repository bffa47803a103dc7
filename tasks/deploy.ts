import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { join } from "node:path";
import {
  CONTRACT_NAMES,
  DEPLOYMENT_FORMAT,
  SUITE,
  deploymentsFolder,
  readDeployment,
  writeDeployment,
  type Deployment,
  type SuiteMember,
} from "../src/chain/deployments.js";
import { sendOnce } from "../src/chain/send-once.js";
import { connectNetwork, runAndReport } from "./connection.js";

/**
 * Deploys the registry, ReserveWallets, SolvencyLens and SolvencyFeedFactory, and records them.
 * Contracts already recorded and live are kept, so a v1 deployment file (registry only) gains the others and an
 * interrupted deployment resumes where it stopped.
 */
export default async function deploy(
  { force, json, allowHttp }: { force: boolean; json: boolean; allowHttp: boolean },
  hre: HardhatRuntimeEnvironment,
) {
  await runAndReport(json, async () => {
    const { ethers, networkName } = await connectNetwork(hre, allowHttp);
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const existing = force ? undefined : await readDeployment(networkName);
    const isLive = async (address: string | undefined) =>
      address !== undefined && (await ethers.provider.getCode(address)) !== "0x";
    const kept: Partial<Record<SuiteMember, string>> = {};
    if (existing !== undefined && existing.chainId === chainId.toString() && (await isLive(existing.registry))) {
      for (const member of SUITE) {
        if (await isLive(existing[member])) kept[member] = existing[member]!;
      }
    }
    const file = join(deploymentsFolder(), `${networkName}.json`);
    if (SUITE.every((member) => kept[member] !== undefined) && existing?.format === DEPLOYMENT_FORMAT) {
      return {
        json: { deployed: false, ...existing },
        text: `Solvent is already deployed on ${networkName}: registry ${existing.registry} (recorded in ${file}); pass --force to deploy again`,
      };
    }

    const [deployer] = await ethers.getSigners();
    const addresses: Partial<Record<SuiteMember, string>> = { ...kept };
    const transactions: Partial<Record<SuiteMember, string>> = {};
    let registryBlock = existing?.block ?? 0;
    const lines: string[] = [];
    for (const member of SUITE) {
      if (addresses[member] !== undefined) continue;
      // Companions take the registry (the lens also the wallets) as their constructor argument.
      const args =
        member === "registry"
          ? []
          : member === "solvencyLens"
            ? [addresses.registry, addresses.reserveWallets]
            : [addresses.registry];
      const factory = await ethers.getContractFactory(CONTRACT_NAMES[member]);
      const pendingFile = join(deploymentsFolder(), `.${networkName}.${member}.pending.json`);
      const { receipt, resumed } = await sendOnce(pendingFile, ethers.provider, async (remember) => {
        const contract = await factory.deploy(...args);
        const tx = contract.deploymentTransaction()!;
        await remember(tx.hash);
        return (await tx.wait())!;
      });
      addresses[member] = receipt.contractAddress!;
      transactions[member] = receipt.hash;
      if (member === "registry") registryBlock = receipt.blockNumber;
      lines.push(
        `  ${CONTRACT_NAMES[member].padEnd(20)} ${receipt.contractAddress}${resumed ? " (resumed an interrupted deploy)" : ""}`,
      );
    }
    const compiler = hre.config.solidity.profiles.default!.compilers[0]!;
    const { outputSelection: _ignored, ...settings } = compiler.settings as Record<string, unknown>;
    const deployment: Deployment = {
      format: DEPLOYMENT_FORMAT,
      network: networkName,
      chainId: chainId.toString(),
      registry: addresses.registry!,
      reserveWallets: addresses.reserveWallets!,
      solvencyLens: addresses.solvencyLens!,
      feedFactory: addresses.feedFactory!,
      transactions: { ...existing?.transactions, ...transactions },
      deployTransaction: transactions.registry ?? existing!.deployTransaction,
      block: registryBlock,
      deployer: transactions.registry !== undefined ? deployer!.address : existing!.deployer,
      deployedAt: new Date().toISOString(),
      solc: { version: compiler.version, settings },
    };
    const written = await writeDeployment(deployment);
    return {
      json: { deployed: true, file: written, ...deployment },
      text: [
        `Deployed Solvent on ${networkName} (chain ${chainId}):`,
        ...lines,
        ...(Object.keys(kept).length > 0
          ? [
              `  kept the recorded ${Object.keys(kept)
                .map((m) => CONTRACT_NAMES[m as SuiteMember])
                .join(", ")}`,
            ]
          : []),
        `  recorded in ${written}`,
      ].join("\n"),
    };
  });
}
