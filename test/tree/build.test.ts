import { expect } from "chai";
import { buildTree, InputError, MAX_AMOUNT, proofAt, type AccountInput, type Asset } from "../../src/index.js";
import { toHex } from "../../src/spec/bytes.js";
import { leafAt } from "../../src/tree/build.js";

const BTC: Asset = { symbol: "BTC", decimals: 8 };
const ETH: Asset = { symbol: "ETH", decimals: 18 };
const salt = (byte: number) => new Uint8Array(32).fill(byte);

function expectInputError(build: () => unknown, pattern: RegExp) {
  expect(build).to.throw(InputError, pattern);
}

describe("buildTree", function () {
  it("rejects a duplicate account and names both places", function () {
    const accounts: AccountInput[] = [
      { accountId: "alice", balances: [1n], location: { file: "b.csv", line: 2 } },
      { accountId: "alice", balances: [2n], location: { file: "b.csv", line: 9 } },
    ];
    expectInputError(
      () => buildTree([BTC], accounts),
      /^b\.csv:9: account "alice" appears twice \(first at b\.csv:2\)/,
    );
  });

  it("treats NFC and NFD spellings of one name as the same account", function () {
    const accounts = [
      { accountId: "Am\u00e9lie", balances: [1n] },
      { accountId: "Ame\u0301lie", balances: [1n] },
    ];
    expectInputError(() => buildTree([BTC], accounts), /appears twice/);
  });

  it("rejects a wrong number of balances", function () {
    expectInputError(
      () => buildTree([BTC, ETH], [{ accountId: "a", balances: [1n] }]),
      /has 1 balances but there are 2 assets/,
    );
  });

  it("rejects negative balances", function () {
    expectInputError(() => buildTree([BTC], [{ accountId: "a", balances: [-1n] }]), /negative/);
  });

  it("rejects a balance of 2^128", function () {
    expectInputError(() => buildTree([BTC], [{ accountId: "a", balances: [MAX_AMOUNT + 1n] }]), /not below 2\^128/);
  });

  it("accepts a total of exactly 2^128 - 1 and refuses one more", function () {
    const accounts = [
      { accountId: "a", balances: [MAX_AMOUNT - 5n] },
      { accountId: "b", balances: [5n] },
    ];
    expect(buildTree([BTC], accounts).totals).to.deep.equal([MAX_AMOUNT]);
    accounts[1] = { accountId: "b", balances: [6n] };
    expectInputError(() => buildTree([BTC], accounts), /BTC total reaches 2\^128/);
  });

  it("rejects an empty account id, an empty account list and bad assets", function () {
    expectInputError(() => buildTree([BTC], [{ accountId: "", balances: [1n] }]), /empty/);
    expectInputError(() => buildTree([BTC], []), /no accounts/);
    expectInputError(() => buildTree([], [{ accountId: "a", balances: [] }]), /1 to 64 assets/);
    expectInputError(() => buildTree([BTC, BTC], [{ accountId: "a", balances: [1n, 1n] }]), /listed twice/);
    expectInputError(
      () => buildTree([{ symbol: "B C", decimals: 8 }], [{ accountId: "a", balances: [1n] }]),
      /printable ASCII/,
    );
    expectInputError(
      () => buildTree([{ symbol: "X", decimals: 37 }], [{ accountId: "a", balances: [1n] }]),
      /decimals/,
    );
  });

  it("rejects a malformed salt", function () {
    expectInputError(
      () => buildTree([BTC], [{ accountId: "a", balances: [1n], salt: new Uint8Array(31) }]),
      /salt must be 32 bytes/,
    );
  });

  it("draws a fresh salt per account per build when none is given", function () {
    const accounts = [
      { accountId: "a", balances: [1n] },
      { accountId: "b", balances: [2n] },
    ];
    const first = buildTree([BTC], accounts);
    const second = buildTree([BTC], accounts);
    expect(first.root).to.not.equal(second.root);
    expect(toHex(leafAt(first, 0).salt)).to.not.equal(toHex(leafAt(first, 1).salt));
  });

  it("sorts leaves by account key whatever the input order", function () {
    const accounts = ["d", "c", "b", "a", "e"].map((accountId, i) => ({
      accountId,
      balances: [BigInt(i)],
      salt: salt(i),
    }));
    const tree = buildTree([BTC], accounts);
    const reversed = buildTree([BTC], [...accounts].reverse());
    expect(tree.root).to.equal(reversed.root);
    const keys = [0, 1, 2, 3, 4].map((p) => BigInt(toHex(leafAt(tree, p).key)));
    expect(keys).to.deep.equal([...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it("builds a single-leaf tree whose root is the leaf", function () {
    const tree = buildTree([BTC], [{ accountId: "solo", balances: [7n], salt: salt(1) }]);
    expect(tree.depth).to.equal(0);
    expect(proofAt(tree, 0).siblings).to.have.length(0);
    expect(tree.root).to.equal(proofAt(tree, 0).root);
  });
});
