import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError } from "../src/errors.js";
import { countersignFromFiles } from "../src/ops/audit.js";
import { splitList } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  signatures: string;
  registry: string;
  json: boolean;
}

/** `npx hardhat solvent countersign`: submits auditors' signature files for a posted epoch. */
export default async function countersign(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const files = splitList(args.signatures);
    if (files.length === 0)
      throw new InputError(
        "--signatures is required: the files written by 'solvent sign attestation', comma-separated",
      );
    const { client, chainId, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const result = await countersignFromFiles(client, chainId, files);
    return {
      json: result,
      text: [
        `Countersigned epoch ${result.epoch} of exchange ${result.exchangeId} on ${networkName} (transaction ${result.transaction})`,
        ...result.auditors.map((a) => `  signed by ${a}`),
        `  audited: ${result.audited ? `yes (${result.audit.signers.length} of threshold ${result.audit.threshold})` : `not yet (${result.audit.signers.length} of threshold ${result.audit.threshold})`}`,
      ].join("\n"),
    };
  });
}
