import { Contract, isCallException, type ContractRunner, type ContractTransactionResponse, type Interface, type Log, type TransactionReceipt } from "ethers";
import { InputError } from "../errors.js";
import { bytes32ToSymbol, symbolToBytes32, validateAssets, type Asset } from "../spec/assets.js";
import type { Hex } from "../spec/bytes.js";
import type { InclusionProof } from "../tree/proof.js";
import { REGISTRY_ABI } from "./registry-abi.js";

export const STATUS_NAMES = ["None", "Active", "Revoked"] as const;
export type AttestationStatus = (typeof STATUS_NAMES)[number];

/** An epoch as the registry returns it, with symbols decoded. */
export interface AttestationView {
  exchangeId: bigint;
  epoch: bigint;
  root: Hex;
  leafCount: bigint;
  asOf: bigint;
  postedAt: bigint;
  status: AttestationStatus;
  assetListId: bigint;
  assets: Asset[];
  liabilities: bigint[];
  reserves: bigint[];
  uri: string;
}

export interface PostInput {
  root: string;
  leafCount: number | bigint;
  totals: readonly bigint[];
  /** Snapshot time in unix seconds. */
  asOf: bigint;
  /** One per asset; zeros when omitted. */
  reserves?: readonly bigint[];
  uri?: string;
}

export type InclusionResult = { valid: true } | { valid: false; error: string; args: unknown[] };

/** A typed client of AttestationRegistry on ethers v6. */
export class RegistryClient {
  readonly contract: Contract;

  constructor(
    readonly address: string,
    runner: ContractRunner,
  ) {
    this.contract = new Contract(address, REGISTRY_ABI, runner);
  }

  async registerExchange(name: string, assets: readonly Asset[]): Promise<{ exchangeId: bigint; tx: ContractTransactionResponse }> {
    validateAssets(assets);
    const tx = await this.send("registerExchange", [name, assets.map((a) => symbolToBytes32(a.symbol)), assets.map((a) => a.decimals)]);
    const event = await this.eventOf(tx, "ExchangeRegistered");
    return { exchangeId: event.args[0] as bigint, tx };
  }

  async setPublisher(exchangeId: bigint, account: string, allowed: boolean): Promise<ContractTransactionResponse> {
    return this.send("setPublisher", [exchangeId, account, allowed]);
  }

  /**
   * Posts an epoch and waits for it. `onSent` runs once the transaction is broadcast and before waiting,
   * so a caller can record its hash and, after a crash, wait for it instead of posting twice.
   */
  async postAttestation(
    exchangeId: bigint,
    input: PostInput,
    onSent?: (tx: ContractTransactionResponse) => Promise<void>,
  ): Promise<{ epoch: bigint; tx: ContractTransactionResponse }> {
    const reserves = input.reserves ?? input.totals.map(() => 0n);
    const tx = await this.send("postAttestation", [
      exchangeId,
      input.root,
      BigInt(input.leafCount),
      input.asOf,
      [...input.totals],
      [...reserves],
      input.uri ?? "",
    ]);
    await onSent?.(tx);
    const event = await this.eventOf(tx, "AttestationPosted");
    return { epoch: event.args[1] as bigint, tx };
  }

  async revokeAttestation(exchangeId: bigint, epoch: bigint, reason: string): Promise<ContractTransactionResponse> {
    return this.send("revokeAttestation", [exchangeId, epoch, reason]);
  }

  async latestEpoch(exchangeId: bigint): Promise<bigint> {
    return (await this.contract.getFunction("latestEpoch")(exchangeId)) as bigint;
  }

  async attestation(exchangeId: bigint, epoch: bigint): Promise<AttestationView> {
    const raw = await this.call("attestation", [exchangeId, epoch]);
    return toView(exchangeId, epoch, raw);
  }

  async latestAttestation(exchangeId: bigint): Promise<AttestationView> {
    const [epoch, raw] = (await this.call("latestAttestation", [exchangeId])) as [bigint, unknown];
    return toView(exchangeId, epoch, raw);
  }

  async isFresh(exchangeId: bigint, maxAgeSeconds: bigint): Promise<boolean> {
    return (await this.call("isFresh", [exchangeId, maxAgeSeconds])) as boolean;
  }

