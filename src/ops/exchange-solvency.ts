import type { AuditView, RegistryClient } from "../chain/registry-client.js";
import type { SolvencyLensClient, SolvencyView } from "../chain/solvency-client.js";
import { postedEpoch } from "./posted-epoch.js";

/** The lens's solvency view of an epoch, with the registry's audit of it (who signed, the threshold). */
export interface ExchangeSolvency extends SolvencyView {
  audit: AuditView;
}

/**
 * Solvency in one call (SolvencyLens) of the newest epoch, or of `epoch`; an exchange or epoch that does not
 * exist is said in words (postedEpoch) rather than as the lens's revert.
 */
export async function exchangeSolvency(
  registry: RegistryClient,
  lens: SolvencyLensClient,
  exchangeId: bigint,
  epoch?: bigint,
): Promise<ExchangeSolvency> {
  await postedEpoch(registry, exchangeId, epoch);
  const view = await lens.solvency(exchangeId, epoch);
  return { ...view, audit: await registry.audit(exchangeId, view.epoch) };
}

/** Whether an epoch is audited, in words: who signed, or how many signatures it still lacks. */
export function auditInWords(audited: boolean, audit: AuditView): string {
  if (audited) return `yes, by ${audit.signers.join(", ")}`;
  if (audit.threshold === 0n) return "not audited (the exchange has set no auditor threshold)";
  return `not yet: ${audit.signers.length} of the ${audit.threshold} auditor signatures needed`;
}
