import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatAmount } from "../src/io/decimal.js";
import { formatAge, formatRatio, solvencyOf } from "../src/ops/solvency.js";
import { InputError } from "../src/errors.js";
import { parseWholeNumber } from "../src/cli/args.js";
import { connectRegistry, runTask } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  registry: string;
  maxAge: number;
  json: boolean;
}

export default async function status(args: Args, hre: HardhatRuntimeEnvironment) {
  await runTask(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const { client, ethers, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const epoch = await client.latestEpoch(exchangeId);
    if (epoch === 0n) throw new InputError(`exchange ${exchangeId} on ${networkName} has posted nothing yet`);
    const attestation = await client.attestation(exchangeId, epoch);
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const age = now - attestation.asOf;
    const fresh = attestation.status === "Active" && age <= BigInt(args.maxAge);
    const solvency = solvencyOf(attestation);
    return {
      json: { exchangeId, epoch, ageSeconds: age, fresh, attestation, solvency },
      text: [
        `Exchange ${exchangeId} on ${networkName}: epoch ${epoch}, ${attestation.status}, ${fresh ? "fresh" : "STALE OR REVOKED"}`,
        `  root      ${attestation.root} (${attestation.leafCount} accounts)`,
        `  snapshot  ${new Date(Number(attestation.asOf) * 1000).toISOString()} (${formatAge(age)} ago; max age ${args.maxAge} s)`,
        ...(attestation.uri ? [`  uri       ${attestation.uri}`] : []),
        ...solvency.map(
          (s) =>
            `  ${s.symbol.padEnd(9)} liabilities ${formatAmount(s.liabilities, s.decimals)}, reserves ${formatAmount(s.reserves, s.decimals)} (${formatRatio(s.ratioBps)})`,
        ),
      ].join("\n"),
    };
  });
}
