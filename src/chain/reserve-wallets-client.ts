import type { ContractRunner, ContractTransactionResponse } from "ethers";
import { decodeOnChainText } from "./on-chain-text.js";
import { bytes32ToSymbol, symbolToBytes32 } from "../spec/assets.js";
import { RESERVE_WALLETS_ABI } from "./abis.js";
import { ContractClient } from "./contract-client.js";

/** The address ReserveWallets uses for this chain's native coin. */
export const NATIVE_COIN = "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE";

/** A reserve wallet on another chain, recorded for off-chain checking. */
export interface ForeignWallet {
  asset: string;
  chain: string;
  wallet: string;
  message: string;
  /** The signature in that chain's format, as bytes (0x…). */
  signature: string;
}

/** A typed client of ReserveWallets. */
export class ReserveWalletsClient extends ContractClient<typeof RESERVE_WALLETS_ABI> {
  constructor(address: string, runner: ContractRunner) {
    super(address, RESERVE_WALLETS_ABI, runner, "ReserveWallets");
  }

  /** The registry these wallets belong to (set at deployment). */
  async registry(): Promise<string> {
    return await this.call("registry", []);
  }

  async addWallet(exchangeId: bigint, wallet: string, signature: string): Promise<ContractTransactionResponse> {
    return this.send("addWallet", [exchangeId, wallet, signature]);
  }

  async removeWallet(exchangeId: bigint, wallet: string): Promise<ContractTransactionResponse> {
    return this.send("removeWallet", [exchangeId, wallet]);
  }

  /** Sent by the wallet itself (an EOA, or a smart wallet's call): it stops backing its exchange. */
  async leave(): Promise<ContractTransactionResponse> {
    return this.send("leave", []);
  }

  /** Anyone relays the wallet's signed withdrawal (see reserveWalletLeaveDigest): it stops backing its exchange. */
  async leaveWithSignature(wallet: string, signature: string): Promise<ContractTransactionResponse> {
    return this.send("leaveWithSignature", [wallet, signature]);
  }

  async addForeignWallet(exchangeId: bigint, foreign: ForeignWallet): Promise<ContractTransactionResponse> {
    return this.send("addForeignWallet", [exchangeId, { ...foreign, asset: symbolToBytes32(foreign.asset) }]);
  }

  async removeForeignWallet(exchangeId: bigint, chain: string, wallet: string): Promise<ContractTransactionResponse> {
    return this.send("removeForeignWallet", [exchangeId, chain, wallet]);
  }

  /** Maps an asset to a token on this chain: an ERC-20 address, NATIVE_COIN, or the zero address to stop. */
  async setAssetToken(exchangeId: bigint, symbol: string, token: string): Promise<ContractTransactionResponse> {
    return this.send("setAssetToken", [exchangeId, symbolToBytes32(symbol), token]);
  }

  async nonce(wallet: string): Promise<bigint> {
    return await this.call("nonces", [wallet]);
  }

  /** The exchange the wallet backs, 0n for none. */
  async exchangeOf(wallet: string): Promise<bigint> {
    return await this.call("walletExchange", [wallet]);
  }

  async wallets(exchangeId: bigint): Promise<string[]> {
    return [...(await this.call("wallets", [exchangeId]))];
  }

  async foreignWallets(exchangeId: bigint): Promise<ForeignWallet[]> {
    // The exchange wrote these strings: read as bytes, so one that is not UTF-8 cannot make the list throw.
    const raw = await this.callReadingText("foreignWallets", [exchangeId]);
    return raw.map((w) => ({
      asset: bytes32ToSymbol(w.asset),
      chain: decodeOnChainText(w.chain).text,
      wallet: decodeOnChainText(w.wallet).text,
      message: decodeOnChainText(w.message).text,
      signature: w.signature,
    }));
  }

  async assetToken(exchangeId: bigint, symbol: string): Promise<{ token: string; decimals: number }> {
    const [token, decimals] = await this.call("assetToken", [exchangeId, symbolToBytes32(symbol)]);
    return { token, decimals: Number(decimals) };
  }
}
