import { AbiCoder, type ContractRunner, type ContractTransactionResponse, type TransactionReceipt } from "ethers";
import { ContractClient, decodeRevert } from "./contract-client.js";
import { bytes32ToSymbol, symbolToBytes32, validateAssets, type Asset } from "../spec/assets.js";
import type { Hex } from "../spec/bytes.js";
import { validateExchangeName, validateUri } from "../spec/text-rules.js";
import type { InclusionProof } from "../tree/proof.js";
import { packProof } from "./packed-proof.js";
import { REGISTRY_ABI } from "./abis.js";
import type { FunctionResult } from "./abi-types.js";
import { decodeOnChainText, type OnChainText } from "./on-chain-text.js";

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
  /** As posted, decoded leniently: U+FFFD where its bytes are not UTF-8. */
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
  /** Auditors' signatures of this epoch, recorded in the same transaction. */
  cosignatures?: readonly Cosignature[];
}

/** An auditor's signature as the registry takes it. */
export interface Cosignature {
  auditor: string;
  signature: string;
}

export interface AuditView {
  audited: boolean;
  auditedAt: bigint;
  threshold: bigint;
  /** Auditors whose signature counts now. */
  signers: string[];
}

/** An exchange as the registry describes it, with its current asset list decoded. */
export interface ExchangeView {
  exchangeId: bigint;
  /** As registered, decoded leniently: U+FFFD where its bytes are not UTF-8 (then `nameUtf8` is false). */
  name: string;
  nameUtf8: boolean;
  admin: string;
  latestEpoch: bigint;
  assets: Asset[];
}

export type InclusionResult = { valid: true } | { valid: false; error: string; args: unknown[] };

/** A typed client of AttestationRegistry on ethers v6. */
export class RegistryClient extends ContractClient<typeof REGISTRY_ABI> {
  constructor(address: string, runner: ContractRunner) {
    super(address, REGISTRY_ABI, runner, "the registry");
  }

  async registerExchange(
    name: string,
    assets: readonly Asset[],
  ): Promise<{ exchangeId: bigint; tx: ContractTransactionResponse }> {
    validateExchangeName(name);
    validateAssets(assets);
    const tx = await this.send("registerExchange", [
      name,
      assets.map((a) => symbolToBytes32(a.symbol)),
      assets.map((a) => a.decimals),
    ]);
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
    validateUri(input.uri ?? "");
    const reserves = input.reserves ?? input.totals.map(() => 0n);
    const args = [
      exchangeId,
      input.root,
      BigInt(input.leafCount),
      input.asOf,
      [...input.totals],
      [...reserves],
      input.uri ?? "",
    ] as const;
    const cosignatures = input.cosignatures ?? [];
    const tx =
      cosignatures.length === 0
        ? await this.send("postAttestation", args)
        : await this.send("postAttestationCountersigned", [
            ...args,
            cosignatures.map((c) => ({ auditor: c.auditor, signature: c.signature })),
          ]);
    await onSent?.(tx);
    const event = await this.eventOf(tx, "AttestationPosted");
    return { epoch: event.args[1] as bigint, tx };
  }

  async revokeAttestation(exchangeId: bigint, epoch: bigint, reason: string): Promise<ContractTransactionResponse> {
    return this.send("revokeAttestation", [exchangeId, epoch, reason]);
  }

  async setAuditor(exchangeId: bigint, auditor: string, allowed: boolean): Promise<ContractTransactionResponse> {
    return this.send("setAuditor", [exchangeId, auditor, allowed]);
  }

  async setAuditThreshold(exchangeId: bigint, threshold: bigint): Promise<ContractTransactionResponse> {
    return this.send("setAuditThreshold", [exchangeId, threshold]);
  }

