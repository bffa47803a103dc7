import { getAddress, type ContractRunner, type Provider } from "ethers";
import { CONTRACT_NAMES, readDeployment, type SuiteMember } from "../chain/deployments.js";
import { RegistryClient } from "../chain/registry-client.js";
import { ReserveWalletsClient } from "../chain/reserve-wallets-client.js";
import { FeedFactoryClient, SolvencyLensClient } from "../chain/solvency-client.js";
import { InputError } from "../errors.js";

type Companion = Exclude<SuiteMember, "registry">;

const COMPANION_CLIENTS = {
  reserveWallets: ReserveWalletsClient,
  solvencyLens: SolvencyLensClient,
  feedFactory: FeedFactoryClient,
} as const;

export type CompanionClient<M extends Companion> = InstanceType<(typeof COMPANION_CLIENTS)[M]>;

/** The operator's contracts on one network: the registry, and its companions as they are asked for. */
export interface DeploymentSuite {
  registry: RegistryClient;
  /**
   * A companion (ReserveWallets, SolvencyLens, SolvencyFeedFactory) from deployments/<network>.json, once it
   * is checked to hold code and to serve this registry.
   */
  companion<M extends Companion>(member: M): Promise<CompanionClient<M>>;
}

/**
 * Finds the registry on `networkName` (`registryOption`, else deployments/<network>.json) and checks that it
 * holds code; `runner` signs (or only reads) through the typed clients. `deployHint` is the command that
 * deploys on that network, for the messages.
 */
export async function openDeployment(
  runner: ContractRunner & { provider: Provider | null },
  networkName: string,
  registryOption: string,
  deployHint: string,
): Promise<DeploymentSuite> {
  const provider = runner.provider!;
  const address = registryOption !== "" ? registryOption : (await readDeployment(networkName))?.registry;
  if (address === undefined)
    throw new InputError(`no registry recorded for network ${networkName}: run '${deployHint}' or pass --registry`);
  if ((await provider.getCode(address)) === "0x") {
    throw new InputError(
      `no contract at ${address} on network ${networkName} (a restarted local node?); run '${deployHint} --force'`,
    );
  }
  const registry = new RegistryClient(address, runner);

  async function companion<M extends Companion>(member: M): Promise<CompanionClient<M>> {
    const recorded = (await readDeployment(networkName))?.[member];
    const name = CONTRACT_NAMES[member];
    if (recorded === undefined || (await provider.getCode(recorded)) === "0x") {
      throw new InputError(
        `no ${name} recorded for network ${networkName}: run '${deployHint}' (it adds what is missing)`,
      );
    }
    const client = new COMPANION_CLIENTS[member](recorded, runner) as CompanionClient<M>;
    if (getAddress(await client.registry()) !== getAddress(address!)) {
      throw new InputError(`the recorded ${name} at ${recorded} serves another registry than ${address}`);
    }
    return client;
  }
  return { registry, companion };
}
