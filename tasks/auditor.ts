import { isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError } from "../src/errors.js";
import { parseWholeNumber, splitList } from "../src/command/options.js";
import { mined } from "../src/chain/contract-client.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  add: string;
  remove: string;
  threshold: string;
  registry: string;
  json: boolean;
}

/** `npx hardhat solvent auditor`: adds or removes auditors and sets the threshold (admin), then shows the set. */
export default async function auditor(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const add = splitList(args.add);
    const remove = splitList(args.remove);
    for (const account of [...add, ...remove]) {
      if (!isAddress(account))
        throw new InputError(`${JSON.stringify(account)} is not an address (0x followed by 40 hex digits)`);
    }
    const threshold = args.threshold === "" ? undefined : parseWholeNumber(args.threshold, "threshold");
    const { client, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const transactions: string[] = [];
    for (const account of add) transactions.push(await mined(client.setAuditor(exchangeId, account, true)));
    for (const account of remove) transactions.push(await mined(client.setAuditor(exchangeId, account, false)));
    if (threshold !== undefined) transactions.push(await mined(client.setAuditThreshold(exchangeId, threshold)));
    const set = await client.auditors(exchangeId);
    // Each auditor's term: what it signs with ('solvent sign attestation --term N').
    const terms = await Promise.all(set.auditors.map((account) => client.auditorTerm(exchangeId, account)));
    const warning =
      set.threshold > BigInt(set.auditors.length)
        ? `\n  warning: the threshold is above the number of auditors; no epoch can become audited`
        : "";
    return {
      json: { exchangeId, ...set, terms, transactions },
      text: `Exchange ${exchangeId} on ${networkName}: ${set.auditors.length} auditor(s), threshold ${set.threshold === 0n ? "not set (no epoch reads as audited)" : set.threshold}${set.auditors.map((a, i) => `\n  ${a} (term ${terms[i]})`).join("")}${warning}`,
    };
  });
}
