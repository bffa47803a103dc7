import { JsonRpcProvider, Network } from "ethers";
import { InputError, UnreachableError } from "../errors.js";

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
 * destroys the provider when done. An endpoint that does not answer is an UnreachableError.
 */
export async function connectRpc(
  rpc: string,
  rule: EndpointRule = {},
): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const problem = endpointProblem(rpc, rule);
  if (problem !== undefined)
    throw new InputError(`the RPC endpoint ${problem}; for a test network on another machine, pass --allow-http`);
  const chainId = await chainIdAt(rpc);
  // The network is pinned from the answer above: a provider left to detect it itself retries an endpoint
  // that stops answering forever, printing a line to stdout each time (and would spoil --json output).
  const provider = new JsonRpcProvider(rpc, Network.from(chainId), { staticNetwork: true, batchMaxCount: 1 });
  return { provider, chainId };
}

/** The chain id an endpoint answers eth_chainId with, asked once; UnreachableError when it does not answer. */
export async function chainIdAt(rpc: string): Promise<bigint> {
  // A bare transport: _send sends the request as it is, without ethers' network detection (see above).
  const probe = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const [answer] = (await probe._send({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] })) as {
      result?: string;
      error?: { message?: string };
    }[];
    if (typeof answer?.result === "string") return BigInt(answer.result);
    throw new Error(answer?.error?.message ?? "no answer");
  } catch (error) {
    throw new UnreachableError(`cannot reach the RPC endpoint ${rpc} (${(error as Error).message.split("\n")[0]})`);
  } finally {
    probe.destroy();
  }
}
