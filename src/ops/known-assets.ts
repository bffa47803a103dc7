/**
 * A short list of well-known assets per chain: the tokens (and native coin) that an exchange's asset symbol
 * may stand for without a remark. Any other token an exchange maps in its ReserveWallets is flagged in words:
 * a token anyone can deploy and mint proves nothing, whatever its symbol.
 */
import { getAddress } from "ethers";

/** The address ReserveWallets uses for a chain's native coin. */
const NATIVE_COIN = "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE";

/** Per chain id: token address → the asset symbols it may be counted as. */
const KNOWN: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "1": {
    [NATIVE_COIN]: ["ETH"],
    "0xdAC17F958D2ee523a2206206994597C13D831ec7": ["USDT"],
    "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48": ["USDC"],
    "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599": ["WBTC", "BTC"],
    "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2": ["WETH", "ETH"],
    "0x6B175474E89094C44Da98b954EedeAC495271d0F": ["DAI"],
  },
  "8453": { [NATIVE_COIN]: ["ETH"], "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913": ["USDC"] },
  "42161": {
    [NATIVE_COIN]: ["ETH"],
    "0xaf88d065e77c8cC2239327C5EDb3A432268e5831": ["USDC"],
    "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9": ["USDT"],
  },
  "10": { [NATIVE_COIN]: ["ETH"], "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85": ["USDC"] },
  "137": {
    [NATIVE_COIN]: ["POL", "MATIC"],
    "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359": ["USDC"],
    "0xc2132D05D31c914a87C6611C10748AEb04B58e8F": ["USDT"],
  },
};

/** Symbols of the chains' native coins, for labelling `NATIVE_COIN` (testnets hold test ETH). */
const NATIVE_SYMBOLS: Readonly<Record<string, string>> = {
  "1": "ETH",
  "11155111": "ETH",
  "8453": "ETH",
  "42161": "ETH",
  "10": "ETH",
  "137": "POL",
  "31337": "ETH",
};

/** Whether `token` is on the list for `chainId` as the asset `symbol`. */
export function knownAsset(chainId: bigint, token: string, symbol: string): boolean {
  const standsFor = KNOWN[chainId.toString()]?.[getAddress(token)];
  return standsFor !== undefined && standsFor.includes(symbol);
}

/** Whether `token` is ReserveWallets' stand-in for the native coin. */
export function isNativeCoin(token: string): boolean {
  return getAddress(token) === NATIVE_COIN;
}

/** The native coin's symbol on a chain, in words when the chain is not listed. */
export function nativeSymbol(chainId: bigint): string {
  return NATIVE_SYMBOLS[chainId.toString()] ?? `the native coin of chain ${chainId}`;
}
