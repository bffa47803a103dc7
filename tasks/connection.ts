import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { chainIdAt, endpointProblem } from "../src/chain/rpc.js";
import { openDeployment } from "../src/ops/deployment-suite.js";
import { InputError, UnreachableError } from "../src/errors.js";
import { processIo, reportError, toJson } from "../src/command/output.js";

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
    await chainIdAt(await connection.networkConfig.url.get()); // an UnreachableError before Hardhat's own
  }
  return connection;
}

/**
 * Connects to --network (connectNetwork) with its first account and finds the registry (--registry, else
 * deployments/<network>.json) and, when asked, its companions (ops/deployment-suite).
 */
export async function connectRegistry(hre: HardhatRuntimeEnvironment, registryOption: string, allowHttp: boolean) {
  const connection = await connectNetwork(hre, allowHttp);
  const { ethers, networkName } = connection;
  const [signer] = await ethers.getSigners();
  if (signer === undefined)
    throw new InputError(
      `network ${networkName} has no account to send from; set its accounts with configVariable and the keystore`,
    );
  const deployHint = `npx hardhat solvent deploy --network ${networkName}`;
  const { registry: client, companion } = await openDeployment(signer, networkName, registryOption, deployHint);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { connection, ethers, networkName, chainId, signer, client, companion };
}

/**
 * Runs a task body and prints its result, or its error as the solvent CLI does (output.reportError): exit 2
 * for bad input, 3 for a network that does not answer or a bug; with `json`, stdout gets only JSON.
 */
export async function runAndReport(json: boolean, body: () => Promise<{ json: unknown; text: string }>): Promise<void> {
  try {
    const result = await body();
    console.log(json ? toJson({ ok: true, ...(result.json as object) }).trimEnd() : result.text);
  } catch (error) {
    process.exitCode = reportError(unreachableInWords(error), processIo, json);
  }
}

/** Hardhat's "cannot connect to the network" and "network connection timed out" (HHE703, HHE704). */
const HARDHAT_NETWORK_ERRORS = [703, 704];

/** A network that stopped answering mid-task, said as UnreachableError; any other error as it is. */
function unreachableInWords(error: unknown): unknown {
  const hardhatNumber = (error as { number?: unknown } | undefined)?.number;
  if (typeof hardhatNumber === "number" && HARDHAT_NETWORK_ERRORS.includes(hardhatNumber))
    return new UnreachableError((error as Error).message.split("\n")[0]!);
  return error;
}
