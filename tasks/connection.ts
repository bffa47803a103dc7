import { Contract, getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { CONTRACT_NAMES, readDeployment, type SuiteMember } from "../src/chain/deployments.js";
import { RegistryClient } from "../src/chain/registry-client.js";
import { endpointProblem } from "../src/chain/rpc.js";
import { InputError } from "../src/errors.js";
import { processIo, reportError, toJson } from "../src/cli/output.js";

/**
 * Connects to --network, once its URL passes the endpoint rule every read path shares (https, or plain
 * http on this machine; any http with --allow-http, for test networks). The in-process network has no URL.
 */
export async function connectNetwork(hre: HardhatRuntimeEnvironment, allowHttp: boolean) {
  const connection = await hre.network.getOrCreate();
  if (connection.networkConfig.type === "http") {
    const problem = endpointProblem(await connection.networkConfig.url.get(), { allowHttp });
    if (problem !== undefined) {
      await connection.close();
      throw new InputError(
        `network ${connection.networkName}'s URL ${problem}; for a test network on another machine, pass --allow-http`,
      );
    }
  }
  return connection;
}

/** Connects to --network (connectNetwork) and finds the registry: --registry, else deployments/<network>.json. */
export async function connectRegistry(hre: HardhatRuntimeEnvironment, registryOption: string, allowHttp: boolean) {
  const connection = await connectNetwork(hre, allowHttp);
  const { ethers, networkName } = connection;
  const [signer] = await ethers.getSigners();
  if (signer === undefined)
    throw new InputError(
      `network ${networkName} has no account to send from; set its accounts with configVariable and the keystore`,
    );
  const address = registryOption !== "" ? registryOption : (await readDeployment(networkName))?.registry;
  if (address === undefined)
    throw new InputError(
      `no registry recorded for network ${networkName}: run 'npx hardhat solvent deploy --network ${networkName}' or pass --registry`,
    );
  if ((await ethers.provider.getCode(address)) === "0x") {
    throw new InputError(
      `no contract at ${address} on network ${networkName} (a restarted local node?); run 'npx hardhat solvent deploy --network ${networkName} --force'`,
    );
  }
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const client = new RegistryClient(address, signer);

  /** A companion contract (ReserveWallets, SolvencyLens, SolvencyFeedFactory) of this registry, from deployments/. */
  async function companion(member: Exclude<SuiteMember, "registry">): Promise<string> {
    const recorded = (await readDeployment(networkName))?.[member];
    const name = CONTRACT_NAMES[member];
    if (recorded === undefined || (await ethers.provider.getCode(recorded)) === "0x") {
      throw new InputError(
        `no ${name} recorded for network ${networkName}: run 'npx hardhat solvent deploy --network ${networkName}' (it adds what is missing)`,
      );
    }
    const reads = new Contract(recorded, ["function registry() view returns (address)"], ethers.provider);
    if (getAddress((await reads.getFunction("registry")()) as string) !== getAddress(address!)) {
      throw new InputError(`the recorded ${name} at ${recorded} serves another registry than ${address}`);
    }
    return recorded;
  }
  return { connection, ethers, networkName, chainId, signer, client, companion };
}

/** Runs a task body, printing InputErrors plainly (or as JSON) and exiting 2, as the solvent CLI does. */
export async function runTask(json: boolean, body: () => Promise<{ json: unknown; text: string }>): Promise<void> {
  try {
    const result = await body();
    console.log(json ? toJson({ ok: true, ...(result.json as object) }).trimEnd() : result.text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error; // a bug: let Hardhat show the stack
    process.exitCode = reportError(error, processIo, json);
  }
}

/** A comma-separated option such as --signatures a.json,b.json. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}
