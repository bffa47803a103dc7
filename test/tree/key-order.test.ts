import { expect } from "chai";
import fc from "fast-check";
import { keyOrder } from "../../src/tree/key-order.js";

describe("key order", function () {
  it("sorts 32-byte keys ascending, as a byte-wise comparison does, ties on the first bytes included (property)", function () {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.uint8Array({ minLength: 32, maxLength: 32 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (items) => {
          // Force shared prefixes: many keys get the same first 2 or 4 bytes.
          const keys = new Uint8Array(32 * items.length);
          items.forEach(([shared, key], i) => {
            keys.set(key, 32 * i);
            if (shared > 0) keys.set([7, 7, 7, 7].slice(0, 2 * shared), 32 * i);
          });
          const order = Array.from(keyOrder(keys, items.length));
          const expected = Array.from({ length: items.length }, (_, i) => i).sort(
            (x, y) => Buffer.compare(keys.subarray(32 * x, 32 * x + 32), keys.subarray(32 * y, 32 * y + 32)) || x - y,
          );
          const asKeys = (o: number[]) => o.map((i) => Buffer.from(keys.subarray(32 * i, 32 * i + 32)).toString("hex"));
          expect(asKeys(order)).to.deep.equal(asKeys(expected));
          expect([...order].sort((a, b) => a - b)).to.deep.equal(expected.slice().sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });
});
