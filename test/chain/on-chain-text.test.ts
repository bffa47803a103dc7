import { expect } from "chai";
import { Interface, type InterfaceAbi } from "ethers";
import { FEED_ABI, REGISTRY_ABI, RESERVE_WALLETS_ABI, SOLVENCY_LENS_ABI } from "../../src/chain/abis.js";
import { decodeOnChainText, stringsReadAsBytes } from "../../src/chain/on-chain-text.js";

describe("text someone else wrote on-chain", function () {
  it("finding 4: bytes that are not UTF-8 decode with U+FFFD and say so, never throw", function () {
    expect(decodeOnChainText("0x41636d65")).to.deep.equal({ text: "Acme", utf8: true });
    expect(decodeOnChainText("0x41ff42")).to.deep.equal({ text: "A\uFFFDB", utf8: false });
    expect(decodeOnChainText("0xc328")).to.deep.equal({ text: "\uFFFD(", utf8: false });
    expect(decodeOnChainText("0xeda080")).to.include({ utf8: false }); // a lone surrogate, encoded
    expect(decodeOnChainText(new Uint8Array([0xe2, 0x82, 0xac]))).to.deep.equal({ text: "€", utf8: true });
  });

  it("finding 4: reading strings as bytes keeps every selector and every event topic", function () {
    for (const abi of [REGISTRY_ABI, RESERVE_WALLETS_ABI, SOLVENCY_LENS_ABI, FEED_ABI]) {
      const strict = new Interface(abi as unknown as InterfaceAbi);
      const lenient = new Interface(stringsReadAsBytes(abi) as unknown as InterfaceAbi);
      const selectors = (i: Interface) => i.fragments.map((f) => ("selector" in f ? f.selector : f.type));
      expect(selectors(lenient)).to.deep.equal(selectors(strict));
      const events = (i: Interface) => i.fragments.flatMap((f) => ("topicHash" in f ? [f.topicHash] : []));
      expect(events(lenient)).to.deep.equal(events(strict));
    }
    const exchange = new Interface(stringsReadAsBytes(REGISTRY_ABI) as unknown as InterfaceAbi).getFunction(
      "exchange",
    )!;
    expect(exchange.outputs[0]!.components!.find((c) => c.name === "name")!.type).to.equal("bytes");
  });
});
