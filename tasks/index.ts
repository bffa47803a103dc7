import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import { STALE_AFTER_SECONDS } from "../src/ops/freshness.js";

/** `npx hardhat solvent <deploy|register|post|status> --network NAME`: the on-chain operator commands. */
export const solventTasks = [
  emptyTask(
    "solvent",
    "Solvent on-chain operations: deploy, register, post, status, auditor, countersign, wallet, asset-token, solvency, feed",
  ).build(),

  task(
    ["solvent", "deploy"],
    "Deploy the registry, ReserveWallets, SolvencyLens and the feed factory; record them in deployments/<network>.json",
  )
    .addFlag({ name: "force", description: "Deploy again even if this network has a recorded registry" })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./deploy.js"))
    .build(),

  task(["solvent", "register"], "Register an exchange and print its id")
    .addOption({ name: "name", description: "Exchange display name", defaultValue: "" })
    .addOption({ name: "assets", description: "Assets as SYMBOL:DECIMALS,… e.g. BTC:8,ETH:18", defaultValue: "" })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./register.js"))
    .build(),

  task(["solvent", "post"], "Post a built tree as the exchange's next epoch (safe to retry)")
    .addOption({ name: "tree", description: "Folder written by 'solvent build'", defaultValue: "" })
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({
      name: "reserves",
      description: "Claimed reserves in display units, e.g. BTC=1.5,ETH=20",
      defaultValue: "",
    })
    .addOption({ name: "uri", description: "Where more about this epoch is published", defaultValue: "" })
    .addOption({
      name: "signatures",
      description: "Auditors' signature files for this epoch (from 'solvent sign attestation'), comma-separated",
      defaultValue: "",
    })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./post.js"))
    .build(),

  task(
    ["solvent", "status"],
    "Show an exchange's latest attestation: fresh, stale or revoked, reserves and liabilities",
  )
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addOption({
      name: "maxAge",
      description: "Seconds after which the snapshot counts as stale (default: 35 days, as verify and the page)",
      type: ArgumentType.INT,
      defaultValue: Number(STALE_AFTER_SECONDS),
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./status.js"))
    .build(),

  task(["solvent", "auditor"], "Add or remove auditors and set how many must sign an epoch (admin)")
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({
      name: "add",
      description: "Auditor addresses to add (EOA or ERC-1271 contract), comma-separated",
      defaultValue: "",
    })
    .addOption({ name: "remove", description: "Auditor addresses to remove, comma-separated", defaultValue: "" })
    .addOption({
      name: "threshold",
      description: "Distinct current auditors needed for an epoch to read as audited",
      defaultValue: "",
    })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./auditor.js"))
    .build(),

  task(["solvent", "countersign"], "Submit auditors' signature files for a posted epoch (anyone may)")
    .addOption({
      name: "signatures",
      description: "Files written by 'solvent sign attestation', comma-separated",
      defaultValue: "",
    })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./countersign.js"))
    .build(),

  task(
    ["solvent", "wallet"],
    "Add a reserve wallet with its signature file, remove one, or record a wallet on another chain (admin)",
  )
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({
      name: "signature",
      description: "Add the wallet that signed this file ('solvent sign wallet')",
      defaultValue: "",
    })
    .addOption({ name: "remove", description: "Remove this wallet address", defaultValue: "" })
    .addOption({
      name: "chain",
      description: "Another chain's name, e.g. bitcoin (records a wallet there)",
      defaultValue: "",
    })
    .addOption({
      name: "address",
      description: "With --chain: the wallet address as that chain writes it",
      defaultValue: "",
    })
    .addOption({ name: "asset", description: "With --chain: the asset symbol it holds", defaultValue: "" })
    .addOption({ name: "message", description: "With --chain: the message the wallet signed", defaultValue: "" })
    .addOption({
      name: "proof",
      description: "With --chain: the wallet's signature of the message (as that chain prints it)",
      defaultValue: "",
    })
    .addFlag({ name: "removeForeign", description: "With --chain and --address: remove that wallet" })
    .addFlag({
      name: "leave",
      description: "Sent by the wallet itself (the network's account): stop backing its exchange (not admin)",
    })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./wallet.js"))
    .build(),

  task(
    ["solvent", "asset-token"],
    "Map asset symbols to tokens on this chain so reserves are read from the wallets (admin)",
  )
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({
      name: "map",
      description: "SYMBOL=0xTOKEN, SYMBOL=native or SYMBOL=none, comma-separated",
      defaultValue: "",
    })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./asset-token.js"))
    .build(),

  task(
    ["solvent", "solvency"],
    "Show solvency in one call: liabilities, claimed and on-chain reserves, ratios, age, audit, revocation",
  )
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({ name: "epoch", description: "Epoch (default: the newest)", defaultValue: "" })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./solvency.js"))
    .build(),

  task(["solvent", "feed"], "Deploy (or find) the Chainlink-compatible feed of an exchange's asset")
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({ name: "asset", description: "Asset symbol, e.g. BTC", defaultValue: "" })
    .addOption({ name: "metric", description: "reserves, liabilities or ratio", defaultValue: "reserves" })
    .addOption({
      name: "registry",
      description: "Registry address (default: deployments/<network>.json)",
      defaultValue: "",
    })
    .addFlag({
      name: "allowHttp",
      description: "Accept a plain http network URL to another machine (test networks only)",
    })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./feed.js"))
    .build(),
];
