import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { JsonFields } from "../io/json-fields.js";

export const DEPLOYMENT_FORMAT = "solvent-deployment-v1";

/** deployments/<network>.json: where the registry lives on a network and how it was built. */
export interface DeploymentRecord {
  format: typeof DEPLOYMENT_FORMAT;
  network: string;
  chainId: string;
  registry: string;
  deployTransaction: string;
  block: number;
  deployer: string;
  deployedAt: string;
  solc: { version: string; settings: unknown };
}

/** The deployments folder: ./deployments, or $SOLVENT_DEPLOYMENTS_DIR (tests use a temporary one). */
export function deploymentsFolder(): string {
  return process.env.SOLVENT_DEPLOYMENTS_DIR ?? "deployments";
}

export async function readDeployment(network: string): Promise<DeploymentRecord | undefined> {
  const file = join(deploymentsFolder(), `${network}.json`);
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseDeployment(text, file);
}

export async function writeDeployment(record: DeploymentRecord): Promise<string> {
  const file = join(deploymentsFolder(), `${record.network}.json`);
  await writeFileAtomic(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}

/** The recorded deployment on a chain, for tools that know only an RPC endpoint. */
export async function findDeploymentByChainId(chainId: bigint): Promise<DeploymentRecord | undefined> {
  const files = await readdir(deploymentsFolder()).catch(() => [] as string[]);
  for (const name of files.filter((f) => f.endsWith(".json")).sort()) {
    const file = join(deploymentsFolder(), name);
    const record = parseDeployment(await readFile(file, "utf8"), file);
    if (record.chainId === chainId.toString()) return record;
  }
  return undefined;
}

function parseDeployment(text: string, file: string): DeploymentRecord {
  const json = JsonFields.parse(text, file);
  if (json.field("format").string() !== DEPLOYMENT_FORMAT) json.field("format").fail(`must be ${DEPLOYMENT_FORMAT}`);
  const record = json.raw as DeploymentRecord;
  json.field("registry").hex(20);
  json.field("chainId").bigint();
  if (typeof record.network !== "string") throw new InputError("network is missing", { file });
  return record;
}
