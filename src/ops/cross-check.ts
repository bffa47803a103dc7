/**
 * Cross-checks what one RPC endpoint answered (the one a verifier link chose, so the exchange's) against an
 * independent endpoint of the same chain: an endpoint that serves its own chain under another chain's id
 * answers with its own registry code and epochs, which the independent endpoint contradicts.
 */
import { keccak256, type Provider } from "ethers";
import { RegistryClient } from "../chain/registry-client.js";
import type { OnChainReport } from "./verify-proof.js";

/**
 * What the independent endpoint answers differently, in words (empty when it agrees): the registry's code,
 * the exchange's name, admin and latest epoch, and the epoch that was read (root, totals, leaf count, snapshot time,
 * status, assets). `primary` is the endpoint the report came from; `independent` must already be known to
 * serve the report's chain.
 */
export async function disagreements(
  onChain: OnChainReport,
  primary: Provider,
  independent: Provider,
): Promise<string[]> {
  const { registry, exchangeId, epoch } = onChain;
  const [primaryCode, independentCode] = await Promise.all([primary.getCode(registry), independent.getCode(registry)]);
  if (independentCode === "0x") return [`there is no registry contract at ${registry} on chain ${onChain.chainId}`];
  if (keccak256(primaryCode) !== keccak256(independentCode))
    return [`the registry at ${registry} runs other code (code hash ${keccak256(independentCode)})`];
  const client = new RegistryClient(registry, independent);
  if ((await client.exchangeCount()) < exchangeId) return [`the registry has no exchange ${exchangeId}`];
  const exchange = await client.exchangeInfo(exchangeId);
  if (exchange.latestEpoch < epoch) return [`exchange ${exchangeId} has posted no epoch ${epoch}`];
  const attestation = await client.attestation(exchangeId, epoch);
  const read = onChain.attestation;
  const compared: [string, unknown, unknown][] = [
    ["the exchange's name", onChain.exchange.name, exchange.name],
    ["the exchange's admin", onChain.exchange.admin.toLowerCase(), exchange.admin.toLowerCase()],
    // An endpoint that hides a newer epoch would pass off an old one as the latest.
    ["the exchange's latest epoch", onChain.exchange.latestEpoch, exchange.latestEpoch],
    [`epoch ${epoch}'s root`, read.root.toLowerCase(), attestation.root.toLowerCase()],
    [`epoch ${epoch}'s totals owed`, read.liabilities.join(","), attestation.liabilities.join(",")],
    [`epoch ${epoch}'s reserves claimed`, read.reserves.join(","), attestation.reserves.join(",")],
    [`epoch ${epoch}'s number of accounts`, read.leafCount, attestation.leafCount],
    [`epoch ${epoch}'s snapshot time`, read.asOf, attestation.asOf],
    [`epoch ${epoch}'s status`, read.status, attestation.status],
    [`epoch ${epoch}'s assets`, assetsText(read.assets), assetsText(attestation.assets)],
  ];
  return compared
    .filter(([, ours, theirs]) => String(ours) !== String(theirs))
    .map(([what, ours, theirs]) => `${what} (${JSON.stringify(String(theirs))}, not ${JSON.stringify(String(ours))})`);
}

function assetsText(assets: readonly { symbol: string; decimals: number }[]): string {
  return assets.map((asset) => `${asset.symbol}:${asset.decimals}`).join(",");
}
