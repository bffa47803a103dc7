/**
 * Whether an RPC URL may be used: https anywhere, plain http only on this machine (anyone on the network
 * path could forge plain http answers).
 */
export function endpointProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)) return undefined;
  return `${JSON.stringify(url)} is not an https URL (plain http is allowed only for this machine: anyone on the way could forge its answers)`;
}
