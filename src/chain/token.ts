import { Contract, type ContractRunner } from "ethers";

/** ERC-20's optional `symbol()`: all a verifier reads of a token, so a one-line ABI rather than a client. */
const SYMBOL_ABI = ["function symbol() view returns (string)"] as const;

/** The token's own `symbol()`, or undefined when it has none that reads as a string. */
export async function tokenSymbol(token: string, runner: ContractRunner): Promise<string | undefined> {
  try {
    const symbol = (await new Contract(token, SYMBOL_ABI, runner).getFunction("symbol").staticCall()) as string;
    return symbol;
  } catch {
    return undefined;
  }
}
