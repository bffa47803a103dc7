import { hexlify, isAddress, isHexString, toUtf8Bytes } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError } from "../src/errors.js";
import { mined } from "../src/chain/contract-client.js";
import { readWalletSignature } from "../src/ops/wallets.js";
import { parseWholeNumber } from "../src/command/options.js";
import { connectRegistry, runAndReport } from "./connection.js";

interface Args {
  allowHttp: boolean;
  exchange: string;
  signature: string;
  remove: string;
  chain: string;
  address: string;
  asset: string;
  message: string;
  proof: string;
  removeForeign: boolean;
  leave: boolean;
  registry: string;
  json: boolean;
}

/**
 * `npx hardhat solvent wallet`: adds a reserve wallet on this chain with its own signature file, removes one, or
 * records (or removes) a wallet on another chain with the message it signed (admin only); or, with --leave,
 * sent by a reserve wallet itself, withdraws its consent.
 */
export default async function wallet(args: Args, hre: HardhatRuntimeEnvironment) {
  if (args.leave) return await leave(args, hre);
  await runAndReport(args.json, async () => {
    const exchangeId = parseWholeNumber(args.exchange, "exchange");
    const modes = [args.signature !== "", args.remove !== "", args.chain !== ""].filter(Boolean).length;
    if (modes !== 1)
      throw new InputError(
        "give one of --signature <file> (add), --remove <address>, or --chain <name> --address <wallet> … (another chain); see --help",
      );
    const { companion, chainId, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const wallets = await companion("reserveWallets");
    let action: string;
    let transaction: string;
    if (args.signature !== "") {
      const { wallet, signature } = await readWalletSignature(args.signature, { wallets, chainId, exchangeId });
      transaction = await mined(wallets.addWallet(exchangeId, wallet, signature));
      action = `added reserve wallet ${wallet}`;
    } else if (args.remove !== "") {
      if (!isAddress(args.remove)) throw new InputError(`--remove ${JSON.stringify(args.remove)} is not an address`);
      transaction = await mined(wallets.removeWallet(exchangeId, args.remove));
      action = `removed reserve wallet ${args.remove}`;
    } else if (args.removeForeign) {
      transaction = await mined(wallets.removeForeignWallet(exchangeId, args.chain, args.address));
      action = `removed ${args.chain} wallet ${args.address}`;
    } else {
      for (const [name, value] of [
        ["address", args.address],
        ["asset", args.asset],
        ["message", args.message],
        ["proof", args.proof],
      ] as const) {
        if (value === "") throw new InputError(`--${name} is required with --chain; see --help`);
      }
      const signature = isHexString(args.proof) ? args.proof : hexlify(toUtf8Bytes(args.proof));
      transaction = await mined(
        wallets.addForeignWallet(exchangeId, {
          asset: args.asset,
          chain: args.chain,
          wallet: args.address,
          message: args.message,
          signature,
        }),
      );
      action = `recorded ${args.chain} wallet ${args.address} (${args.asset}) for off-chain checking`;
    }
    const onChain = await wallets.wallets(exchangeId);
    const foreign = await wallets.foreignWallets(exchangeId);
    return {
      json: { exchangeId, transaction, wallets: onChain, foreignWallets: foreign },
      text: [
        `Exchange ${exchangeId} on ${networkName}: ${action} (transaction ${transaction})`,
        `  wallets on this chain: ${onChain.length === 0 ? "none" : onChain.join(", ")}`,
        ...foreign.map((f) => `  ${f.chain} ${f.asset}: ${f.wallet}`),
      ].join("\n"),
    };
  });
}

/** The network's account, a reserve wallet, stops backing its exchange: the wallet's own call, no admin. */
async function leave(args: Args, hre: HardhatRuntimeEnvironment) {
  await runAndReport(args.json, async () => {
    if (args.signature !== "" || args.remove !== "" || args.chain !== "" || args.exchange !== "")
      throw new InputError("--leave takes no other option: the wallet leaves whichever exchange it backs");
    const { companion, signer, networkName } = await connectRegistry(hre, args.registry, args.allowHttp);
    const wallets = await companion("reserveWallets");
    const wallet = await signer.getAddress();
    const exchangeId = await wallets.exchangeOf(wallet);
    if (exchangeId === 0n)
      throw new InputError(`${wallet} backs no exchange on ${networkName}: there is nothing to leave`);
    const transaction = await mined(wallets.leave());
    return {
      json: { exchangeId, wallet, transaction },
      text: `${wallet} no longer backs exchange ${exchangeId} on ${networkName} (transaction ${transaction})`,
    };
  });
}
