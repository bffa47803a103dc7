import { InputError } from "../../errors.js";
import { formatAmount } from "../../io/decimal.js";
import { readProofFile } from "../../io/proof-file.js";
import { formatAge, formatRatio } from "../../ops/solvency.js";
import { verifyProofReport, type VerifyReport } from "../../ops/verify-proof.js";
import type { InclusionProof } from "../../tree/proof.js";
import { bigintOption, parseCommand } from "../args.js";
import type { Command } from "../main.js";
import { EXIT, toJson } from "../output.js";

export const verifyCommand: Command = {
  summary: "check a proof file off-chain and, with --rpc, against the registry",
  help: `Usage: solvent verify <proof.json> [--rpc URL] [--registry ADDRESS] [--exchange ID] [--epoch N] [--json]

Checks that the proof recomputes its root and totals and that its account key belongs to its account id and
salt. With --rpc it also asks the registry contract (verifyInclusion's checks, as an eth_call that the exchange
never sees) and shows the exchange's totals, reserves, snapshot age and per-asset solvency.

Options:
  --rpc URL           JSON-RPC endpoint of the chain the exchange posts to
  --registry ADDRESS  registry contract (default: from the proof file, then deployments/ by chain id)
  --exchange ID       exchange id (default: from the proof file)
  --epoch N           epoch to check against (default: from the proof file, then the latest)
  --json              machine-readable report only

Exit codes: 0 included, 1 not included or invalid (the reason is printed), 2 bad input.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      rpc: { type: "string" },
      registry: { type: "string" },
      exchange: { type: "string" },
      epoch: { type: "string" },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new InputError("give exactly one proof file; see --help");
    if (values.rpc === undefined && (values.registry ?? values.exchange ?? values.epoch) !== undefined) {
      throw new InputError("--registry, --exchange and --epoch need --rpc");
    }
    const proof = await readProofFile(file);
    const exchangeId = bigintOption(values.exchange, "exchange");
    const epoch = bigintOption(values.epoch, "epoch");
    const report = await verifyProofReport(
      proof,
      values.rpc === undefined
        ? undefined
        : { rpc: values.rpc, ...(values.registry ? { registry: values.registry } : {}), ...(exchangeId !== undefined ? { exchangeId } : {}), ...(epoch !== undefined ? { epoch } : {}) },
    );
    io.stdout(values.json ? toJson({ ok: true, ...report, account: accountOf(proof) }) : describe(report, proof));
    return report.valid ? EXIT.ok : EXIT.invalid;
  },
};

function accountOf(proof: InclusionProof) {
  return { accountId: proof.leaf.accountId, accountKey: proof.leaf.accountKey, index: proof.leaf.index, assets: proof.assets, balances: proof.leaf.balances };
}

function amount(proof: InclusionProof, units: bigint, a: number): string {
  const decimals = proof.decimals?.[a];
  return decimals === undefined ? `${units} base units` : formatAmount(units, decimals);
}

function describe(report: VerifyReport, proof: InclusionProof): string {
  const who = proof.leaf.accountId !== undefined ? JSON.stringify(proof.leaf.accountId) : proof.leaf.accountKey;
  const lines: string[] = [];
  const { offChain, onChain } = report;
  if (!offChain.valid) {
    lines.push(`✘ NOT VALID: ${offChain.reason} (${offChain.check})`);
  } else if (onChain === undefined) {
    lines.push(`✔ Valid off-chain: ${who} is in the tree with root ${proof.root}.`);
    lines.push("  Pass --rpc URL to check that this root is the one the exchange posted on-chain.");
  }
  if (proof.leaf.accountId === undefined || proof.leaf.salt === undefined) {
    lines.push("  ! The file has no accountId and salt, so it cannot show that this leaf is yours.");
  }
  lines.push(`  balances  ${proof.assets.map((symbol, a) => `${amount(proof, proof.leaf.balances[a]!, a)} ${symbol}`).join(", ")}`);
  if (onChain !== undefined) {
    const { attestation } = onChain;
    lines.unshift(
      onChain.valid && offChain.valid
        ? `✔ Included: ${who} is in epoch ${onChain.epoch} of exchange ${onChain.exchangeId} (registry ${onChain.registry}, chain ${onChain.chainId}).`
        : `✘ NOT INCLUDED in epoch ${onChain.epoch} of exchange ${onChain.exchangeId}: the registry says ${onChain.error ?? "the proof is invalid off-chain"}(${(onChain.errorArgs ?? []).join(", ")}).`,
    );
    lines.push(`  status    ${attestation.status}${attestation.status === "Revoked" ? " — the exchange withdrew this epoch" : ""}`);
    lines.push(`  snapshot  ${new Date(Number(attestation.asOf) * 1000).toISOString()} (${formatAge(onChain.ageSeconds)} ago)`);
    for (const s of onChain.solvency) {
      lines.push(`  ${s.symbol.padEnd(9)} owed ${formatAmount(s.liabilities, s.decimals)}, reserves claimed ${formatAmount(s.reserves, s.decimals)} (${formatRatio(s.ratioBps)})`);
    }
  } else {
    lines.push(`  totals    ${proof.assets.map((symbol, a) => `${amount(proof, proof.totals[a]!, a)} ${symbol}`).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
