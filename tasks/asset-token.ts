import { ZeroAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { NATIVE_COIN } from "../src/chain/reserve-wallets-client.js";
import { InputError } from "../src/errors.js";
import { parseWholeNumber, splitList } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  map: string;
  registry: string;
  json: boolean;
}

/** `npx hardhat solvent asset-token`: says which token on this chain each asset is, so reserves are read on-chain. */
export default async function assetToken(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const entries = splitList(args.map).map((part) => {
      const [symbol, target, ...rest] = part.split("=");
      const token = target === "native" ? NATIVE_COIN : target === "none" ? ZeroAddress : target;
      if (symbol === undefined || token === undefined || rest.length > 0 || !isAddress(token)) {
        throw new InputError(
          `--map entry ${JSON.stringify(part)} must be SYMBOL=0xTOKEN, SYMBOL=native or SYMBOL=none`,
        );
      }
      return { symbol, token };
    });
    if (entries.length === 0)
      throw new InputError("--map is required, e.g. --map ETH=native,USDT=0xdAC17F958D2ee523a2206206994597C13D831ec7");
    const { companion, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const wallets = await companion("reserveWallets");
    const mapped = [];
    for (const { symbol, token } of entries) {
      const tx = await wallets.setAssetToken(exchangeId, symbol, token);
      await tx.wait();
      mapped.push({ symbol, ...(await wallets.assetToken(exchangeId, symbol)), transaction: tx.hash });
    }
    return {
      json: { exchangeId, mapped },
      text: [
        `Exchange ${exchangeId} on ${networkName}: assets read on-chain`,
        ...mapped.map(
          (m) =>
            `  ${m.symbol.padEnd(6)} ${m.token === NATIVE_COIN ? "native coin" : m.token === ZeroAddress ? "not tracked" : `${m.token} (${m.decimals} decimals)`}`,
        ),
      ].join("\n"),
    };
  });
}
