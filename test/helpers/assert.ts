import { expect } from "chai";
import { InputError } from "../../src/index.js";

/** Awaits a promise that must reject with an InputError whose message matches `pattern`. */
export async function expectInputError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await promise.then(
    () => expect.fail(`should have been refused (${pattern})`),
    (error: Error) => {
      expect(error, error.stack).to.be.instanceOf(InputError);
      expect(error.message).to.match(pattern);
    },
  );
}
