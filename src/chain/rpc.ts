import { JsonRpcProvider } from "ethers";
import { InputError } from "../errors.js";

export interface EndpointRule {
  /** Accept plain http to any host: for test networks on another machine, never for a real chain. */
  allowHttp?: boolean;
}

/**
 * Whether an RPC URL may be used, the one rule of every read path (solvent verify, sign's term lookup, the
 * Hardhat tasks, the verifier page): https anywhere, plain http only on this machine (anyone on the network
 * path could forge plain http answers), unless `allowHttp` says the customer chose a test network.
 */
export function endpointProblem(url: string, rule: EndpointRule = {}): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && (rule.allowHttp === true || LOOPBACK.includes(parsed.hostname))) return undefined;
  return `${JSON.stringify(url)} is not an https URL (plain http is allowed only for this machine: anyone on the way could forge its answers)`;
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * A read-only connection to a JSON-RPC endpoint, with its chain id, once the endpoint passes the rule
 * above. One request at a time and no network polling: these tools make a handful of eth_calls. The caller
 * destroys the provider when done.
 */
export async function connectRpc(
  rpc: string,
  rule: EndpointRule = {},
): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const problem = endpointProblem(rpc, rule);
  if (problem !== undefined)
    throw new InputError(`the RPC endpoint ${problem}; for a test network on another machine, pass --allow-http`);
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const hex = (await provider.send("eth_chainId", [])) as string;
    return { provider, chainId: BigInt(hex) };
  } catch (error) {
    provider.destroy();
    throw new InputError(`cannot reach the RPC endpoint ${rpc} (${(error as Error).message.split("\n")[0]})`);
  }
}
