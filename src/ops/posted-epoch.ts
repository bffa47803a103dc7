import type { RegistryClient } from "../chain/registry-client.js";
import { InputError } from "../errors.js";

/**
 * The epoch of `exchangeId` to read: `epoch`, or the newest when it is undefined. When there is none, an
 * InputError says why in words (no such exchange, nothing posted yet, no such epoch), where the contracts
 * would only revert with an error name.
 */
export async function postedEpoch(registry: RegistryClient, exchangeId: bigint, epoch?: bigint): Promise<bigint> {
  const count = await registry.exchangeCount();
  if (exchangeId === 0n || exchangeId > count) {
    const known = count === 0n ? "no exchange is registered yet" : `its exchanges are 1 to ${count}`;
    throw new InputError(`exchange ${exchangeId} does not exist on the registry ${registry.address}: ${known}`);
  }
  const latest = await registry.latestEpoch(exchangeId);
  if (latest === 0n) throw new InputError(`exchange ${exchangeId} has posted nothing yet`);
  if (epoch !== undefined && (epoch === 0n || epoch > latest))
    throw new InputError(`exchange ${exchangeId} has posted epochs 1 to ${latest}: there is no epoch ${epoch}`);
  return epoch ?? latest;
}
