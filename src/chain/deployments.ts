import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { JsonFields } from "../io/json-fields.js";

export const DEPLOYMENT_FORMAT = "solvent-deployment-v2";
/** v1 recorded only the registry; it is still read, and `npx hardhat solvent deploy` adds the other contracts. */
const LEGACY_FORMAT = "solvent-deployment-v1";

/** The contracts a deployment consists of, in deployment order. */
export const SUITE = ["registry", "reserveWallets", "solvencyLens", "feedFactory"] as const;
export type SuiteMember = (typeof SUITE)[number];
export const CONTRACT_NAMES: Record<SuiteMember, string> = {
  registry: "AttestationRegistry",
  reserveWallets: "ReserveWallets",
  solvencyLens: "SolvencyLens",
  feedFactory: "SolvencyFeedFactory",
};

/** deployments/<network>.json: where the contracts live on a network and how they were built. */
export interface Deployment {
  format: typeof DEPLOYMENT_FORMAT | typeof LEGACY_FORMAT;
  network: string;
  chainId: string;
  registry: string;
  /** Absent in v1 records. */
  reserveWallets?: string;
  solvencyLens?: string;
  feedFactory?: string;
  /** Deployment transaction of each contract (v2). */
  transactions?: Partial<Record<SuiteMember, string>>;
  /** The registry's deployment transaction. */
  deployTransaction: string;
  block: number;
  deployer: string;
  deployedAt: string;
  solc: { version: string; settings: unknown };
}

/**
 * The operator's deployments folder, which `npx hardhat solvent deploy` and the other Hardhat tasks write and read:
 * ./deployments, or $SOLVENT_DEPLOYMENTS_DIR when set and not empty (tests use a temporary one).
 */
export function deploymentsFolder(): string {
  return process.env.SOLVENT_DEPLOYMENTS_DIR || "deployments";
}

/**
 * The deployments folder a customer chose for `solvent verify`, besides the records that ship with
 * Solvent: `--deployments DIR`, else $SOLVENT_DEPLOYMENTS_DIR when set and not empty, else none. Never the
 * working folder's ./deployments on its own: a folder the exchange handed over must not choose the registry.
 */
export function chosenDeploymentsFolder(option: string | undefined): string | undefined {
  if (option !== undefined) return option;
  const fromEnvironment = process.env.SOLVENT_DEPLOYMENTS_DIR;
  return fromEnvironment === undefined || fromEnvironment === "" ? undefined : fromEnvironment;
}

export async function readDeployment(network: string): Promise<Deployment | undefined> {
  const file = join(deploymentsFolder(), `${network}.json`);
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseDeployment(text, file);
}

export async function writeDeployment(record: Deployment): Promise<string> {
  const file = join(deploymentsFolder(), `${record.network}.json`);
  await writeFileAtomic(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}

/** Records of local development chains, never committed (see .gitignore). */
const THROWAWAY_RECORDS = new Set(["localhost.json", "hardhat.json", "default.json"]);

/** The deployments that ship with Solvent: public networks' records, committed beside the code. */
export function knownDeploymentsFolder(): string {
  return fileURLToPath(new URL("../../deployments/", import.meta.url));
}

/**
 * The recorded deployment on a chain, for tools that know only an RPC endpoint, with the file it came from
 * and whether that file ships with Solvent. The deployments that ship with Solvent come first, then
 * `chosenFolder` if the user named one (chosenDeploymentsFolder); when two records name different
 * registries for one chain, nothing is trusted (InputError): a folder someone handed over must not quietly
 * replace a published record.
 */
export async function findDeploymentByChainId(
  chainId: bigint,
  chosenFolder?: string,
): Promise<{ deployment: Deployment; file: string; shipped: boolean } | undefined> {
  const known = resolve(knownDeploymentsFolder());
  const chosen = chosenFolder === undefined ? undefined : resolve(chosenFolder);
  const found: { deployment: Deployment; file: string; shipped: boolean }[] = [];
  for (const folder of chosen === undefined || chosen === known ? [known] : [known, chosen]) {
    const files = await readdir(folder).catch(() => [] as string[]);
    // Of the shipped folder, only public networks count: a throwaway chain's record there is someone's leftover.
    const records = files.filter((f) => f.endsWith(".json") && (folder === chosen || !THROWAWAY_RECORDS.has(f)));
    for (const name of records.sort()) {
      const file = join(folder, name);
      const deployment = parseDeployment(await readFile(file, "utf8"), file);
      if (deployment.chainId === chainId.toString())
        found.push({ deployment, file, shipped: folder === known && !THROWAWAY_RECORDS.has(name) });
    }
  }
  const [first, ...others] = found;
  const conflict = others.find(
    (other) => other.deployment.registry.toLowerCase() !== first!.deployment.registry.toLowerCase(),
  );
  if (conflict !== undefined) {
    throw new InputError(
      `two deployment records for chain ${chainId} name different registries: ${first!.file} says ${first!.deployment.registry}, ${conflict.file} says ${conflict.deployment.registry}; pass --registry with the one you trust`,
    );
  }
  return first;
}

function parseDeployment(text: string, file: string): Deployment {
  const json = JsonFields.parse(text, file);
  const format = json.field("format").string();
  if (format !== DEPLOYMENT_FORMAT && format !== LEGACY_FORMAT)
    json.field("format").fail(`must be ${DEPLOYMENT_FORMAT} (or ${LEGACY_FORMAT})`);
  const record = json.raw as Deployment;
  for (const member of SUITE) {
    if (member === "registry" || format === DEPLOYMENT_FORMAT) json.field(member).hex(20);
  }
  json.field("chainId").bigint();
  if (typeof record.network !== "string") throw new InputError("network is missing", { file });
  return record;
}
