import type { ContractRunner, ContractTransactionResponse } from "ethers";
import { bytes32ToSymbol, symbolToBytes32 } from "../spec/assets.js";
import { FEED_ABI, FEED_FACTORY_ABI, SOLVENCY_LENS_ABI } from "./abis.js";
import { ContractClient } from "./contract-client.js";
import { decodeOnChainText } from "./on-chain-text.js";
import type { FunctionResult } from "./abi-types.js";

export interface AssetSolvencyView {
  symbol: string;
  decimals: number;
  liabilities: bigint;
  claimedReserves: bigint;
  onChainReserves: bigint;
  onChain: boolean;
  /** claimedReserves / liabilities in basis points; nothing owed is UNBOUNDED_RATIO (src/spec/ratio.ts). */
  claimedRatioBps: bigint;
  /** onChainReserves / liabilities in the same convention; 0 when the asset is not tracked on this chain. */
  onChainRatioBps: bigint;
  covered: boolean;
}

export interface SolvencyView {
  exchangeId: bigint;
  epoch: bigint;
  asOf: bigint;
  postedAt: bigint;
  age: bigint;
  audited: boolean;
  revoked: boolean;
  solvent: boolean;
  assets: AssetSolvencyView[];
}

/** A typed client of SolvencyLens: solvency in one call. */
export class SolvencyLensClient extends ContractClient<typeof SOLVENCY_LENS_ABI> {
  constructor(address: string, runner: ContractRunner) {
    super(address, SOLVENCY_LENS_ABI, runner, "SolvencyLens");
  }

  /** The registry this lens reads (set at its deployment). */
  async registry(): Promise<string> {
    return this.call("registry", []);
  }

  /** The reserve wallets contract this lens reads (set at its deployment). */
  async reserveWallets(): Promise<string> {
    return this.call("reserveWallets", []);
  }

  /** The newest epoch (or `epoch`) with on-chain reserves read now. */
  async solvency(exchangeId: bigint, epoch?: bigint): Promise<SolvencyView> {
    const raw = await (epoch === undefined
      ? this.call("solvency", [exchangeId])
      : this.call("solvencyAt", [exchangeId, epoch]));
    return {
      exchangeId: raw.exchangeId,
      epoch: raw.epoch,
      asOf: raw.asOf,
      postedAt: raw.postedAt,
      age: raw.age,
      audited: raw.audited,
      revoked: raw.revoked,
      solvent: raw.solvent,
      assets: raw.assets.map((a) => ({
        symbol: bytes32ToSymbol(a.asset),
        decimals: Number(a.decimals),
        liabilities: a.liabilities,
        claimedReserves: a.claimedReserves,
        onChainReserves: a.onChainReserves,
        onChain: a.onChain,
        claimedRatioBps: a.claimedRatioBps,
        onChainRatioBps: a.onChainRatioBps,
        covered: a.covered,
      })),
    };
  }
}

export const FEED_METRICS = ["reserves", "liabilities", "ratio"] as const;
export type FeedMetric = (typeof FEED_METRICS)[number];

/** A feed round. Feed version 2: `startedAt` and `updatedAt` are both the snapshot time (asOf). */
export interface FeedRound {
  roundId: bigint;
  answer: bigint;
  startedAt: bigint;
  updatedAt: bigint;
  answeredInRound: bigint;
}

/** A typed client of SolvencyFeedFactory and the feeds it deploys. */
export class FeedFactoryClient extends ContractClient<typeof FEED_FACTORY_ABI> {
  constructor(
    address: string,
    private readonly runner: ContractRunner,
  ) {
    super(address, FEED_FACTORY_ABI, runner, "SolvencyFeedFactory");
  }

  /** The registry whose exchanges the feeds serve (set at deployment). */
  async registry(): Promise<string> {
    return await this.call("registry", []);
  }

  /** The feed's address and whether it is deployed yet. */
  async feedOf(
    exchangeId: bigint,
    symbol: string,
    metric: FeedMetric,
  ): Promise<{ address: string; deployed: boolean }> {
    const args = [exchangeId, symbolToBytes32(symbol), FEED_METRICS.indexOf(metric)] as const;
    const deployed = await this.call("feedOf", args);
    const address = await this.call("feedAddress", args);
    return { address, deployed: deployed === address };
  }

  async createFeed(
    exchangeId: bigint,
    symbol: string,
    metric: FeedMetric,
  ): Promise<{ feed: string; tx: ContractTransactionResponse }> {
    const tx = await this.send("createFeed", [exchangeId, symbolToBytes32(symbol), FEED_METRICS.indexOf(metric)]);
    const event = await this.eventOf(tx, "FeedCreated");
    return { feed: event.args[3] as string, tx };
  }

  feed(address: string): FeedClient {
    return new FeedClient(address, this.runner);
  }
}

/** A typed client of one SolvencyFeed (AggregatorV3Interface). */
export class FeedClient extends ContractClient<typeof FEED_ABI> {
  constructor(address: string, runner: ContractRunner) {
    super(address, FEED_ABI, runner, "the feed");
  }

  async describe(): Promise<{ description: string; decimals: number; version: bigint }> {
    const [description, decimals, version] = await Promise.all([
      // Built from the exchange's registered name, which need not be UTF-8: read as bytes (on-chain-text.ts).
      this.callReadingText("description", []),
      this.call("decimals", []),
      this.call("version", []),
    ]);
    return { description: decodeOnChainText(description).text, decimals: Number(decimals), version };
  }

  async latestRound(): Promise<FeedRound> {
    return toRound(await this.call("latestRoundData", []));
  }

  async round(roundId: bigint): Promise<FeedRound> {
    return toRound(await this.call("getRoundData", [roundId]));
  }

  /** Block time of the round's post (the round's own times are the snapshot's). */
  async postedAt(roundId: bigint): Promise<bigint> {
    return await this.call("postedAt", [roundId]);
  }
}

function toRound(raw: FunctionResult<typeof FEED_ABI, "latestRoundData">): FeedRound {
  const [roundId, answer, startedAt, updatedAt, answeredInRound] = raw;
  return {
    roundId,
    answer,
    startedAt,
    updatedAt,
    answeredInRound,
  };
}
