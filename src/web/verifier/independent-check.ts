/**
 * Whose word the page's answers rest on (verdict.ts, `Answers`): the customer's wallet or typed endpoint, or
 * the link's endpoint, which is the exchange's and is therefore cross-checked against a public endpoint of
 * the chain that the link cannot choose (public-endpoints.ts).
 */
import { disagreements } from "../../ops/cross-check.js";
import type { Answers } from "../../ops/verdict.js";
import type { ChainConnection, VerifyReport } from "../../ops/verify-proof.js";
import { connect } from "./connect.js";
import { independentEndpoints } from "./public-endpoints.js";

/** How long one independent endpoint may take to answer everything: a slow one is skipped, not waited for. */
const TIMEOUT_MS = 15_000;

/**
 * The answers' source for a report read through `connection`. `chosenByLink` says whether that endpoint is the
 * link's (the field was not changed); a wallet or an endpoint the customer entered needs no cross-check.
 */
export async function answersFor(
  report: VerifyReport,
  connection: ChainConnection,
  via: "rpc" | "wallet",
  chosenByLink: boolean,
  verifyAgainst: (independent: ChainConnection) => Promise<VerifyReport>,
): Promise<Answers> {
  if (via === "wallet" || !chosenByLink || report.onChain === undefined) return { from: "customer" };
  const onChain = report.onChain;
  const endpoint = new URL(connection.label).host;
  const candidates = independentEndpoints(onChain.chainId, connection.label);
  if (candidates.length === 0) {
    return {
      from: "exchange",
      endpoint,
      why: `this page knows no public endpoint of chain ${onChain.chainId} independent of the link's to check it against`,
    };
  }
  const tried: string[] = [];
  for (const url of candidates) {
    const independent = new URL(url).host;
    let other: ChainConnection | undefined;
    let abandoned = false;
    try {
      const outcome = await withTimeout(
        (async () => {
          other = await connect("rpc", url);
          // A connection that arrives after the timeout is closed at once, not left open.
          if (abandoned) {
            other.provider.destroy();
            throw new Error("answered too late");
          }
          // An endpoint on another chain is misconfigured, not a witness: try the next one.
          if (other.chainId !== onChain.chainId) throw new Error(`it serves chain ${other.chainId}`);
          const differences = await disagreements(onChain, connection.provider, other.provider);
          // Once they agree on the registry and the epoch, the rest (audit, block time, reserves, names) is
          // read from the independent endpoint too, and that is what the page shows.
          return { differences, report: differences.length > 0 ? undefined : await verifyAgainst(other) };
        })(),
      );
      if (outcome.differences.length > 0)
        return { from: "disagreement", endpoint, independent, differences: outcome.differences };
      return { from: "cross-checked", endpoint, independent, report: outcome.report! };
    } catch {
      // Unreachable, slow or on another chain: the hosts tried are named, the details would only bury them.
      tried.push(independent);
    } finally {
      abandoned = true;
      other?.provider.destroy();
    }
  }
  return {
    from: "exchange",
    endpoint,
    why: `no public endpoint of chain ${onChain.chainId} answered to check it against (tried ${tried.join(", ")})`,
  };
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
