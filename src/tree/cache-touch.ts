/**
 * Cache-touching passes. In tree order the accounts' bytes (id, salt, leaf hash, amounts) sit at random
 * places in memory, so a loop that copies one account's bytes after another waits on each cache miss in
 * turn. A first pass over a block of accounts that loads only one byte or word of each keeps many misses in
 * flight at once (its loads are independent of one another), and the copying loop that follows finds
 * those lines in cache.
 */

/** Accounts touched ahead of the loop that reads them: few enough that their lines stay in cache. */
export const TOUCH_BLOCK = 512;

/** Where touching passes leave the value their loads make, so the loads are not optimised away (never read). */
let _sink = 0;

/** Keeps a touching pass's loads: `touched` combines what it loaded. */
export function keepTouched(touched: number): void {
  _sink ^= touched;
}
