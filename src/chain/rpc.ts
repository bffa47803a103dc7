import { JsonRpcProvider } from "ethers";
import { InputError } from "../errors.js";

/**
 * A read-only connection to a JSON-RPC endpoint, with its chain id. One request at a time and no network
 * polling: these tools make a handful of eth_calls. The caller destroys the provider when done.
 */
export async function connectRpc(rpc: string): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const hex = (await provider.send("eth_chainId", [])) as string;
    return { provider, chainId: BigInt(hex) };
  } catch (error) {
    provider.destroy();
    throw new InputError(`cannot reach the RPC endpoint ${rpc} (${(error as Error).message.split("\n")[0]})`);
  }
}
