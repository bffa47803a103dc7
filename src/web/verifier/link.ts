import { getAddress, isAddress } from "ethers";
import { endpointProblem } from "../../ops/rpc-endpoint.js";

/** Where to check, as the page's link gives it (`?rpc=…&registry=…&exchange=…&chain=…&lens=…`). */
export interface LinkSettings {
  rpc?: string;
  registry?: string;
  exchange?: string;
  chain?: string;
  lens?: string;
  /** Parameters that are present but unusable, in words. */
  problems: string[];
}

/** Reads the link's query parameters; a bad value is reported, not used. */
export function readLink(search: string): LinkSettings {
  const query = new URLSearchParams(search);
  const settings: LinkSettings = { problems: [] };
  const rpc = query.get("rpc");
  if (rpc !== null) {
    // A URL parser drops spaces and line breaks; the link must not rely on that to look like another endpoint.
    const problem = Array.from(rpc).some((char) => /\s/.test(char) || char.charCodeAt(0) < 0x20 || char === "\x7f")
      ? `${JSON.stringify(rpc)} has spaces or control characters`
      : endpointProblem(rpc);
    if (problem === undefined) settings.rpc = rpc;
    else settings.problems.push(`the link's rpc ${problem}`);
  }
  for (const name of ["registry", "lens"] as const) {
    const value = query.get(name);
    if (value === null) continue;
    if (isAddress(value)) settings[name] = getAddress(value);
    else settings.problems.push(`the link's ${name} ${JSON.stringify(value)} is not an address`);
  }
  for (const name of ["exchange", "chain"] as const) {
    const value = query.get(name);
    if (value === null) continue;
    if (/^[1-9][0-9]{0,30}$/.test(value)) settings[name] = value;
    else settings.problems.push(`the link's ${name} ${JSON.stringify(value)} is not a whole number`);
  }
  return settings;
}
