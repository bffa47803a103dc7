/**
 * Well-known public RPC endpoints per chain, run by neither Solvent nor any exchange: the page cross-checks
 * the answers of an endpoint the link chose against one of these. Built into the page on purpose: the link
 * (which the exchange writes) can never add to or change this list.
 */
const PUBLIC_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  "1": ["https://ethereum-rpc.publicnode.com", "https://eth.llamarpc.com", "https://cloudflare-eth.com"],
  "11155111": ["https://ethereum-sepolia-rpc.publicnode.com", "https://sepolia.drpc.org"],
  "8453": ["https://base-rpc.publicnode.com", "https://mainnet.base.org"],
  "42161": ["https://arbitrum-one-rpc.publicnode.com", "https://arb1.arbitrum.io/rpc"],
  "10": ["https://optimism-rpc.publicnode.com", "https://mainnet.optimism.io"],
  "137": ["https://polygon-bor-rpc.publicnode.com", "https://polygon-rpc.com"],
};

/** The site a host belongs to (its last two labels): one operator's hosts are not independent of each other. */
function siteOf(url: string): string {
  return new URL(url).hostname.split(".").slice(-2).join(".");
}

/** The public endpoints of a chain that are independent of `linkRpc` (none on the same site), best first. */
export function independentEndpoints(chainId: bigint, linkRpc: string): string[] {
  const linkSite = siteOf(linkRpc);
  return (PUBLIC_ENDPOINTS[chainId.toString()] ?? []).filter((url) => siteOf(url) !== linkSite);
}
