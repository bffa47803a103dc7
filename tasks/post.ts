import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError } from "../src/errors.js";
import { formatAmount } from "../src/io/decimal.js";
import { readTreeSummary } from "../src/store/tree-folder.js";
import { parseReserves, postTree } from "../src/ops/post-tree.js";
import { parseWholeNumber, splitList } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  tree: string;
  exchange: string;
  reserves: string;
  uri: string;
  signatures: string;
  registry: string;
  json: boolean;
}

export default async function post(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    if (args.tree === "") throw new InputError("--tree <dir> is required (a folder written by 'solvent build')");
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const summary = await readTreeSummary(args.tree);
    const reserves = parseReserves(args.reserves, summary.assets);
    const { client, ethers, chainId, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const result = await postTree({
      client,
      provider: ethers.provider,
      chainId,
      treeFolder: args.tree,
      summary,
      exchangeId,
      reserves,
      signatureFiles: splitList(args.signatures),
      ...(args.uri ? { uri: args.uri } : {}),
    });
    const lines = result.alreadyPosted
      ? [
          `This tree is already posted as epoch ${result.epoch} of exchange ${exchangeId} on ${networkName}; nothing sent.`,
        ]
      : [
          `Posted epoch ${result.epoch} of exchange ${exchangeId} on ${networkName} (transaction ${result.transactionHash})`,
          `  root ${summary.root}, ${summary.leafCount} accounts, snapshot ${new Date(Number(summary.asOf) * 1000).toISOString()}`,
          ...summary.assets.map(
            (a, i) =>
              `  ${a.symbol.padEnd(6)} liabilities ${formatAmount(summary.totals[i]!, a.decimals)}, reserves ${formatAmount(reserves[i]!, a.decimals)}`,
          ),
          ...(args.signatures !== ""
            ? [
                `  with ${splitList(args.signatures).length} auditor signature(s); audited: ${(await client.audit(exchangeId, result.epoch)).audited ? "yes" : "not yet (threshold not reached)"}`,
              ]
            : []),
        ];
    // Posted either way: the exchange's claim stands, but its operator should read it before customers do.
    lines.push(
      ...result.shortfalls.map(
        (s) =>
          `Warning: the reserves claimed for ${s.symbol} (${formatAmount(s.reserves, s.decimals)}) are below what customers are owed (${formatAmount(s.liabilities, s.decimals)}): the epoch shows the exchange short of ${formatAmount(s.liabilities - s.reserves, s.decimals)} ${s.symbol}, and every verifier will say so.`,
      ),
    );
    return {
      json: {
        exchangeId,
        epoch: result.epoch,
        alreadyPosted: result.alreadyPosted,
        transaction: result.transactionHash,
        root: summary.root,
        leafCount: summary.leafCount,
        asOf: summary.asOf,
        liabilities: summary.totals,
        reserves,
        shortfalls: result.shortfalls.map((s) => ({
          symbol: s.symbol,
          liabilities: s.liabilities,
          reserves: s.reserves,
        })),
      },
      text: lines.join("\n"),
    };
  });
}
