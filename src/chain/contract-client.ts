import {
  Contract,
  isCallException,
  type ContractRunner,
  type ContractTransactionResponse,
  type Interface,
  type InterfaceAbi,
  type Log,
} from "ethers";
import { InputError } from "../errors.js";
import type { FunctionArgs, FunctionName, FunctionResult } from "./abi-types.js";
import { stringsReadAsBytes } from "./on-chain-text.js";

/**
 * What every typed client shares: calls and sends that turn a contract's custom errors into InputErrors
 * naming the error and its arguments, and event lookup in receipts.
 */
export abstract class ContractClient<Abi extends readonly unknown[]> {
  readonly contract: Contract;
  /** The same contract with every string output read as bytes (on-chain-text.ts). */
  private readonly textAsBytes: Contract;

  protected constructor(
    readonly address: string,
    abi: Abi,
    runner: ContractRunner,
    /** How error messages name the contract, e.g. "the registry". */
    private readonly label: string,
  ) {
    this.contract = new Contract(address, abi as unknown as InterfaceAbi, runner);
    this.textAsBytes = new Contract(address, stringsReadAsBytes(abi) as unknown as InterfaceAbi, runner);
  }

  /** An eth_call of `method`, typed by the ABI (abi-types.ts): the one place a decoded result is cast. */
  protected async call<Name extends FunctionName<Abi>>(
    method: Name,
    args: FunctionArgs<Abi, Name>,
  ): Promise<FunctionResult<Abi, Name>> {
    try {
      return (await this.contract.getFunction(method).staticCall(...(args as unknown[]))) as FunctionResult<Abi, Name>;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * `call` for results that carry text someone else wrote: every string in the result comes back as the 0x
   * hex of its bytes, for decodeOnChainText, so bytes that are not UTF-8 cannot make the read throw.
   */
  protected async callReadingText<Name extends FunctionName<Abi>>(
    method: Name,
    args: FunctionArgs<Abi, Name>,
  ): Promise<FunctionResult<Abi, Name>> {
    try {
      const read = this.textAsBytes.getFunction(method);
      return (await read.staticCall(...(args as unknown[]))) as FunctionResult<Abi, Name>;
    } catch (error) {
      throw this.explain(error);
    }
  }

  protected async send<Name extends FunctionName<Abi>>(
    method: Name,
    args: FunctionArgs<Abi, Name>,
  ): Promise<ContractTransactionResponse> {
    try {
      return (await this.contract.getFunction(method).send(...(args as unknown[]))) as ContractTransactionResponse;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** Waits for the transaction and returns the first `name` event it emitted from this contract. */
  protected async eventOf(tx: ContractTransactionResponse, name: string) {
    const receipt = await tx.wait();
    for (const log of (receipt?.logs ?? []) as Log[]) {
      if (log.address.toLowerCase() !== this.address.toLowerCase()) continue;
      const parsed = this.contract.interface.parseLog(log);
      if (parsed?.name === name) return parsed;
    }
    throw new Error(`transaction ${tx.hash} emitted no ${name} event`);
  }

  /** Turns a revert with a custom error into an InputError that names it and its arguments. */
  protected explain(error: unknown): unknown {
    const revert = decodeRevert(error, this.contract.interface);
    if (revert === undefined) return error;
    return new InputError(`${this.label} refused: ${revert.name}(${revert.args.map(String).join(", ")})`);
  }
}

/** A sent transaction, waited for until mined; its hash. Reverts surface as the client's InputError. */
export async function mined(sent: Promise<{ hash: string; wait: () => Promise<unknown> }>): Promise<string> {
  const tx = await sent;
  await tx.wait();
  return tx.hash;
}

/**
 * The contract's custom error inside a failed call, if any. Providers nest revert data differently:
 * ethers decodes it for JSON-RPC nodes, Hardhat's in-process network puts raw data on the error.
 */
export function decodeRevert(
  error: unknown,
  contractInterface: Interface,
): { name: string; args: unknown[] } | undefined {
  if (isCallException(error) && error.revert) return { name: error.revert.name, args: [...error.revert.args] };
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    seen.add(item);
    const data = (item as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) {
      const parsed = contractInterface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    }
    for (const key of ["error", "info", "cause", "data"]) queue.push((item as Record<string, unknown>)[key]);
  }
  return undefined;
}
