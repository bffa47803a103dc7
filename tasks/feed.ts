import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { FEED_METRICS, type FeedMetric, type FeedRound } from "../src/chain/solvency-client.js";
import { InputError } from "../src/errors.js";
import { parseWholeNumber } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  asset: string;
  metric: string;
  registry: string;
  json: boolean;
}

/** `npx hardhat solvent feed`: deploys (or finds) the Chainlink-compatible feed of one exchange, asset and metric. */
export default async function feed(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    if (args.asset === "") throw new InputError("--asset is required, e.g. --asset BTC");
    if (!(FEED_METRICS as readonly string[]).includes(args.metric))
      throw new InputError(`--metric must be one of ${FEED_METRICS.join(", ")}`);
    const metric = args.metric as FeedMetric;
    const { companion, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const factory = await companion("feedFactory");
    const found = await factory.feedOf(exchangeId, args.asset, metric);
    const created = found.deployed ? undefined : await factory.createFeed(exchangeId, args.asset, metric);
    const feedClient = factory.feed(found.address);
    const about = await feedClient.describe();
    let latest: FeedRound | undefined;
    let postedAt: bigint | undefined;
    let unavailable: string | undefined;
    try {
      latest = await feedClient.latestRound();
      postedAt = await feedClient.postedAt(latest.roundId);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unavailable = error.message;
    }
    return {
      json: {
        feed: found.address,
        created: created !== undefined,
        transaction: created?.tx.hash,
        ...about,
        latest,
        postedAt,
        unavailable,
      },
      text: [
        `${created ? "Deployed" : "Found"} feed "${about.description}" on ${networkName} at ${found.address}`,
        `  AggregatorV3Interface, ${about.decimals} decimals; roundId = epoch, startedAt = updatedAt = snapshot time, postedAt(roundId) = posting time`,
        latest && postedAt !== undefined
          ? `  latest round ${latest.roundId}: answer ${latest.answer}, snapshot ${isoTime(latest.updatedAt)}, posted ${isoTime(postedAt)}`
          : `  no usable round yet: ${unavailable}`,
      ].join("\n"),
    };
  });
}

/** Unix seconds as ISO 8601 (block times fit in a double). */
function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
