import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

/** `npx hardhat solvent <deploy|register|post|status> --network NAME`: the on-chain operator commands. */
export const solventTasks = [
  emptyTask("solvent", "Solvent on-chain operations: deploy, register, post, status").build(),

  task(["solvent", "deploy"], "Deploy the AttestationRegistry and record it in deployments/<network>.json")
    .addFlag({ name: "force", description: "Deploy again even if this network has a recorded registry" })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./deploy.js"))
    .build(),

  task(["solvent", "register"], "Register an exchange and print its id")
    .addOption({ name: "name", description: "Exchange display name", defaultValue: "" })
    .addOption({ name: "assets", description: "Assets as SYMBOL:DECIMALS,… e.g. BTC:8,ETH:18", defaultValue: "" })
    .addOption({ name: "registry", description: "Registry address (default: deployments/<network>.json)", defaultValue: "" })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./register.js"))
    .build(),

  task(["solvent", "post"], "Post a built tree as the exchange's next epoch (safe to retry)")
    .addOption({ name: "tree", description: "Folder written by 'solvent build'", defaultValue: "" })
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({ name: "reserves", description: "Claimed reserves in display units, e.g. BTC=1.5,ETH=20", defaultValue: "" })
    .addOption({ name: "uri", description: "Where more about this epoch is published", defaultValue: "" })
    .addOption({ name: "registry", description: "Registry address (default: deployments/<network>.json)", defaultValue: "" })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./post.js"))
    .build(),

  task(["solvent", "status"], "Show an exchange's latest attestation: age, reserves and liabilities")
    .addOption({ name: "exchange", description: "Exchange id", defaultValue: "" })
    .addOption({ name: "registry", description: "Registry address (default: deployments/<network>.json)", defaultValue: "" })
    .addOption({ name: "maxAge", description: "Seconds after which the snapshot counts as stale", type: ArgumentType.INT, defaultValue: 86_400 })
    .addFlag({ name: "json", description: "Print only a JSON result" })
    .setAction(() => import("./status.js"))
    .build(),
];