  /** Records auditors' signatures of a posted epoch; returns whether the epoch is audited afterwards. */
  async countersign(
    exchangeId: bigint,
    epoch: bigint,
    cosignatures: readonly Cosignature[],
  ): Promise<{ tx: ContractTransactionResponse; audited: boolean }> {
    const tx = await this.send("countersign", [
      exchangeId,
      epoch,
      cosignatures.map((c) => ({ auditor: c.auditor, signature: c.signature })),
    ]);
    await tx.wait();
    return { tx, audited: (await this.audit(exchangeId, epoch)).audited };
  }

  async auditors(exchangeId: bigint): Promise<{ auditors: string[]; threshold: bigint }> {
    const [auditors, threshold] = await this.call("auditors", [exchangeId]);
    return { auditors: [...auditors], threshold };
  }

  async audit(exchangeId: bigint, epoch: bigint): Promise<AuditView> {
    const raw = await this.call("audit", [exchangeId, epoch]);
    return { audited: raw.audited, auditedAt: raw.auditedAt, threshold: raw.threshold, signers: [...raw.signers] };
  }

  /** The EIP-712 digest `auditor` signs for a posted epoch (equal to typed-data.ts's attestationDigest). */
  async attestationDigest(exchangeId: bigint, epoch: bigint, auditor: string): Promise<string> {
    return await this.call("attestationDigest", [exchangeId, epoch, auditor]);
  }

  /** The auditor's current term, 0 when it is not a current auditor. */
  async auditorTerm(exchangeId: bigint, auditor: string): Promise<bigint> {
    return await this.call("auditorTerm", [exchangeId, auditor]);
  }

  async adminOf(exchangeId: bigint): Promise<string> {
    return await this.call("adminOf", [exchangeId]);
  }

  /** Every account that may post for the exchange. */
  async publishers(exchangeId: bigint): Promise<string[]> {
    return [...(await this.call("publishers", [exchangeId]))];
  }

  async exchangeCount(): Promise<bigint> {
    return await this.call("exchangeCount", []);
  }

  /** The exchange's name, admin and newest epoch. */
  async exchangeInfo(exchangeId: bigint): Promise<ExchangeView> {
    const info = await this.callReadingText("exchange", [exchangeId]);
    const name = decodeOnChainText(info.name);
    return {
      exchangeId,
      name: name.text,
      nameUtf8: name.utf8,
      admin: info.admin,
      latestEpoch: info.latestEpoch,
      assets: info.assets.map((symbol, i) => ({ symbol: bytes32ToSymbol(symbol), decimals: Number(info.decimals[i]) })),
    };
  }

  /**
   * The names of exchanges 1…`count`, with no cap: from the ExchangeRegistered events (names never change
   * after registration), and any id the logs did not give, because the endpoint refused eth_getLogs or
   * limits its ranges beyond what NAME_LOG_REQUESTS bisections cover, read with `exchange(id)` one by one.
   */
  async exchangeNames(count: bigint): Promise<Map<bigint, OnChainText>> {
    const names = await this.namesFromEvents(count);
    const missing: bigint[] = [];
    for (let id = 1n; id <= count; id++) if (!names.has(id)) missing.push(id);
    for (let at = 0; at < missing.length; at += NAME_CALLS_AT_ONCE) {
      const batch = missing.slice(at, at + NAME_CALLS_AT_ONCE);
      const views = await Promise.all(batch.map((id) => this.exchangeInfo(id)));
      for (const view of views) names.set(view.exchangeId, { text: view.name, utf8: view.nameUtf8 });
    }
    return names;
  }

