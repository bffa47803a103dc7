import { expect } from "chai";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildVerifierPage } from "../../scripts/verifier/bundle.js";
import { launchChromium } from "../helpers/browser.js";
import { useHardhatNode } from "../helpers/e2e.js";
import { freePort, run, startHardhatNode } from "../helpers/processes.js";
import { startRpcProxy } from "../helpers/rpc-proxy.js";
import { fixturePath } from "../helpers/vectors.js";

/** The public endpoint of chain 1 the page asks first; in these tests it is the honest local node. */
const PUBLIC_ENDPOINT = "https://ethereum-rpc.publicnode.com/";
const CHAIN_1_PUBLIC_ENDPOINTS = [PUBLIC_ENDPOINT, "https://eth.llamarpc.com/", "https://cloudflare-eth.com/"];

/**
 * Screenshots for docs/verifier-trust.md, written only when scripts/verifier/screenshots.ts sets
 * SOLVENT_SCREENSHOTS_DIR: a plain test run leaves no files behind.
 */
async function screenshot(page: Page, name: string, whole = false): Promise<void> {
  const folder = process.env.SOLVENT_SCREENSHOTS_DIR;
  if (folder === undefined || folder === "") return;
  if (whole) {
    await page.screenshot({ path: join(folder, name), fullPage: true });
    return;
  }
  // The verdict, its reason, the warnings and the source: what the customer reads first, at one pixel per CSS
  // pixel to keep the files small.
  const [top, bottom] = await page.evaluate(() => {
    const boxes = ["#result-heading", "#verdict", "#reason", "#warnings", "#source"]
      .map((selector) => document.querySelector(selector)!.getBoundingClientRect())
      .filter((box) => box.height > 0);
    return [Math.min(...boxes.map((box) => box.top)), Math.max(...boxes.map((box) => box.bottom))].map(
      (y) => y + window.scrollY,
    );
  });
  await page.screenshot({
    path: join(folder, name),
    fullPage: true,
    scale: "css",
    clip: { x: 0, y: Math.max(0, top! - 8), width: 375, height: bottom! - top! + 16 },
  });
}

/**
 * The verifier page (issue 12), built as customers get it and opened from disk in real Chromium, against a
 * real `npx hardhat node` with a deployed registry and a posted tree. The node claims chain 1, and the
 * page's first public endpoint of chain 1 is routed to it (Playwright request interception), so the shipped
 * page cross-checks against an independent endpoint as it would on Ethereum.
 */
