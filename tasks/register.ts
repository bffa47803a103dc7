import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError } from "../src/errors.js";
import { ASSET_NOTATION_HELP, parseAssetNotation } from "../src/spec/assets.js";
import { splitList } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  name: string;
  assets: string;
  registry: string;
  json: boolean;
}

export default async function register(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    if (args.name === "") throw new InputError('--name is required, e.g. --name "Acme Exchange"');
    const assets = splitList(args.assets).map((part) => {
      const asset = parseAssetNotation(part);
      if (asset === undefined)
        throw new InputError(`--assets entry ${JSON.stringify(part)} is not ${ASSET_NOTATION_HELP}`);
      return asset;
    });
    if (assets.length === 0)
      throw new InputError("--assets is required, e.g. --assets BTC:8,ETH:18 (the columns of your balances CSV)");
    const { client, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const { exchangeId, tx } = await client.registerExchange(args.name, assets);
    return {
      json: { exchangeId, name: args.name, assets, registry: client.address, transaction: tx.hash },
      text: `Registered "${args.name}" on ${networkName} as exchange ${exchangeId} (${assets.map((a) => `${a.symbol}:${a.decimals}`).join(", ")}); you are its admin and publisher.`,
    };
  });
}