  /**
   * What ExchangeRegistered logs give of exchanges 1…count. A range the endpoint refuses (too many blocks or
   * results) is halved, within NAME_LOG_REQUESTS requests; an endpoint that refuses even the latest block's
   * logs gives none, and a refused single block ends the scan: the caller reads the rest by id.
   */
  private async namesFromEvents(count: bigint): Promise<Map<bigint, OnChainText>> {
    const names = new Map<bigint, OnChainText>();
    const provider = this.contract.runner?.provider;
    if (!provider || count === 0n) return names;
    const topic = this.contract.interface.getEvent("ExchangeRegistered")!.topicHash;
    const logsOf = (fromBlock: number, toBlock: number) =>
      provider.getLogs({ address: this.address, topics: [topic], fromBlock, toBlock });
    const latest = await provider.getBlockNumber();
    const ranges: [number, number][] = [[0, latest]];
    for (let request = 0; ranges.length > 0 && request < NAME_LOG_REQUESTS; request++) {
      const [fromBlock, toBlock] = ranges.shift()!;
      try {
        for (const log of await logsOf(fromBlock, toBlock)) {
          const exchangeId = BigInt(log.topics[1]!);
          const [name] = AbiCoder.defaultAbiCoder().decode(["bytes"], log.data) as unknown as [string];
          if (exchangeId >= 1n && exchangeId <= count) names.set(exchangeId, decodeOnChainText(name));
        }
      } catch {
        // A refused single block, or an endpoint that refuses even the latest block's logs: no (more) logs.
        if (fromBlock === toBlock || (request === 0 && !(await succeeds(logsOf(latest, latest))))) break;
        const middle = fromBlock + Math.floor((toBlock - fromBlock) / 2);
        ranges.unshift([fromBlock, middle], [middle + 1, toBlock]);
      }
    }
    return names;
  }

  async latestEpoch(exchangeId: bigint): Promise<bigint> {
    return await this.call("latestEpoch", [exchangeId]);
  }

  async attestation(exchangeId: bigint, epoch: bigint): Promise<AttestationView> {
    const raw = await this.callReadingText("attestation", [exchangeId, epoch]);
    return toView(exchangeId, epoch, raw);
  }

  async latestAttestation(exchangeId: bigint): Promise<AttestationView> {
    const [epoch, raw] = await this.callReadingText("latestAttestation", [exchangeId]);
    return toView(exchangeId, epoch, raw);
  }

  async isFresh(exchangeId: bigint, maxAgeSeconds: bigint): Promise<boolean> {
    return await this.call("isFresh", [exchangeId, maxAgeSeconds]);
  }

  /** verifyInclusion as an eth_call: the exchange never learns who checked. */
  async verifyInclusion(proof: InclusionProof, exchangeId: bigint, epoch: bigint): Promise<boolean> {
    return await this.call("verifyInclusion", [...inclusionArgs(proof, exchangeId, epoch)]);
  }

  /** verifyInclusionPacked as an eth_call: the same answer, with the proof in its packed form. */
  async verifyInclusionPacked(proof: InclusionProof, exchangeId: bigint, epoch: bigint): Promise<boolean> {
    return await this.call("verifyInclusionPacked", [packProof(proof, exchangeId, epoch)]);
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

  /** The exchange's current asset list, decoded. */
  async exchangeAssets(exchangeId: bigint): Promise<Asset[]> {
    return (await this.exchangeInfo(exchangeId)).assets;
  }

  /** The epoch an AttestationPosted receipt announces (for resuming after a crash). */
  epochOfReceipt(receipt: TransactionReceipt): bigint | undefined {
    for (const log of receipt.logs) {
      const parsed = this.contract.interface.parseLog(log);
      if (parsed?.name === "AttestationPosted") return parsed.args[1] as bigint;
    }
    return undefined;
  }
}

/** How many eth_getLogs requests the name scan may make before reading the rest of the names by id. */
const NAME_LOG_REQUESTS = 64;
/** How many `exchange(id)` calls the name scan has in flight at once. */
const NAME_CALLS_AT_ONCE = 16;

function succeeds(request: Promise<unknown>): Promise<boolean> {
  return request.then(
    () => true,
    () => false,
  );
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

/** An epoch as `attestation` decodes it, read with callReadingText (its uri as the hex of its bytes). */
type RawAttestation = FunctionResult<typeof REGISTRY_ABI, "attestation">;

function toView(exchangeId: bigint, epoch: bigint, a: RawAttestation): AttestationView {
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
    uri: decodeOnChainText(a.uri).text,
  };
}