describe("verifier page in Chromium: a customer checks their proof in the browser", function () {
  this.timeout(300_000);
  const session = useHardhatNode("solvent-verifier-", { chainId: 1 });
  const json = (text: string) => JSON.parse(text) as Record<string, any>;
  const ok = (ran: { code: number; stdout: string; stderr: string }) => {
    expect(ran.code, `${ran.stdout}\n${ran.stderr}`).to.equal(0);
    return ran;
  };
  const hardhat = (...args: string[]) =>
    run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], session.env);
  const solvent = (...args: string[]) => run("npx", ["solvent", ...args], session.env);

  let browser: Browser;
  let context: BrowserContext;
  let pageUrl = "";
  let registry = "";
  let lens = "";
  let honestProof: Record<string, any> = {};
  /** Every request the pages made, seen by request interception, and the bodies sent. */
  const requests: string[] = [];
  const bodies: string[] = [];

  before(async function () {
    const deployment = json(ok(await hardhat("deploy", "--json")).stdout);
    registry = deployment.registry as string;
    lens = deployment.solvencyLens as string;
    ok(await hardhat("register", "--name", "Acme Exchange", "--assets", "BTC:8,ETH:18,USDT:6"));
    ok(await hardhat("asset-token", "--exchange", "1", "--map", "ETH=native"));
    const tree = join(session.work, "tree");
    const asOf = String(Math.floor(Date.now() / 1000) - 3600);
    ok(await solvent("build", fixturePath("vectors/five-accounts-padding.csv"), "--out", tree, "--as-of", asOf));
    ok(await hardhat("post", "--tree", tree, "--exchange", "1"));
    honestProof = json(ok(await solvent("proof", tree, "acme, inc")).stdout);

    const page = await buildVerifierPage();
    const file = join(session.work, "verifier.html");
    await writeFile(file, page.html);
    pageUrl = pathToFileURL(file).href;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      requests.push(url);
      bodies.push(route.request().postData() ?? "");
      if (url === PUBLIC_ENDPOINT) await route.fulfill({ response: await route.fetch({ url: session.url }) });
      else if (url.startsWith("https:"))
        await route.abort("internetdisconnected"); // no network here
      else await route.continue();
    });
  });

  after(async function () {
    await browser?.close();
  });

  const link = (rpc = session.url, registryAddress = registry, lensAddress = lens) =>
    `${pageUrl}?${new URLSearchParams({ rpc, registry: registryAddress, exchange: "1", chain: "1", lens: lensAddress })}`;

  /** Opens the page at `url`, gives it the proof file, and waits for the verdict. */
  async function verifyIn(url: string, proofText: string, name = "proof.json"): Promise<Page> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    const file = join(session.work, name);
    await writeFile(file, proofText);
    await page.setInputFiles("#file", file);
    await page.waitForFunction(() => {
      const text = document.querySelector('[role="status"]')?.textContent ?? "";
      return text !== "" && !/^(Checking|Waiting|Reading)/.test(text);
    });
    expect(errors, "errors in the page").to.deep.equal([]);
    return page;
  }
  const verdict = (page: Page) => page.locator('[role="status"]').innerText();
  const reason = (page: Page) => page.locator("#reason").innerText();

  it("an honest proof: Included, with the balances under the on-chain labels and decimals", async function () {
    const page = await verifyIn(link(), JSON.stringify(honestProof, null, 2));
    expect(await verdict(page)).to.equal("Included");
    const details = await page.locator("#details").innerText();
    expect(details).to.include("Acme Exchange");
    expect(details).to.match(/BTC\s+0\.12345678/);
    expect(details).to.match(/ETH\s+1(\.0+)?\b/);
    expect(details).to.include("Balances as of");
    expect(details).to.include("(the latest)");
    expect(details).to.include("Reserves on-chain");
    expect(details).to.include("Owed to customers");
    // Finding 2: the on-chain figure names what it counts (chain 1's native coin is a well-known asset).
    expect(details).to.match(/Counted in\s+the native coin 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE \(ETH\)/);
    expect(details).to.include("a well-known asset of this chain");
    expect(await page.locator("#source").innerText()).to.include("ethereum-rpc.publicnode.com");
    await screenshot(page, "verifier-phone.png", true);
    await screenshot(page, "verifier-included.png");
    await page.close();
  });

  it("a tampered balance: Not included, with the reason in words", async function () {
    const tampered = structuredClone(honestProof);
    tampered.leaf.balances[1] = (BigInt(tampered.leaf.balances[1] as string) + 10n ** 18n).toString();
    const page = await verifyIn(link(), JSON.stringify(tampered));
    expect(await verdict(page)).to.equal("Not included");
    expect(await reason(page)).to.include("does not match the one posted on-chain");
    await screenshot(page, "verifier-not-included.png");
    await page.close();
  });

  it("a proof file naming another registry than the link: not Included, and the mismatch is shown", async function () {
    const elsewhere = "0x" + "11".repeat(20);
    const page = await verifyIn(link(), JSON.stringify({ ...honestProof, registry: elsewhere }));
    expect(await verdict(page)).to.equal("Not verified");
    const why = await reason(page);
    expect(why).to.include("0x1111111111111111111111111111111111111111");
    expect(why.toLowerCase()).to.include(registry.toLowerCase());
    await screenshot(page, "verifier-not-verified.png");
    await page.close();
  });

  it("a malformed file: Invalid file, saying what is wrong", async function () {
    const page = await verifyIn(link(), '{"format": "solvent-proof-v1", "assets": [');
    expect(await verdict(page)).to.equal("Invalid file");
    expect(await reason(page)).to.include("proof.json");
    await screenshot(page, "verifier-invalid-file.png");
    await page.close();
  });

  it("no chain reachable: the off-chain result, shown as such and never as Included", async function () {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const page = await verifyIn(link(closed), JSON.stringify(honestProof));
    expect(await verdict(page)).to.equal("Checked off-chain only");
    expect(await reason(page)).to.include("Not checked on-chain");
    await screenshot(page, "verifier-off-chain-only.png");
    await page.close();
  });

  it("pasted text is verified without a click, and the keyboard reaches every control", async function () {
    const page = await context.newPage();
    await page.goto(link());
    await page.fill("#paste", JSON.stringify(honestProof));
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === "Included");
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input, textarea, button")]
        .filter((control) =>
          control.tagName === "BUTTON"
            ? control.textContent!.trim() === ""
            : (control as HTMLInputElement).labels?.length === 0,
        )
        .map((control) => control.id),
    );
    expect(unlabelled, "controls without a label").to.deep.equal([]);
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    for (const id of ["file", "paste", "rpc", "registry", "exchange", "chain", "again"]) expect(reached).to.include(id);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal scrolling at 375 px").to.be.at.most(0);
    await page.close();
  });

  it("the browser wallet (EIP-1193 window.ethereum) instead of an RPC URL: Included", async function () {
    const page = await context.newPage();
    // A wallet that forwards every request to the node, as a real wallet forwards to its own RPC endpoint.
    // (A string, not a function: tsx would wrap a function's inner arrows in a helper the page lacks.)
    await page.addInitScript(`
      let id = 0;
      window.ethereum = {
        request: async ({ method, params }) => {
          const response = await fetch(${JSON.stringify(session.url)}, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
          });
          const body = await response.json();
          if (body.error) throw new Error(body.error.message);
          return body.result;
        },
      };`);
    await page.goto(link("https://rpc.invalid"));
    await page.check("#via-wallet");
    await page.fill("#paste", JSON.stringify(honestProof));
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === "Included");
    expect(await page.locator("#details").innerText()).to.include("Acme Exchange");
    await page.close();
  });

  it("a proof file dropped on the page is verified at once", async function () {
    const page = await context.newPage();
    await page.goto(link());
    const transfer = await page.evaluateHandle((text: string) => {
      const data = new DataTransfer();
      data.items.add(new File([text], "proof.json", { type: "application/json" }));
      return data;
    }, JSON.stringify(honestProof));
    await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === "Included");
    await page.close();
  });

  it("edited settings void the shown result until the customer verifies again", async function () {
    const page = await verifyIn(link(), JSON.stringify(honestProof));
    expect(await verdict(page)).to.equal("Included");
    await page.fill("#registry", "0x" + "22".repeat(20));
    expect(await verdict(page)).to.equal("Settings changed");
    await page.click("#again");
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === "Not verified");
    await page.close();
  });

  it("a file without the account id and salt, an empty account id, another chain: never Included", async function () {
    const { accountId: _id, salt: _salt, ...unboundLeaf } = honestProof.leaf as Record<string, unknown>;
    const unbound = await verifyIn(link(), JSON.stringify({ ...honestProof, leaf: unboundLeaf }));
    expect(await verdict(unbound)).to.equal("Not included");
    expect(await reason(unbound)).to.include("no account id and salt");
    await unbound.close();
    const empty = await verifyIn(
      link(),
      JSON.stringify({ ...honestProof, leaf: { ...honestProof.leaf, accountId: "" } }),
    );
    expect(await verdict(empty)).to.equal("Invalid file");
    await empty.close();
    const otherChain = await verifyIn(link().replace("chain=1&", "chain=5&"), JSON.stringify(honestProof));
    expect(await verdict(otherChain)).to.equal("Not verified");
    expect(await reason(otherChain)).to.include("chain 5");
    await otherChain.close();
  });

  it("a proof file of an older epoch, once a newer one is posted: Not included, asking for the latest", async function () {
    const newer = join(session.work, "tree-2");
    const asOf = String(Math.floor(Date.now() / 1000) - 60);
    ok(await solvent("build", fixturePath("vectors/five-accounts-padding.csv"), "--out", newer, "--as-of", asOf));
    ok(await hardhat("post", "--tree", newer, "--exchange", "1"));
    const page = await verifyIn(link(), JSON.stringify({ ...honestProof, epoch: "1" }));
    expect(await verdict(page)).to.equal("Not included");
    expect(await reason(page)).to.include("latest epoch");
    await page.close();
  });

  it("finding 2: a lens that is not Solvent's lens of the registry shows no reserves on-chain, and says why", async function () {
    const page = await verifyIn(link(session.url, registry, registry), JSON.stringify(honestProof));
    expect(await verdict(page)).to.equal("Included");
    expect(await page.locator("#warnings").innerText()).to.include("is not Solvent's SolvencyLens of the registry");
    expect(await page.locator("#details").innerText()).to.not.include("Reserves on-chain");
    await page.close();
  });

  it("finding 6: the exchange's name is shown in a monospace font, so l/I/1 and O/0 differ", async function () {
    const page = await verifyIn(link(), JSON.stringify(honestProof));
    const font = await page.evaluate(() => {
      const name = document.querySelector("#details .exchange-name");
      return name === null ? "(no exchange name element)" : getComputedStyle(name).fontFamily;
    });
    expect(font).to.match(/monospace/);
    expect(await page.locator("#details .exchange-name").innerText()).to.equal("Acme Exchange");
    await page.close();
  });

  describe("finding 1: an endpoint the link chose that serves its own chain", function () {
    /** A second node claiming chain 1, run by the exchange: the same registry address, its own epochs. */
    let liar: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
    let liarProof: Record<string, any> = {};

    before(async function () {
      liar = await startHardhatNode({ chainId: 1 });
      const env = { SOLVENT_LOCALHOST_URL: liar.url, SOLVENT_DEPLOYMENTS_DIR: join(session.work, "liar-deployments") };
      const onLiar = (...args: string[]) => run("npx", ["hardhat", "solvent", ...args, "--network", "localhost"], env);
      const deployment = json(ok(await onLiar("deploy", "--json")).stdout);
      expect(deployment.registry, "the liar's registry sits at the link's address").to.equal(registry);
      ok(await onLiar("register", "--name", "Acme Exchange", "--assets", "BTC:8,ETH:18,USDT:6"));
      // The lie: the same customers, less owed (u3's balance left out), posted on the exchange's own chain.
      const honestCsv = await readFile(fixturePath("vectors/five-accounts-padding.csv"), "utf8");
      const csv = join(session.work, "liar.csv");
      await writeFile(
        csv,
        honestCsv
          .split("\n")
          .filter((line) => !line.startsWith("u3,"))
          .join("\n"),
      );
      const tree = join(session.work, "liar-tree");
      const asOf = String(Math.floor(Date.now() / 1000) - 600);
      ok(await solvent("build", csv, "--out", tree, "--as-of", asOf));
      ok(await onLiar("post", "--tree", tree, "--exchange", "1"));
      liarProof = json(ok(await solvent("proof", tree, "acme, inc")).stdout);
      expect(liarProof.root).to.not.equal(honestProof.root);
    });

    after(async function () {
      await liar?.stop();
    });

    it("finding 1: the link's endpoint contradicted by an independent public endpoint is a loud failure, never Included", async function () {
      const page = await verifyIn(link(liar!.url), JSON.stringify(liarProof));
      expect(await verdict(page)).to.equal("Not verified: the endpoints disagree");
      expect(await page.locator("#verdict").getAttribute("class")).to.equal("endpoints-disagree");
      const why = await reason(page);
      expect(why).to.include("ethereum-rpc.publicnode.com");
      expect(why).to.include("root");
      await screenshot(page, "verifier-endpoints-disagree.png");
      await page.close();
    });

    it("finding 1: with no independent endpoint reachable, the link's endpoint alone is not green and says so", async function () {
      const page = await context.newPage();
      await page.route("https://**", (route) => route.abort("internetdisconnected"));
      await page.goto(link(liar!.url));
      await page.fill("#paste", JSON.stringify(liarProof));
      await page.waitForFunction(() => {
        const text = document.querySelector('[role="status"]')?.textContent ?? "";
        return text !== "" && !/^(Checking|Waiting|Reading)/.test(text);
      });
      expect(await verdict(page)).to.equal("Included only according to the exchange's own endpoint");
      expect(await page.locator("#verdict").getAttribute("class")).to.equal("exchange-endpoint");
      const [green, shown] = await page.evaluate(() => {
        const probe = document.createElement("div");
        probe.id = "verdict";
        probe.className = "included";
        document.body.append(probe);
        const colours = [
          getComputedStyle(probe).backgroundColor,
          getComputedStyle(document.querySelector("#verdict")!).backgroundColor,
        ];
        probe.remove();
        return colours;
      });
      expect(shown, "not the green of Included").to.not.equal(green);
      expect(await reason(page)).to.include("the exchange");
      await screenshot(page, "verifier-exchange-endpoint.png");
      await page.close();
    });

    it("finding 1 (review): a link whose rpc has a space or line break is refused, never taken for an endpoint the customer typed", async function () {
      for (const rpc of [`${liar!.url} `, ` ${liar!.url}`, liar!.url.replace("127.0.0.1", "127.0.\n0.1")]) {
        const page = await verifyIn(link(rpc), JSON.stringify(liarProof));
        expect(await verdict(page), JSON.stringify(rpc)).to.not.match(/^Included/);
        expect(await page.locator("#verdict").getAttribute("class"), JSON.stringify(rpc)).to.not.equal("included");
        expect(await page.locator("#link-note").innerText()).to.include("spaces or control characters");
        await page.close();
      }
    });

    it("finding 1 (review): once cross-checked, what the page shows is read from the independent endpoint, not the link's", async function () {
      // The link's endpoint agrees on the registry and the epoch, but says the chain is 60 days further on.
      const proxy = await startRpcProxy(session.url, {
        answer: (method, params, result) =>
          method === "eth_getBlockByNumber" && params[0] === "latest" && result !== null
            ? {
                ...(result as Record<string, string>),
                timestamp: `0x${(BigInt((result as { timestamp: string }).timestamp) + 60n * 86_400n).toString(16)}`,
              }
            : result,
      });
      try {
        const page = await verifyIn(link(proxy.url), JSON.stringify(honestProof));
        expect(await verdict(page)).to.equal("Included");
        expect(await page.locator("#source").innerText()).to.include("ethereum-rpc.publicnode.com");
        expect(await page.locator("#warnings").innerText()).to.not.match(/days ago/);
        await page.close();
      } finally {
        await proxy.stop();
      }
    });

    it("finding 1: an endpoint the customer typed (not the link's) gives Included", async function () {
      const page = await context.newPage();
      await page.route("https://**", (route) => route.abort("internetdisconnected"));
      await page.goto(link(liar!.url));
      await page.fill("#rpc", session.url);
      await page.fill("#paste", JSON.stringify(honestProof));
      await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === "Included");
      expect(await page.locator("#source").innerText()).to.include("the endpoint you entered");
      await page.close();
    });
  });

  it("the page made no request except to the RPC endpoint, and never sent the account (request interception)", async function () {
    expect(requests.length, "the RPC was asked").to.be.greaterThan(0);
    const sent = bodies.join("\n").toLowerCase();
    const { accountKey, salt } = honestProof.leaf as { accountKey: string; salt: string };
    expect(sent, "the account key went to the RPC").to.not.include(accountKey.slice(2).toLowerCase());
    expect(sent, "the salt went to the RPC").to.not.include(salt.slice(2).toLowerCase());
    const elsewhere = requests.filter(
      (url) =>
        !url.startsWith(pageUrl) &&
        !url.startsWith(session.url) &&
        !/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(url) &&
        !CHAIN_1_PUBLIC_ENDPOINTS.includes(url) &&
        url !== "https://rpc.invalid/", // the wallet test's link
    );
    expect(elsewhere).to.deep.equal([]);
  });
});

describe("verifier page build", function () {
  this.timeout(120_000);

  it("is one self-contained file whose sha256 the README lists", async function () {
    const page = await buildVerifierPage();
    expect(page.html).to.not.match(/<(link|iframe|object|embed)\b/i);
    expect(page.html).to.not.match(/\b(src|href)=["']?https?:/i);
    expect(page.html).to.include("Content-Security-Policy");
    // Connections: any https endpoint (the customer may type any), plain http only on this machine.
    expect(page.html).to.include("connect-src https: http://localhost:* http://127.0.0.1:*;");
    const readme = await readFile("README.md", "utf8");
    expect(readme, "README's verifier.html sha256: run npm run build:verifier -- --update-readme").to.include(
      `verifier.html sha256: \`${page.sha256}\``,
    );
    const again = await buildVerifierPage();
    expect(again.sha256, "the build is reproducible").to.equal(page.sha256);
  });
});