  /** verifyInclusion as an eth_call: the exchange never learns who checked. */
  async verifyInclusion(proof: InclusionProof, exchangeId: bigint, epoch: bigint): Promise<boolean> {
    return (await this.call("verifyInclusion", [...inclusionArgs(proof, exchangeId, epoch)])) as boolean;
  }

  /** checkInclusion as an eth_call, with the failed check decoded from the custom error. */
  async checkInclusion(proof: InclusionProof, exchangeId: bigint, epoch: bigint): Promise<InclusionResult> {
    try {
      await this.contract.getFunction("checkInclusion").staticCall(...inclusionArgs(proof, exchangeId, epoch));
      return { valid: true };
    } catch (error) {
      const revert = decodeRevert(error, this.contract.interface);
      if (revert !== undefined) return { valid: false, error: revert.name, args: revert.args };
      throw error;
    }
  }

  private async call(method: string, args: unknown[]): Promise<unknown> {
    try {
      return await this.contract.getFunction(method).staticCall(...args);
    } catch (error) {
      throw explain(error, this.contract.interface);
    }
  }

  private async send(method: string, args: unknown[]): Promise<ContractTransactionResponse> {
    try {
      return (await this.contract.getFunction(method).send(...args)) as ContractTransactionResponse;
    } catch (error) {
      throw explain(error, this.contract.interface);
    }
  }

  /** The exchange's current asset list, decoded. */
  async exchangeAssets(exchangeId: bigint): Promise<Asset[]> {
    const info = (await this.call("exchange", [exchangeId])) as { assets: string[]; decimals: bigint[] };
    return info.assets.map((symbol, i) => ({ symbol: bytes32ToSymbol(symbol), decimals: Number(info.decimals[i]) }));
  }

  /** The epoch an AttestationPosted receipt announces (for resuming after a crash). */
  epochOfReceipt(receipt: TransactionReceipt): bigint | undefined {
    for (const log of receipt.logs) {
      const parsed = this.contract.interface.parseLog(log);
      if (parsed?.name === "AttestationPosted") return parsed.args[1] as bigint;
    }
    return undefined;
  }

  private async eventOf(tx: ContractTransactionResponse, name: string) {
    const receipt = await tx.wait();
    for (const log of (receipt?.logs ?? []) as Log[]) {
      const parsed = this.contract.interface.parseLog(log);
      if (parsed?.name === name) return parsed;
    }
    throw new Error(`transaction ${tx.hash} emitted no ${name} event`);
  }
}

/** The arguments of verifyInclusion / checkInclusion for a proof. */
export function inclusionArgs(proof: InclusionProof, exchangeId: bigint, epoch: bigint) {
  return [
    exchangeId,
    epoch,
    proof.leaf.accountKey,
    proof.leaf.balances,
    proof.leaf.index,
    proof.siblings.map((sibling) => ({ hash: sibling.hash, sums: sibling.sums })),
  ] as const;
}

function toView(exchangeId: bigint, epoch: bigint, raw: unknown): AttestationView {
  const a = raw as {
    root: string; leafCount: bigint; asOf: bigint; postedAt: bigint; status: bigint; assetListId: bigint;
    assets: string[]; decimals: bigint[]; liabilities: bigint[]; reserves: bigint[]; uri: string;
  };
  return {
    exchangeId,
    epoch,
    root: a.root as Hex,
    leafCount: a.leafCount,
    asOf: a.asOf,
    postedAt: a.postedAt,
    status: STATUS_NAMES[Number(a.status)] ?? "None",
    assetListId: a.assetListId,
    assets: a.assets.map((symbol, i) => ({ symbol: bytes32ToSymbol(symbol), decimals: Number(a.decimals[i]) })),
    liabilities: [...a.liabilities],
    reserves: [...a.reserves],
    uri: a.uri,
  };
}

/**
 * The registry's custom error inside a failed call, if any. Providers nest revert data differently:
 * ethers decodes it for JSON-RPC nodes, Hardhat's in-process network puts raw data on the error.
 */
export function decodeRevert(error: unknown, contractInterface: Interface): { name: string; args: unknown[] } | undefined {
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

/** Turns a registry revert into an InputError that names the custom error and its arguments. */
function explain(error: unknown, contractInterface: Interface): unknown {
  const revert = decodeRevert(error, contractInterface);
  if (revert === undefined) return error;
  return new InputError(`the registry refused: ${revert.name}(${revert.args.map(String).join(", ")})`);
}
