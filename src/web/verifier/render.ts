/**
 * The result, drawn with DOM nodes and textContent only: the exchange's name and the file's account id are
 * written by others, so nothing here is ever parsed as HTML.
 */
import { formatAmount } from "../../io/decimal.js";
import { formatAge, formatRatio } from "../../ops/solvency.js";
import type { Verdict } from "../../ops/verdict.js";
import type { ReserveToken, VerifyReport } from "../../ops/verify-proof.js";
import type { InclusionProof } from "../../tree/proof.js";

type Child = Node | string;

function element(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function table(headers: string[], rows: Child[][], amountColumns: number[]): HTMLElement {
  return element(
    "table",
    {},
    element("thead", {}, element("tr", {}, ...headers.map((h) => element("th", { scope: "col" }, h)))),
    element(
      "tbody",
      {},
      ...rows.map((row) =>
        element(
          "tr",
          {},
          ...row.map((cell, i) => element("td", amountColumns.includes(i) ? { class: "amount" } : {}, cell)),
        ),
      ),
    ),
  );
}

function facts(pairs: [string, Child][]): HTMLElement {
  return element("dl", {}, ...pairs.flatMap(([term, value]) => [element("dt", {}, term), element("dd", {}, value)]));
}

function when(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  return `${date
    .toISOString()
    .replace("T", " ")
    .replace(/\.000Z$/, " UTC")} (${date.toLocaleString()} your time)`;
}

/** Text written by others (names, ids), isolated so that right-to-left or control characters stay inside. */
function foreign(text: string, attributes: Record<string, string> = {}): HTMLElement {
  return element("bdi", attributes, text);
}

/** The token an on-chain figure is counted in: its address and symbol, and whether it is a well-known one. */
function tokenFact(token: ReserveToken): [string, Child] {
  const what = token.native ? "the native coin" : "the token";
  return [
    "Counted in",
    element(
      "span",
      {},
      `${what} `,
      element("code", {}, token.address),
      " (",
      foreign(token.symbol, { class: "mono" }),
      ")",
      token.known
        ? ", a well-known asset of this chain"
        : element(
            "strong",
            { class: "flag" },
            ", NOT on Solvent's list of well-known assets of this chain: the exchange chose it, and a token anyone can mint proves nothing",
          ),
    ),
  ];
}

/** Shows the verdict in the status element, and why; clears what belonged to the previous result. */
export function showVerdict(
  kind: Verdict["kind"] | "invalid-file" | "checking" | "waiting" | "outdated",
  title: string,
  reason: string,
): void {
  const status = document.getElementById("verdict")!;
  status.className = kind;
  status.textContent = title;
  document.getElementById("reason")!.textContent = reason;
  showSource("");
  showWarnings([]);
  if (kind !== "outdated") document.getElementById("details")!.replaceChildren();
}

/** Where the answers came from and who chose it. */
export function showSource(text: string): void {
  document.getElementById("source")!.textContent = text;
}

/** What the customer should read before relying on the verdict, right under it. */
export function showWarnings(warnings: readonly string[]): void {
  const list = document.getElementById("warnings")!;
  list.replaceChildren(...warnings.map((warning) => element("li", {}, warning)));
  list.classList.toggle("hidden", warnings.length === 0);
}

/** The balances, the exchange, the epoch and the solvency figures of a report. */
export function showDetails(proof: InclusionProof, report: VerifyReport): void {
  const { onChain } = report;
  const parts: HTMLElement[] = [];
  const onChainAssets = onChain?.error === "AssetListMismatch" ? undefined : onChain?.attestation.assets;
  const labels = onChainAssets ?? proof.assets.map((symbol, a) => ({ symbol, decimals: proof.decimals?.[a] }));
  parts.push(
    element(
      "h2",
      {},
      onChainAssets ? "Your balances" : "Your balances (as the file labels them, not checked on-chain)",
    ),
    table(
      ["Asset", "Balance"],
      proof.leaf.balances.map((units, a) => {
        const { symbol, decimals } = labels[a] ?? { symbol: `asset ${a + 1}`, decimals: undefined };
        return [symbol, decimals === undefined ? `${units} base units` : formatAmount(units, decimals)];
      }),
      [1],
    ),
  );
  parts.push(
    element("h2", {}, "Your account in the proof"),
    facts([
      ["Account", proof.leaf.accountId !== undefined ? foreign(proof.leaf.accountId) : "(not in the file)"],
      ["Account key", proof.leaf.accountKey],
      ["Position", `${proof.leaf.index + 1n} of ${proof.leafCount} accounts`],
    ]),
  );
  if (onChain !== undefined) {
    const { attestation, exchange, audit } = onChain;
    parts.push(
      element("h2", {}, "The exchange, as the chain records it"),
      facts([
        // Monospace, so that look-alike names differ on screen: l, I, 1 and |; O and 0; rn and m.
        [
          "Exchange",
          element("span", {}, foreign(exchange.name, { class: "exchange-name" }), ` (id ${onChain.exchangeId})`),
        ],
        ["Admin", exchange.admin],
        ["Registry", `${onChain.registry} on chain ${onChain.chainId}`],
        ...(onChain.onChainReserves !== undefined && onChain.lens !== undefined
          ? ([
              [
                "Reserves read by",
                `the solvency lens ${onChain.lens}, named by the link, from the reserve wallets contract ${onChain.reserveWallets}: both run Solvent's code for this registry`,
              ],
            ] as [string, Child][])
          : []),
        [
          "Epoch",
          `${onChain.epoch}${onChain.latest ? " (the latest)" : ` (not the latest: the exchange has posted up to ${exchange.latestEpoch})`}`,
        ],
        ["Balances as of", `${when(attestation.asOf)}, ${formatAge(onChain.ageSeconds)} ago`],
        ["Status", attestation.status === "Revoked" ? "REVOKED by the exchange" : "active (not revoked)"],
        [
          "Audit",
          audit.threshold === 0n
            ? "no auditors set up"
            : `${audit.audited ? "audited" : "not audited"}: ${audit.signers.length} of ${audit.auditorCount} auditors signed, ${audit.threshold} needed`,
        ],
      ]),
    );
    const live = new Map((onChain.onChainReserves ?? []).map((asset) => [asset.symbol, asset]));
    parts.push(
      element("h2", {}, "What the exchange owes and holds"),
      ...onChain.solvency.map((s) => {
        const reserves = live.get(s.symbol);
        const onChainFigure: [string, Child][] =
          onChain.onChainReserves === undefined
            ? []
            : [
                [
                  "Reserves on-chain",
                  reserves === undefined || !reserves.onChain
                    ? "none recorded for this asset"
                    : `${formatAmount(reserves.onChainReserves, s.decimals)} (${formatRatio(reserves.onChainRatioBps)})`,
                ],
                ...(reserves?.token === undefined ? [] : [tokenFact(reserves.token)]),
              ];
        return element(
          "div",
          { class: "asset" },
          element("h3", {}, s.symbol),
          facts([
            ["Owed to customers", formatAmount(s.liabilities, s.decimals)],
            ["Reserves claimed", `${formatAmount(s.reserves, s.decimals)} (${formatRatio(s.ratioBps)})`],
            ...onChainFigure,
          ]),
        );
      }),
    );
  }
  document.getElementById("details")!.replaceChildren(...parts);
}
