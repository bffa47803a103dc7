import { stat } from "node:fs/promises";
import { isAddress } from "ethers";
import { InputError } from "../../errors.js";
import { formatAmount } from "../../io/decimal.js";
import { readProofFile } from "../../io/proof-file.js";
import { formatAge, formatRatio } from "../../ops/solvency.js";
import { endSentence, registryErrorInWords, verdictOf, type Verdict } from "../../ops/verdict.js";
import type { VerifyReport } from "../../ops/verify-proof.js";
import { verifyProofReport } from "../../ops/verify-proof-rpc.js";
import type { InclusionProof } from "../../tree/proof.js";
import { parseCommand } from "../args.js";
import { bigintOption } from "../../command/options.js";
import type { Command } from "../command.js";
import { EXIT, toJson } from "../../command/output.js";

export const verifyCommand: Command = {
  summary: "check a proof file off-chain and, with --rpc, against the registry",
  help: `Usage: solvent verify <proof.json> [--rpc URL] [--registry ADDRESS] [--exchange ID] [--epoch N]
                      [--deployments DIR] [--allow-http] [--json]

Checks that the proof recomputes its root and totals and that its account key belongs to its account id and
salt. With --rpc it also asks the registry contract (verifyInclusion's checks, as an eth_call that the exchange
never sees) and shows the exchange's on-chain name and admin, the snapshot time, and per asset what is owed
against the reserves claimed.

Which registry and exchange: yours to choose, not the proof file's (the exchange wrote it).
  registry   --registry, else the recorded deployment for the RPC's chain id (the deployments that ship
             with Solvent, then a --deployments folder you name, with a warning), else the proof file:
             then it is NOT VERIFIED (exit 4), whatever that registry says. A ./deployments folder where
             you run the command is never read by itself. A file that names another registry than the
             one chosen is refused: RegistryMismatch (exit 4).
  exchange   --exchange, else the proof file, with a warning. A file for another exchange: ExchangeMismatch
             (exit 4).
  assets     the file's asset labels and decimals must be the epoch's on-chain list: AssetListMismatch.
Compare the printed name, admin and snapshot time ("balances as of") with what you know of your account.

Options:
  --rpc URL           JSON-RPC endpoint of the chain the exchange posts to
  --registry ADDRESS  the registry contract you trust
  --exchange ID       your exchange's id on that registry
  --epoch N           epoch to check against (default: the latest; a proof file for an older epoch is
                      refused with NotLatestEpoch unless you ask for that epoch with --epoch)
  --deployments DIR   also trust the deployment records in DIR (default: $SOLVENT_DEPLOYMENTS_DIR when set
                      and not empty, else none besides those that ship with Solvent)
  --allow-http        accept plain http to another machine (test networks only: anyone on the way could
                      forge the answers); without it the RPC must be https, or http on this machine
  --json              machine-readable report only: "included", "verdict", "trustedRegistry", and where the
                      registry, exchange and epoch came from (registrySource, exchangeSource, epochSource)

A proof file must carry the account id and salt (they show the leaf is yours): without them, exit 1.

Exit codes: 0 included (without --rpc: valid off-chain only, which is not inclusion), 1 not included or
invalid (the reason is printed), 2 bad input, 3 the RPC endpoint did not answer (or a bug), 4 not verified: the registry came
from the proof file alone, or the file names another registry or exchange than the one chosen
(RegistryMismatch, ExchangeMismatch). Warnings (lines starting with !) never change the exit code: read them.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      rpc: { type: "string" },
      registry: { type: "string" },
      exchange: { type: "string" },
      epoch: { type: "string" },
      deployments: { type: "string" },
      "allow-http": { type: "boolean" },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new InputError("give exactly one proof file; see --help");
    if (
      values.rpc === undefined &&
      (values.registry ?? values.exchange ?? values.epoch ?? values.deployments) !== undefined
    ) {
      throw new InputError("--registry, --exchange, --epoch and --deployments need --rpc");
    }
    if (values.registry !== undefined && !isAddress(values.registry))
      throw new InputError(`--registry ${JSON.stringify(values.registry)} is not an address`);
    if (values.deployments !== undefined && !(await stat(values.deployments).catch(() => undefined))?.isDirectory())
      throw new InputError(`--deployments ${JSON.stringify(values.deployments)} is not a folder`);
    const proof = await readProofFile(file);
    const exchangeId = bigintOption(values.exchange, "exchange");
    const epoch = bigintOption(values.epoch, "epoch");
    const report = await verifyProofReport(
      proof,
      values.rpc === undefined
        ? undefined
        : {
            rpc: values.rpc,
            ...(values.registry ? { registry: values.registry } : {}),
            ...(exchangeId !== undefined ? { exchangeId } : {}),
            ...(epoch !== undefined ? { epoch } : {}),
          },
      {
        ...(values.deployments !== undefined ? { deployments: values.deployments } : {}),
        allowHttp: values["allow-http"] === true,
      },
    );
    const included = report.checkedOnChain && report.valid;
    const verdict = verdictOf(report, proof.leaf.accountId);
    io.stdout(
      values.json
        ? toJson({ ok: true, included, verdict: verdict.kind, ...report, account: accountOf(proof, report) })
        : describe(report, proof),
    );
    return EXIT_OF_VERDICT[verdict.kind];
  },
};

/** One exit code per verdict, as the verifier page shows one verdict. */
const EXIT_OF_VERDICT: Record<Verdict["kind"], number> = {
  included: EXIT.ok,
  "off-chain-only": EXIT.ok,
  "not-included": EXIT.invalid,
  "not-verified": EXIT.notVerified,
  // The page's verdicts for answers that rest on the link's endpoint; the CLI's endpoint is always the customer's.
  "exchange-endpoint": EXIT.notVerified,
  "endpoints-disagree": EXIT.notVerified,
};

/** The account as the report shows it: with the epoch's on-chain asset labels once the chain was asked. */
function accountOf(proof: InclusionProof, report: VerifyReport) {
  const onChainAssets = report.onChain?.error === "AssetListMismatch" ? undefined : report.onChain?.attestation.assets;
  return {
    accountId: proof.leaf.accountId,
    accountKey: proof.leaf.accountKey,
    index: proof.leaf.index,
    assets: onChainAssets?.map((a) => a.symbol) ?? proof.assets,
    decimals: onChainAssets?.map((a) => a.decimals) ?? proof.decimals,
    balances: proof.leaf.balances,
  };
}

function amounts(
  values: readonly bigint[],
  assets: readonly string[],
  decimals: readonly number[] | undefined,
): string {
  return assets
    .map(
      (symbol, a) =>
        `${decimals?.[a] === undefined ? `${values[a]} base units` : formatAmount(values[a]!, decimals[a]!)} ${symbol}`,
    )
    .join(", ");
}

function date(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

const SOURCES: Record<string, string> = {
  option: "your --registry",
  deployment: "the recorded deployment for this chain",
  "proof-file": "the proof file only",
};

function describe(report: VerifyReport, proof: InclusionProof): string {
  const who = proof.leaf.accountId !== undefined ? JSON.stringify(proof.leaf.accountId) : proof.leaf.accountKey;
  const lines: string[] = [];
  const { offChain, onChain, refused } = report;
  if (!offChain.valid) lines.push(`✘ NOT VALID: ${offChain.reason} (${offChain.check})`);
  if (refused !== undefined) {
    lines.push(`✘ NOT VERIFIED (${refused.reason}): ${endSentence(refused.message)}`);
  } else if (onChain === undefined) {
    if (offChain.valid) lines.push(`✔ Valid off-chain: ${who} is in the tree with root ${proof.root}.`);
    lines.push(
      "  This alone is not inclusion: pass --rpc URL to check that this root is the one the exchange posted on-chain.",
    );
  }
  if (!report.bound) {
    lines.unshift(
      "✘ NOT SHOWN TO BE YOURS: the file has no accountId and salt, so nothing shows this leaf is your account (the exchange could show one leaf to two customers). Ask the exchange for your full proof file.",
    );
  }
  if (onChain === undefined) {
    lines.push(`  balances  ${amounts(proof.leaf.balances, proof.assets, proof.decimals)} (as the file labels them)`);
    if (refused === undefined) lines.push(`  totals    ${amounts(proof.totals, proof.assets, proof.decimals)}`);
    return lines.join("\n") + "\n";
  }
  const { attestation, exchange, audit } = onChain;
  const where = `epoch ${onChain.epoch} of exchange ${onChain.exchangeId} ${JSON.stringify(exchange.name)}`;
  const ownReasons = ["AssetListMismatch", "NotLatestEpoch"];
  const headline = report.valid
    ? `✔ Included: ${who} is in ${where}.`
    : !report.trustedRegistry && onChain.valid
      ? `✘ NOT VERIFIED: only the registry the proof file names was asked, and the exchange chose it (${who} is in ${where} there). Check the registry address below against one you trust and pass it with --registry.`
      : onChain.error !== undefined && ownReasons.includes(onChain.error)
        ? `✘ NOT INCLUDED in ${where}: ${onChain.error}: ${onChain.errorArgs?.[0]}.`
        : onChain.error !== undefined
          ? `✘ NOT INCLUDED in ${where}: ${registryErrorInWords(onChain.error, onChain.errorArgs)} (the registry says ${onChain.error}(${(onChain.errorArgs ?? []).join(", ")}))`
          : `✘ NOT INCLUDED in ${where}: the proof is invalid off-chain.`;
  if (report.bound) lines.unshift(headline);
  else lines.push(`  on-chain  ${headline}`);
  const onChainAssets = onChain.error === "AssetListMismatch" ? undefined : attestation.assets;
  lines.push(
    onChainAssets
      ? `  balances  ${amounts(
          proof.leaf.balances,
          onChainAssets.map((a) => a.symbol),
          onChainAssets.map((a) => a.decimals),
        )}`
      : `  balances  ${amounts(proof.leaf.balances, proof.assets, proof.decimals)} (as the file labels them; not the epoch's assets)`,
  );
  lines.push(
    `  as of     ${date(attestation.asOf)}: your balances at that time (${formatAge(onChain.ageSeconds)} ago); compare them with your account then`,
  );
  lines.push(`  exchange  ${onChain.exchangeId} ${JSON.stringify(exchange.name)}, admin ${exchange.admin}`);
  lines.push(
    `  registry  ${onChain.registry} on chain ${onChain.chainId}, from ${SOURCES[onChain.registrySource]}${onChain.registryFile ? ` (${onChain.registryFile})` : ""}`,
  );
  lines.push(
    `  epoch     ${onChain.epoch}${onChain.latest ? " (the latest)" : ` (latest is ${exchange.latestEpoch})`}, ${attestation.status === "Revoked" ? "REVOKED by the exchange" : "active"}, ${
      audit.threshold === 0n
        ? "no auditors set up"
        : `${audit.audited ? "audited" : "not audited"} (${audit.signers.length} of ${audit.threshold} needed; ${audit.auditorCount} auditors)`
    }`,
  );
  for (const s of onChain.solvency) {
    lines.push(
      `  ${s.symbol.padEnd(9)} owed ${formatAmount(s.liabilities, s.decimals)}, reserves claimed ${formatAmount(s.reserves, s.decimals)} (${formatRatio(s.ratioBps)})`,
    );
  }
  for (const warning of onChain.warnings) lines.push(`  ! ${warning}`);
  return lines.join("\n") + "\n";
}
