import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { join } from "node:path";
import { deploymentsFolder, readDeployment, writeDeployment, DEPLOYMENT_FORMAT } from "../src/chain/deployments.js";
import { sendOnce } from "../src/chain/send-once.js";
import { runTask } from "./connection.js";

export default async function deploy({ force, json }: { force: boolean; json: boolean }, hre: HardhatRuntimeEnvironment) {
  await runTask(json, async () => {
    const { ethers, networkName } = await hre.network.getOrCreate();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const existing = await readDeployment(networkName);
    if (existing !== undefined && !force) {
      const live = existing.chainId === chainId.toString() && (await ethers.provider.getCode(existing.registry)) !== "0x";
      if (live) {
        return {
          json: { deployed: false, ...existing },
          text: `AttestationRegistry is already deployed on ${networkName} at ${existing.registry} (recorded in ${join(deploymentsFolder(), `${networkName}.json`)}); pass --force to deploy another`,
        };
      }
    }
    const [deployer] = await ethers.getSigners();
    const factory = await ethers.getContractFactory("AttestationRegistry");
    const pendingFile = join(deploymentsFolder(), `.${networkName}.pending.json`);
    const { receipt, resumed } = await sendOnce(pendingFile, ethers.provider, async (record) => {
      const contract = await factory.deploy();
      const tx = contract.deploymentTransaction()!;
      await record(tx.hash);
      return (await tx.wait())!;
    });
    const compiler = hre.config.solidity.profiles.default!.compilers[0]!;
    const { outputSelection: _ignored, ...settings } = compiler.settings as Record<string, unknown>;
    const record = {
      format: DEPLOYMENT_FORMAT,
      network: networkName,
      chainId: chainId.toString(),
      registry: receipt.contractAddress!,
      deployTransaction: receipt.hash,
      block: receipt.blockNumber,
      deployer: deployer!.address,
      deployedAt: new Date().toISOString(),
      solc: { version: compiler.version, settings },
    } as const;
    const file = await writeDeployment(record);
    return {
      json: { deployed: true, resumed, file, ...record },
      text: `Deployed AttestationRegistry on ${networkName} (chain ${chainId}) at ${record.registry}${resumed ? " (resumed an interrupted deploy)" : ""}\n  transaction ${record.deployTransaction}, block ${record.block}\n  recorded in ${file}`,
    };
  });
}
