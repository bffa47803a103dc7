import { readFile, rm } from "node:fs/promises";
import type { Provider, TransactionReceipt } from "ethers";
import { writeFileAtomic } from "../io/atomic.js";

/**
 * Makes "send a transaction and wait" safe to retry. The hash is recorded in `pendingFile` as soon as the
 * transaction is broadcast; a later run that finds the file waits for that transaction instead of sending
 * again. A recorded transaction the node no longer knows (dropped, or a restarted dev chain) is forgotten.
 */
export async function sendOnce(
  pendingFile: string,
  provider: Provider,
  send: (remember: (hash: string) => Promise<void>) => Promise<TransactionReceipt>,
): Promise<{ receipt: TransactionReceipt; resumed: boolean }> {
  const pending = await readFile(pendingFile, "utf8").then(
    (text) => JSON.parse(text) as { hash: string },
    () => undefined,
  );
  if (pending !== undefined) {
    const known = await provider.getTransaction(pending.hash);
    if (known !== null) {
      const receipt = await provider.waitForTransaction(pending.hash);
      await rm(pendingFile, { force: true });
      if (receipt !== null && receipt.status === 1) return { receipt, resumed: true };
    }
    await rm(pendingFile, { force: true });
  }
  const receipt = await send((hash) =>
    writeFileAtomic(pendingFile, JSON.stringify({ hash, sentAt: new Date().toISOString() }) + "\n"),
  );
  await rm(pendingFile, { force: true });
  return { receipt, resumed: false };
}
