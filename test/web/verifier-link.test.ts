import { expect } from "chai";
import fc from "fast-check";
import { getAddress } from "ethers";
import { InputError } from "../../src/errors.js";
import { verifierLink } from "../../src/ops/verifier-link.js";
import { readLink } from "../../src/web/verifier/link.js";
import { fuzzRuns } from "../helpers/fuzz.js";

describe("the verifier link: what solvent build prints is what the page reads", function () {
  const address = fc
    .uint8Array({ minLength: 20, maxLength: 20 })
    .map((bytes) => getAddress("0x" + Buffer.from(bytes).toString("hex")));
  const whole = fc.bigInt({ min: 1n, max: 2n ** 64n });

  it("round-trips registry, exchange, chain, rpc and lens (property)", function () {
    fc.assert(
      fc.property(
        address,
        whole,
        whole,
        fc.option(address, { nil: undefined }),
        (registry, exchangeId, chainId, lens) => {
          const rpc = "https://rpc.example/v1?key=a&b=c";
          const link = verifierLink({
            page: "https://proofs.example/verifier.html",
            registry,
            exchangeId,
            chainId,
            rpc,
            ...(lens ? { lens } : {}),
          });
          const read = readLink(new URL(link).search);
          expect(read).to.deep.equal({
            problems: [],
            rpc,
            registry,
            exchange: exchangeId.toString(),
            chain: chainId.toString(),
            ...(lens ? { lens } : {}),
          });
        },
      ),
      { numRuns: fuzzRuns(100) },
    );
  });

  it("refuses a registry that is not an address when building the link", function () {
    expect(() => verifierLink({ page: "v.html", registry: "0x12", exchangeId: 1n, chainId: 1n })).to.throw(
      InputError,
      /not an address/,
    );
  });

  it("puts the query before the page's #fragment, and refuses a plain-http RPC endpoint elsewhere than localhost", function () {
    const registry = "0x" + "ab".repeat(20);
    expect(verifierLink({ page: "https://x.example/v.html#top", registry, exchangeId: 2n, chainId: 1n })).to.equal(
      `https://x.example/v.html?registry=${getAddress(registry)}&exchange=2&chain=1#top`,
    );
    expect(() =>
      verifierLink({ page: "v.html", registry, exchangeId: 1n, chainId: 1n, rpc: "http://rpc.example" }),
    ).to.throw(InputError, /not an https URL/);
    expect(readLink("?rpc=http://rpc.example").problems[0]).to.include("not an https URL");
    expect(readLink("?rpc=http://127.0.0.1:8545").rpc).to.equal("http://127.0.0.1:8545");
  });

  it("the page reports a link's unusable parameters instead of using them", function () {
    const read = readLink("?rpc=javascript:alert(1)&registry=0xnope&exchange=-1&chain=1e3");
    expect(read.rpc).to.equal(undefined);
    expect(read.registry).to.equal(undefined);
    expect(read.exchange).to.equal(undefined);
    expect(read.chain).to.equal(undefined);
    expect(read.problems).to.have.length(4);
  });
});
