import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatAmount } from "../src/io/decimal.js";
import { auditInWords, exchangeSolvency } from "../src/ops/exchange-solvency.js";
import { formatAge, formatRatio } from "../src/ops/solvency.js";
import { bigintOption, parseWholeNumber } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  epoch: string;
  registry: string;
  json: boolean;
}

/** `npx hardhat solvent solvency`: the one-call solvency view of an exchange (SolvencyLens). */
export default async function solvency(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const epoch = bigintOption(args.epoch === "" ? undefined : args.epoch, "epoch");
    const { companion, networkName, client } = await connectRegistry(hre, args.registry, args.allowHttp);
    const { audit, ...view } = await exchangeSolvency(client, await companion("solvencyLens"), exchangeId, epoch);
    const verdict = view.revoked ? "REVOKED" : view.solvent ? "solvent" : "NOT fully covered";
    return {
      json: { ...view, auditors: audit.signers, auditThreshold: audit.threshold },
      text: [
        `Exchange ${exchangeId} on ${networkName}, epoch ${view.epoch}: ${verdict}`,
        `  snapshot  ${new Date(Number(view.asOf) * 1000).toISOString()} (${formatAge(view.age)} ago), posted ${new Date(Number(view.postedAt) * 1000).toISOString()}`,
        `  audited   ${auditInWords(view.audited, audit)}`,
        ...view.assets.map((a) => {
          const onChain = a.onChain
            ? `, on-chain ${formatAmount(a.onChainReserves, a.decimals)} (${formatRatio(a.onChainRatioBps)})`
            : "";
          return `  ${a.symbol.padEnd(9)} owed ${formatAmount(a.liabilities, a.decimals)}, claimed ${formatAmount(a.claimedReserves, a.decimals)} (${formatRatio(a.claimedRatioBps)})${onChain}${a.covered ? "" : "  ← not covered"}`;
        }),
      ].join("\n"),
    };
  });
}
