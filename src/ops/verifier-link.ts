import { getAddress, isAddress } from "ethers";
import { InputError } from "../errors.js";
import { endpointProblem } from "./rpc-endpoint.js";

/** What the exchange publishes so that its customers' page checks against the right registry and exchange. */
export interface VerifierLinkParts {
  /** Where the exchange hosts dist/verifier.html (https://…, ipfs://…, or a relative path). */
  page: string;
  registry: string;
  exchangeId: bigint;
  chainId: bigint;
  /** A public RPC endpoint of the chain; customers may replace it with their own. */
  rpc?: string;
  /** The SolvencyLens of the same deployment, for reserves read on-chain. */
  lens?: string;
}

/** The link to the verifier page with the query parameters it reads: rpc, registry, exchange, chain, lens. */
export function verifierLink(parts: VerifierLinkParts): string {
  for (const [name, address] of [
    ["registry", parts.registry],
    ["lens", parts.lens],
  ] as const) {
    if (address !== undefined && !isAddress(address))
      throw new InputError(`the ${name} address ${JSON.stringify(address)} is not an address`);
  }
  const rpcProblem = parts.rpc === undefined ? undefined : endpointProblem(parts.rpc);
  if (rpcProblem !== undefined) throw new InputError(`the RPC endpoint ${rpcProblem}: the page would refuse it`);
  const query = new URLSearchParams();
  if (parts.rpc !== undefined) query.set("rpc", parts.rpc);
  query.set("registry", getAddress(parts.registry));
  query.set("exchange", parts.exchangeId.toString());
  query.set("chain", parts.chainId.toString());
  if (parts.lens !== undefined) query.set("lens", getAddress(parts.lens));
  // The query goes before any #fragment of the page's address.
  const hash = parts.page.indexOf("#");
  const [page, fragment] = hash === -1 ? [parts.page, ""] : [parts.page.slice(0, hash), parts.page.slice(hash)];
  return `${page}${page.includes("?") ? "&" : "?"}${query.toString()}${fragment}`;
}
