/**
 * File writes kept a few at a time in flight: the disk stays busy without a promise (and a buffer) per file
 * piling up. `add` waits while `limit` writes are pending; `drain` waits for the rest. A failed write makes
 * `add` or `drain` throw.
 */
export function writeQueue(limit = 16): {
  add(write: () => Promise<void>): Promise<void>;
  drain(): Promise<void>;
  /** Waits until every write has ended, failed or not (before a failure is passed on). */
  settle(): Promise<void>;
} {
  const pending = new Set<Promise<void>>();
  return {
    async add(write) {
      const promise: Promise<void> = write().finally(() => pending.delete(promise));
      // Handled here so a failure waiting for `add` or `drain` is not an unhandled rejection meanwhile.
      promise.catch(() => undefined);
      pending.add(promise);
      if (pending.size >= limit) await Promise.race(pending);
    },
    async drain() {
      await Promise.all(pending);
    },
    async settle() {
      await Promise.allSettled(pending);
    },
  };
}
