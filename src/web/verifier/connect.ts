import { BrowserProvider, type Eip1193Provider } from "ethers";
import { connectRpc } from "../../chain/rpc.js";
import { InputError } from "../../errors.js";
import type { ChainConnection } from "../../ops/verify-proof.js";
import { endpointProblem } from "../../ops/rpc-endpoint.js";

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

/** Whether the browser has a wallet (EIP-1193 `window.ethereum`). */
export function hasWallet(): boolean {
  return window.ethereum !== undefined;
}

/** Connects to the chain through an RPC URL or the browser wallet; the caller destroys the provider. */
export async function connect(via: "rpc" | "wallet", rpc: string): Promise<ChainConnection> {
  if (via === "wallet") {
    if (window.ethereum === undefined)
      throw new InputError('this browser has no wallet: choose "An RPC endpoint" and enter its URL');
    const provider = new BrowserProvider(window.ethereum);
    try {
      const chainId = BigInt((await provider.send("eth_chainId", [])) as string);
      return { provider, chainId, label: "your wallet" };
    } catch (error) {
      provider.destroy();
      throw new InputError(`your wallet did not answer (${(error as Error).message.split("\n")[0]})`);
    }
  }
  if (rpc === "")
    throw new InputError("no RPC endpoint: enter the URL of one for the exchange's chain, or use your wallet");
  const problem = endpointProblem(rpc);
  if (problem !== undefined) throw new InputError(`the RPC endpoint ${problem}`);
  const { provider, chainId } = await connectRpc(rpc);
  return { provider, chainId, label: rpc };
}
