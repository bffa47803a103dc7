/**
 * The most accounts per second a build can reach on this machine: every thread hashing at the native
 * keccak rate, divided by the keccak blocks (136 bytes of input each) one account costs. What is counted
 * is the tree the spec defines: the account key (salt ‖ id), the leaf (0x00 ‖ key ‖ K sums) and about one
 * node per leaf (0x01 ‖ two records). The derived salt's block is not counted: the limit stays the same
 * whether the CSV gives salts or not.
 */
export interface HashingLimit {
  assets: number;
  blocksPerAccount: number;
  nativeBlocksPerSecond: number;
  threads: number;
  accountsPerSecond: number;
}

const RATE = 136;
/** Blocks keccak-256 absorbs for `bytes` of input (padding adds at least one byte). */
const blocks = (bytes: number) => Math.ceil((bytes + 1) / RATE);

export function hashingLimit(
  nativeBlocksPerSecond: number,
  threads: number,
  assets: number,
  averageIdBytes: number,
): HashingLimit {
  const record = 32 * (assets + 1);
  const blocksPerAccount = blocks(32 + averageIdBytes) + blocks(1 + record) + blocks(1 + 2 * record);
  return {
    assets,
    blocksPerAccount,
    nativeBlocksPerSecond,
    threads,
    accountsPerSecond: Math.round((threads * nativeBlocksPerSecond) / blocksPerAccount),
  };
}
