import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RpcProxyOptions {
  /** Where to listen: 127.0.0.1 by default; 127.0.0.2 is a host the endpoint rule counts as remote. */
  host?: string;
  /** Methods answered with a JSON-RPC error, as endpoints that refuse them do (e.g. eth_getLogs). */
  refuse?: readonly string[];
  /** eth_getLogs over more blocks than this is refused, as public endpoints limit their ranges. */
  maxLogBlocks?: number;
  /** Byte rewrites applied to every answer's hex data: [from, to], both hex without 0x and of equal length. */
  rewrite?: readonly (readonly [string, string])[];
  /** Changes one call's result (the node's, as parsed JSON) before it is sent: a lie about one answer. */
  answer?: (method: string, params: readonly unknown[], result: unknown) => unknown;
}

/**
 * A JSON-RPC endpoint in front of a real node that changes its answers: the chain state a hostile registry
 * would have (e.g. an exchange name that is not UTF-8) without a contract that could be fixed to refuse it.
 */
export async function startRpcProxy(target: string, options: RpcProxyOptions = {}) {
  /** How many requests of each method were answered or refused. */
  const counts = new Map<string, number>();
  const tooWide = (call: RpcCall) => {
    if (call.method !== "eth_getLogs" || options.maxLogBlocks === undefined) return false;
    const [filter] = call.params as [{ fromBlock: string; toBlock: string }];
    return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1 > options.maxLogBlocks;
  };
  const server = createServer((request, response) => {
    // As a node does, for pages (the verifier page asks from a file:// origin).
    response.setHeader("access-control-allow-origin", "*");
    response.setHeader("access-control-allow-headers", "content-type");
    if (request.method === "OPTIONS") {
      response.writeHead(204);
      response.end();
      return;
    }
    void (async () => {
      const body = await readBody(request);
      const parsed = JSON.parse(body) as RpcCall | RpcCall[];
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      for (const call of calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
      const refused = calls.find((call) => options.refuse?.includes(call.method) || tooWide(call));
      let text: string;
      if (refused !== undefined) {
        text = JSON.stringify({
          jsonrpc: "2.0",
          id: refused.id,
          error: { code: -32601, message: `${refused.method} is not available on this endpoint` },
        });
      } else {
        const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
        text = rewriteHex(await answer.text(), options.rewrite ?? []);
        if (options.answer !== undefined) {
          const lie = options.answer;
          const answered = JSON.parse(text) as { id: unknown; result?: unknown } | { id: unknown; result?: unknown }[];
          const changed = (one: { id: unknown; result?: unknown }) => {
            const call = calls.find((c) => c.id === one.id);
            return call === undefined || !("result" in one)
              ? one
              : { ...one, result: lie(call.method, call.params ?? [], one.result) };
          };
          text = JSON.stringify(Array.isArray(answered) ? answered.map(changed) : changed(answered));
        }
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface RpcCall {
  id: unknown;
  method: string;
  params?: unknown[];
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

/** Rewrites byte sequences inside every 0x… string of an answer, at byte boundaries only. */
function rewriteHex(text: string, rewrites: readonly (readonly [string, string])[]): string {
  if (rewrites.length === 0) return text;
  return text.replace(/0x[0-9a-fA-F]+/g, (hex) => {
    let digits = hex.slice(2);
    for (const [from, to] of rewrites) {
      for (let at = digits.indexOf(from); at !== -1; at = digits.indexOf(from, at + to.length)) {
        if (at % 2 === 0) digits = digits.slice(0, at) + to + digits.slice(at + from.length);
      }
    }
    return `0x${digits}`;
  });
}
