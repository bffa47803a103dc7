import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { SolvencyLensClient } from "../src/chain/solvency-client.js";
import { formatAmount } from "../src/io/decimal.js";
import { formatAge, formatRatio } from "../src/ops/solvency.js";
import { bigintOption, parseWholeNumber } from "../src/cli/args.js";
import { connectRegistry, runTask } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  epoch: string;
  registry: string;
  json: boolean;
}

/** `solvent solvency`: the one-call solvency view of an exchange (SolvencyLens). */
export default async function solvency(args: Args, hre: HardhatRuntimeEnvironment) {
  await runTask(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const epoch = bigintOption(args.epoch === "" ? undefined : args.epoch, "epoch");
    const { companion, signer, networkName, client } = await connectRegistry(hre, args.registry, args.allowHttp);
    const lens = new SolvencyLensClient(await companion("solvencyLens"), signer);
    const view = await lens.solvency(exchangeId, epoch);
    const audit = await client.audit(exchangeId, view.epoch);
    const verdict = view.revoked ? "REVOKED" : view.solvent ? "solvent" : "NOT fully covered";
    return {
      json: { ...view, auditors: audit.signers, auditThreshold: audit.threshold },
      text: [
        `Exchange ${exchangeId} on ${networkName}, epoch ${view.epoch}: ${verdict}`,
        `  snapshot  ${new Date(Number(view.asOf) * 1000).toISOString()} (${formatAge(view.age)} ago), posted ${new Date(Number(view.postedAt) * 1000).toISOString()}`,
        `  audited   ${view.audited ? `yes, by ${audit.signers.join(", ")}` : `no (${audit.signers.length} of ${audit.threshold === 0n ? "no threshold set" : `threshold ${audit.threshold}`})`}`,
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
