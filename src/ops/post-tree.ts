import { join } from "node:path";
import type { Provider } from "ethers";
import type { RegistryClient } from "../chain/registry-client.js";
import { sendOnce } from "../chain/send-once.js";
import { InputError } from "../errors.js";
import { checkSignedMessages, countersignFromFiles, epochMessage, readCosignatures } from "./audit.js";
import { parseDisplayAmount } from "../io/decimal.js";
import { readTreeSummary, type TreeSummary } from "../store/tree-folder.js";

export interface PostTreeOptions {
  client: RegistryClient;
  provider: Provider;
  chainId: bigint;
  treeFolder: string;
  /** The folder's summary.json, when the caller has read it already. */
  summary?: TreeSummary;
  exchangeId: bigint;
  /** Claimed reserves per asset, base units; zeros when absent. */
  reserves?: bigint[];
  uri?: string;
  /** Auditors' signature files for this epoch, submitted with the post. */
  signatureFiles?: readonly string[];
}

export interface PostTreeResult {
  epoch: bigint;
  summary: TreeSummary;
  /** The assets whose claimed reserves are below what customers are owed: posted, but worth saying. */
  shortfalls: ReserveShortfall[];
  /** True when this tree was already posted (nothing was sent). */
  alreadyPosted: boolean;
  transactionHash?: string;
}

/**
 * `npx hardhat solvent post`: posts a built tree's root, leaf count, snapshot time, totals and reserves.
 * Safe to retry: a tree already on-chain is reported, not posted again; a transaction sent by a run that
 * died is waited for instead of being sent twice.
 */
export async function postTree(options: PostTreeOptions): Promise<PostTreeResult> {
  const { client, exchangeId } = options;
  const summary = options.summary ?? (await readTreeSummary(options.treeFolder));
  const onChainAssets = await client.exchangeAssets(exchangeId);
  const same =
    onChainAssets.length === summary.assets.length &&
    onChainAssets.every((a, i) => a.symbol === summary.assets[i]!.symbol && a.decimals === summary.assets[i]!.decimals);
  if (!same) {
    const show = (list: { symbol: string; decimals: number }[]) =>
      list.map((a) => `${a.symbol}:${a.decimals}`).join(",");
    throw new InputError(
      `exchange ${exchangeId} posts ${show(onChainAssets)} but the tree has ${show(summary.assets)}; register the exchange with the tree's assets or rebuild`,
    );
  }
  const latestEpoch = await client.latestEpoch(exchangeId);
  if (latestEpoch > 0n) {
    const latest = await client.attestation(exchangeId, latestEpoch);
    if (latest.root === summary.root && latest.asOf === summary.asOf) {
      // Already posted: signature files given with the retry are submitted, not dropped.
      if ((options.signatureFiles ?? []).length > 0)
        await countersignFromFiles(client, options.chainId, options.signatureFiles!);
      return {
        epoch: latestEpoch,
        summary,
        shortfalls: reserveShortfalls(summary, latest.reserves),
        alreadyPosted: true,
      };
    }
    if (latest.asOf >= summary.asOf) {
      throw new InputError(
        `exchange ${exchangeId} already posted a snapshot from ${new Date(Number(latest.asOf) * 1000).toISOString()} (epoch ${latestEpoch}); this tree's snapshot is not later. Rebuild with a later --as-of`,
      );
    }
  }
  const reserves = options.reserves ?? summary.assets.map(() => 0n);
  const cosignatures = await cosignaturesFor(options, summary, latestEpoch + 1n, reserves);
  const pendingFile = join(
    options.treeFolder,
    `.post-pending-${options.chainId}-${client.address.toLowerCase()}-${exchangeId}.json`,
  );
  const { receipt } = await sendOnce(pendingFile, options.provider, async (remember) => {
    const { tx } = await client.postAttestation(
      exchangeId,
      { ...summary, reserves, cosignatures, ...(options.uri ? { uri: options.uri } : {}) },
      (sent) => remember(sent.hash),
    );
    return (await tx.wait())!;
  });
  const epoch = client.epochOfReceipt(receipt);
  if (epoch === undefined) throw new Error(`transaction ${receipt.hash} posted no attestation`);
  return {
    epoch,
    summary,
    shortfalls: reserveShortfalls(summary, reserves),
    alreadyPosted: false,
    transactionHash: receipt.hash,
  };
}

export interface ReserveShortfall {
  symbol: string;
  decimals: number;
  liabilities: bigint;
  reserves: bigint;
}

/** The assets of a tree whose `reserves` (base units, in the tree's asset order) are below its liabilities. */
export function reserveShortfalls(summary: TreeSummary, reserves: readonly bigint[]): ReserveShortfall[] {
  return summary.assets.flatMap((asset, a) => {
    const liabilities = summary.totals[a]!;
    const claimed = reserves[a] ?? 0n;
    return claimed < liabilities ? [{ ...asset, liabilities, reserves: claimed }] : [];
  });
}

/** Reads the signature files and checks each signs exactly the epoch about to be posted. */
async function cosignaturesFor(options: PostTreeOptions, summary: TreeSummary, epoch: bigint, reserves: bigint[]) {
  const files = options.signatureFiles ?? [];
  if (files.length === 0) return [];
  const signed = await readCosignatures(files, options.chainId, options.client.address);
  await checkSignedMessages(
    options.client,
    signed,
    epochMessage(summary, options.exchangeId, epoch, reserves, options.uri ?? ""),
    `what would be posted as epoch ${epoch}`,
  );
  return signed.map((s) => s.cosignature);
}

/** Parses `BTC=1.5,ETH=20` into base units per asset, in the tree's asset order (missing assets: 0). */
export function parseReserves(text: string, assets: readonly { symbol: string; decimals: number }[]): bigint[] {
  const reserves = assets.map(() => 0n);
  for (const part of text.split(",").filter((p) => p.trim() !== "")) {
    const [symbol, amount, ...rest] = part.split("=");
    const index = assets.findIndex((a) => a.symbol === symbol?.trim());
    if (index === -1 || amount === undefined || rest.length > 0) {
      throw new InputError(
        `--reserves entry ${JSON.stringify(part)} must be SYMBOL=AMOUNT with a symbol of the tree (${assets.map((a) => a.symbol).join(", ")})`,
      );
    }
    reserves[index] = parseDisplayAmount(amount.trim(), assets[index]!.decimals, `--reserves ${assets[index]!.symbol}`);
  }
  return reserves;
}
