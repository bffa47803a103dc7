import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatAmount } from "../src/io/decimal.js";
import { exchangeStatus } from "../src/ops/exchange-status.js";
import { formatAge, formatRatio } from "../src/ops/solvency.js";
import { parseWholeNumber } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  registry: string;
  maxAge: number;
  json: boolean;
}

/** `npx hardhat solvent status`: an exchange's latest epoch, as the registry answers it: fresh, stale or revoked. */
export default async function status(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const { client, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const state = await exchangeStatus(client, exchangeId, BigInt(args.maxAge));
    const { attestation } = state;
    return {
      json: state,
      text: [
        `Exchange ${exchangeId} on ${networkName}: epoch ${state.epoch}, ${state.freshness}`,
        `  snapshot  ${new Date(Number(attestation.asOf) * 1000).toISOString()} (${formatAge(state.ageSeconds)} ago; stale after ${formatAge(state.maxAgeSeconds)})`,
        `  root      ${attestation.root} (${attestation.leafCount} accounts)`,
        ...(attestation.uri ? [`  uri       ${attestation.uri}`] : []),
        ...state.solvency.map(
          (s) =>
            `  ${s.symbol.padEnd(9)} liabilities ${formatAmount(s.liabilities, s.decimals)}, reserves ${formatAmount(s.reserves, s.decimals)} (${formatRatio(s.ratioBps)})`,
        ),
      ].join("\n"),
    };
  });
}
