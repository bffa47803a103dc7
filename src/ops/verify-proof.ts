/**
 * The verification behind `solvent verify` and the verifier page: no file system and no Node built-ins, so
 * the same code runs in a browser. The caller brings the chain connection (an RPC endpoint or a wallet) and,
 * on Node, the deployment records (verify-proof-rpc.ts).
 */
import { getAddress, ZeroAddress, type Provider } from "ethers";
import { reserveWalletsCode, sameCode, solvencyLensCode } from "../chain/genuine-code.js";
import { RegistryClient, type AttestationView, type AuditView, type ExchangeView } from "../chain/registry-client.js";
import { ReserveWalletsClient } from "../chain/reserve-wallets-client.js";
import { SolvencyLensClient, type AssetSolvencyView } from "../chain/solvency-client.js";
import { tokenSymbol } from "../chain/token.js";
import { InputError } from "../errors.js";
import type { Asset } from "../spec/assets.js";
import { verifyProof, type InclusionProof, type VerifyResult } from "../tree/proof.js";
import { checkInclusionLocally } from "./inclusion-local.js";
import { isNativeCoin, knownAsset, nativeSymbol } from "./known-assets.js";
import { nameSkeleton, unusualCharacters } from "./look-alike-names.js";
import { freshnessOf, STALE_AFTER_SECONDS } from "./freshness.js";
import { solvencyOf, type AssetSolvency } from "./solvency.js";

/** What the customer chose to check against. Only these choose; the proof file may only agree. */
export interface OnChainTarget {
  rpc: string;
  registry?: string;
  exchangeId?: bigint;
  epoch?: bigint;
}

/** A connection to the chain: a JSON-RPC endpoint or the customer's wallet. */
export interface ChainConnection {
  provider: Provider;
  chainId: bigint;
  /** What to call it in messages: the RPC URL, or "your wallet". */
  label: string;
}

/** The customer's choices (or the link's they opened); the proof file may only agree with them. */
export interface TrustChoice {
  registry?: string;
  exchangeId?: bigint;
  epoch?: bigint;
  /** The chain the customer expects: a connection to another chain is refused. */
  chainId?: bigint;
  /**
   * A SolvencyLens of the same registry: reserves read on-chain from the exchange's wallets. Used only when
   * its code and its wallets contract's code are Solvent's, deployed for this registry (genuine-code.ts).
   */
  lens?: string;
}

/** The token an asset's on-chain reserves are counted in: the exchange's choice, in its ReserveWallets. */
export interface ReserveToken {
  /** The ERC-20's address, or ReserveWallets' NATIVE_COIN. */
  address: string;
  /** The token's own `symbol()` (the exchange may have chosen it), or the native coin's. */
  symbol: string;
  native: boolean;
  /** Whether it is on Solvent's short list of well-known assets of the chain, for this asset (known-assets.ts). */
  known: boolean;
}

/** An asset's figures read through the lens, with the token they are counted in (when tracked on-chain). */
export type OnChainReserve = AssetSolvencyView & { token?: ReserveToken };

/**
 * Where a trusted registry address may come from besides the customer: a deployment record for the chain,
 * and whether it ships with Solvent (a record from elsewhere is trusted, as the customer chose its folder,
 * but warned about).
 */
export type DeploymentLookup = (
  chainId: bigint,
) => Promise<{ registry: string; file: string; shipped?: boolean } | undefined>;

export interface VerifyOptions {
  /** Deployment records to fall back on when the customer names no registry (Node: deployments/). */
  findDeployment?: DeploymentLookup;
  /**
   * Whether the proof file's registry may be used, with a warning, when nothing else names one (the CLI:
   * yes; the verifier page: no, since its customer may not read warnings).
   */
  registryFromFile?: boolean;
  /**
   * How inclusion is checked: "eth_call" asks the registry's checkInclusion (the RPC endpoint sees the account
   * key and balances, though not the account id); "local" reads the epoch and runs the same checks here
   * (checkInclusionLocally), so the endpoint learns only which epoch someone looked at. Default: eth_call.
   */
  inclusion?: "eth_call" | "local";
  /** What to call the customer's registry choice in messages: "--registry" on the CLI. */
  registryChoiceName?: string;
}

/**
 * Where the registry address came from, most trusted first: the customer's own `--registry`, a deployment
 * record for the chain (the ones that ship with Solvent, then a folder the customer named), or, as a last
 * resort, the proof file, which the exchange wrote: then nothing is verified.
 */
export type RegistrySource = "option" | "deployment" | "proof-file";
/** Where the exchange id came from: the customer's `--exchange`, or the proof file. */
export type ExchangeSource = "option" | "proof-file";

/** Why a proof was refused before its inclusion was checked on-chain: the file disagrees with the customer. */
export interface Refusal {
  reason: "RegistryMismatch" | "ExchangeMismatch";
  /** What the customer's choice (or the trusted deployment) says. */
  trusted: string;
  trustedFrom: RegistrySource | ExchangeSource;
  /** What the proof file says. */
  inFile: string;
  message: string;
}

/** The refusals and failures a customer can get, besides the registry's own custom errors. */
export type MismatchReason = Refusal["reason"] | "AssetListMismatch";

/** Where the epoch came from: the customer's `--epoch`, the proof file, or the exchange's latest. */
export type EpochSource = "option" | "proof-file" | "latest";

export interface OnChainReport {
  chainId: bigint;
  registry: string;
  registrySource: RegistrySource;
  /** The deployment record the registry came from, when `registrySource` is "deployment". */
  registryFile?: string;
  /** Whether that record ships with Solvent; one from another folder is warned about. */
  registryFileShipped?: boolean;
  exchangeId: bigint;
  exchangeSource: ExchangeSource;
  /** The exchange as the registry describes it: its on-chain name and admin. */
  exchange: ExchangeView;
  /** Other exchanges on the registry whose name looks the same (look-alike-names.ts); all are compared. */
  sameNameExchanges: bigint[];
  /** Other exchanges whose name is not UTF-8 (shown with U+FFFD): compared as shown, and warned about. */
  unreadableNames: { exchangeId: bigint; name: string }[];
  epoch: bigint;
  epochSource: EpochSource;
  /** Whether `epoch` is the exchange's newest. */
  latest: boolean;
  /** Whether this registry holds the proof (the report's `valid` also asks whether the registry is trusted). */
  valid: boolean;
  /** Whether the registry checked inclusion (eth_call) or this device did against the epoch read on-chain. */
  inclusionCheck: "eth_call" | "local";
  /**
   * Why not valid: `AssetListMismatch`, `NotLatestEpoch` (the file's epoch is not the latest and the customer
   * did not ask for it with --epoch), or the registry's custom error.
   */
  error?: string;
  errorArgs?: string[];
  attestation: AttestationView;
  audit: AuditView & { auditorCount: bigint };
  ageSeconds: bigint;
  solvency: AssetSolvency[];
  /**
   * Reserves read on-chain now through the lens the customer chose, when they chose one, it answered, and it
   * and its wallets contract are Solvent's code for this registry.
   */
  onChainReserves?: OnChainReserve[];
  /** The lens they were read through. */
  lens?: string;
  /** The ReserveWallets contract the lens read them from. */
  reserveWallets?: string;
  /** Things the customer should know even when the proof is included, in words. */
  warnings: string[];
}

export interface VerifyReport {
  /**
   * Whether the proof shows this account included: valid off-chain, bound to the account (its file carries
   * the account id and salt) and, when a chain was asked, included on it in a registry the customer chose or
   * a deployment record names (never true with the proof file's registry alone: that verifies nothing).
   */
  valid: boolean;
  /** Whether the chain was asked: without it, `valid` means valid off-chain only, which is not inclusion. */
  checkedOnChain: boolean;
  /** Whether the file carries the account id and salt that show the leaf is this account's. */
  bound: boolean;
  /** Whether the registry came from the customer or a deployment record, not from the proof file alone. */
  trustedRegistry: boolean;
  offChain: VerifyResult;
  /** Set when the file names another registry or exchange than the customer's: nothing else was checked. */
  refused?: Refusal;
  onChain?: OnChainReport;
}

/** The off-chain check alone: valid means valid off-chain and bound to the account, which is not inclusion. */
export function verifyProofOffChain(proof: InclusionProof): VerifyReport {
  const offChain = verifyProof(proof);
  const bound = proof.leaf.accountId !== undefined && proof.leaf.salt !== undefined;
  return { checkedOnChain: false, bound, trustedRegistry: false, offChain, valid: offChain.valid && bound };
}

/**
 * Checks a proof off-chain and on-chain with checkInclusion (an eth_call: the exchange never learns who
 * checked). The registry and exchange are the customer's choice, or for the registry a recorded deployment
 * for the chain; the proof file fills in only what nothing else names (the registry only when
 * `registryFromFile`), and a file that names something else is refused (`RegistryMismatch`,
 * `ExchangeMismatch`). The file's assets and decimals must be the epoch's on-chain list (`AssetListMismatch`).
 */
export async function verifyProofOnChain(
  proof: InclusionProof,
  chain: ChainConnection,
  choice: TrustChoice,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const base = verifyProofOffChain(proof);
  const { provider, chainId } = chain;
  if (choice.chainId !== undefined && choice.chainId !== chainId) {
    throw new InputError(
      `${chain.label} is connected to chain ${chainId}, but you asked to check on chain ${choice.chainId}; connect to chain ${choice.chainId}`,
    );
  }
  if (proof.chainId !== undefined && proof.chainId !== chainId) {
    throw new InputError(
      `the proof is for chain ${proof.chainId} but ${chain.label} is chain ${chainId}; use a connection to chain ${proof.chainId}`,
    );
  }
  const registryChoice = await chooseRegistry(choice.registry, chainId, proof.registry, options);
  if ("refused" in registryChoice) return { ...base, valid: false, refused: registryChoice.refused };
  const exchangeChoice = chooseExchange(choice.exchangeId, proof.exchangeId);
  if ("refused" in exchangeChoice) return { ...base, valid: false, refused: exchangeChoice.refused };
  const { registry, source: registrySource, file: registryFile, shipped: registryFileShipped } = registryChoice;
  const { exchangeId, source: exchangeSource } = exchangeChoice;

  if ((await provider.getCode(registry)) === "0x")
    throw new InputError(`there is no contract at ${registry} on chain ${chainId}`);
  const client = new RegistryClient(registry, provider);
  const exchangeCount = await client.exchangeCount();
  if (exchangeId === 0n || exchangeId > exchangeCount) {
    throw new InputError(`the registry at ${registry} has no exchange ${exchangeId}`);
  }
  const exchange = await client.exchangeInfo(exchangeId);
  const epoch = choice.epoch ?? proof.epoch ?? exchange.latestEpoch;
  const epochSource: EpochSource =
    choice.epoch !== undefined ? "option" : proof.epoch !== undefined ? "proof-file" : "latest";
  if (epoch === 0n)
    throw new InputError(`exchange ${exchangeId} (${JSON.stringify(exchange.name)}) has posted nothing yet`);
  if (epoch > exchange.latestEpoch) {
    throw new InputError(
      `exchange ${exchangeId} (${JSON.stringify(exchange.name)}) has posted ${exchange.latestEpoch} epoch(s); there is no epoch ${epoch}`,
    );
  }
  const [attestation, audit, auditors, namedLike, latestBlock, reserves] = await Promise.all([
    client.attestation(exchangeId, epoch),
    client.audit(exchangeId, epoch),
    client.auditors(exchangeId),
    exchangesNamedLike(client, exchange, exchangeCount),
    provider.getBlock("latest"),
    choice.lens === undefined
      ? undefined
      : reservesOnChain(choice.lens, provider, { registry, chainId, exchangeId, epoch }),
  ]);
  const assetDifference = assetListDifference(proof, attestation.assets);
  const inclusionCheck = options.inclusion ?? "eth_call";
  const inclusion =
    assetDifference !== undefined
      ? undefined
      : inclusionCheck === "local"
        ? checkInclusionLocally(proof, attestation)
        : await client.checkInclusion(proof, exchangeId, epoch);
  // An old epoch that still holds the account proves nothing about now: the customer must ask for it.
  const staleFromFile = epochSource === "proof-file" && epoch !== exchange.latestEpoch;
  const valid = assetDifference === undefined && inclusion?.valid === true && !staleFromFile;
  const failure =
    assetDifference !== undefined
      ? { error: "AssetListMismatch", errorArgs: [assetDifference] }
      : inclusion !== undefined && !inclusion.valid
        ? { error: inclusion.error, errorArgs: inclusion.args.map(String) }
        : staleFromFile
          ? {
              error: "NotLatestEpoch",
              errorArgs: [
                `the proof file is for epoch ${epoch}, but the exchange has posted up to epoch ${exchange.latestEpoch}; ask the exchange for your proof of the latest epoch (solvent verify --epoch ${epoch} checks the older one on purpose)`,
              ],
            }
          : {};
  const onChain: OnChainReport = {
    chainId,
    registry,
    registrySource,
    ...(registryFile !== undefined ? { registryFile, registryFileShipped: registryFileShipped === true } : {}),
    exchangeId,
    exchangeSource,
    exchange,
    sameNameExchanges: namedLike.sameName,
    unreadableNames: namedLike.unreadable,
    epoch,
    epochSource,
    latest: epoch === exchange.latestEpoch,
    valid,
    inclusionCheck,
    ...failure,
    attestation,
    audit: { ...audit, auditorCount: BigInt(auditors.auditors.length) },
    ageSeconds: BigInt(latestBlock!.timestamp) - attestation.asOf,
    solvency: solvencyOf(attestation),
    ...(reserves !== undefined && "assets" in reserves
      ? { onChainReserves: reserves.assets, lens: getAddress(choice.lens!), reserveWallets: reserves.wallets }
      : {}),
    warnings: [],
  };
  onChain.warnings = warningsFor(onChain);
  const oddInId = proof.leaf.accountId === undefined ? [] : unusualCharacters(proof.leaf.accountId);
  if (oddInId.length > 0) {
    onChain.warnings.push(
      `The account id has characters beyond plain ASCII (${oddInId.join(", ")}), which can imitate other letters or be invisible: check it letter by letter against your account.`,
    );
  }
  if (reserves !== undefined)
    onChain.warnings.push(...("problem" in reserves ? [reserves.problem] : reserves.warnings));
  return {
    ...base,
    checkedOnChain: true,
    trustedRegistry: registrySource !== "proof-file",
    valid: base.valid && valid && registrySource !== "proof-file",
    onChain,
  };
}

/**
 * Reserves read on-chain now through a SolvencyLens. The lens names its wallets contract, and both are
 * accepted only when their code is Solvent's compiled code deployed for this registry (genuine-code.ts): the
 * genuine lens pointed at a rogue wallets contract, or any other code, is refused with a warning. Each asset
 * tracked on-chain comes with its token, flagged when not on the chain's short list of known assets.
 */
async function reservesOnChain(
  lens: string,
  provider: Provider,
  at: { registry: string; chainId: bigint; exchangeId: bigint; epoch: bigint },
): Promise<{ assets: OnChainReserve[]; wallets: string; warnings: string[] } | { problem: string }> {
  const { registry, chainId, exchangeId, epoch } = at;
  const lensAddress = getAddress(lens);
  const notShown = "no reserves on-chain are shown; the reserves the exchange claims are its word alone";
  const client = new SolvencyLensClient(lensAddress, provider);
  try {
    const wallets = await client.reserveWallets().then(getAddress, () => ZeroAddress);
    const [lensCode, walletsCode] = await Promise.all([provider.getCode(lensAddress), provider.getCode(wallets)]);
    if (!sameCode(lensCode, solvencyLensCode(registry, wallets))) {
      return {
        problem: `The solvency lens ${lensAddress} is not Solvent's SolvencyLens of the registry ${registry}: ${notShown}.`,
      };
    }
    if (!sameCode(walletsCode, reserveWalletsCode(registry, wallets, chainId))) {
      return {
        problem: `The reserve wallets contract ${wallets} that the lens ${lensAddress} reads is not Solvent's ReserveWallets of the registry ${registry}: ${notShown}.`,
      };
    }
    const walletsClient = new ReserveWalletsClient(wallets, provider);
    const assets = await Promise.all(
      (await client.solvency(exchangeId, epoch)).assets.map(async (asset): Promise<OnChainReserve> => {
        if (!asset.onChain) return asset;
        const { token } = await walletsClient.assetToken(exchangeId, asset.symbol);
        const native = isNativeCoin(token);
        // The token's symbol is whatever its deployer chose: shown, but cut to a length that cannot bury the page.
        const own = await tokenSymbol(token, provider);
        const symbol = native ? nativeSymbol(chainId) : own === undefined ? "(no symbol)" : own.slice(0, 32);
        return {
          ...asset,
          token: { address: getAddress(token), symbol, native, known: knownAsset(chainId, token, asset.symbol) },
        };
      }),
    );
    const warnings = assets
      .filter((asset) => asset.token !== undefined && !asset.token.known)
      .map(({ symbol, token }) =>
        token!.native
          ? `The reserves on-chain of ${symbol} are counted in chain ${chainId}'s native coin (${JSON.stringify(token!.symbol)}), which Solvent does not know as ${symbol}: the exchange chose to count it as ${symbol}. Check that chain ${chainId}'s coin is the asset you hold.`
          : `The reserves on-chain of ${symbol} are counted in the token ${token!.address} (${JSON.stringify(token!.symbol)}), which is not on Solvent's short list of well-known assets of chain ${chainId} for ${symbol}: the exchange chose it, and a token anyone can deploy and mint proves nothing. Check the address against the asset's official one.`,
      );
    // Genuine code proves what the contracts do, not that they are the registry's one pair: anyone can deploy
    // another pair for the same registry, and a wallet that signs for both is counted by both exchanges.
    warnings.push(
      `The reserves on-chain are read through ${lensAddress} and the wallets contract ${wallets}, which run Solvent's code for this registry, but no canonical deployment names them yet: anyone can deploy such a pair, so a wallet counted here may also be counted for another exchange through another pair. Treat these figures as the exchange's claim, read from the chain.`,
    );
    return { assets, wallets, warnings };
  } catch (error) {
    return {
      problem: `Reserves on-chain could not be read through the lens ${lensAddress} (${(error as Error).message.split("\n")[0]}).`,
    };
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

async function chooseRegistry(
  chosen: string | undefined,
  chainId: bigint,
  inFile: string | undefined,
  options: VerifyOptions,
): Promise<{ registry: string; source: RegistrySource; file?: string; shipped?: boolean } | { refused: Refusal }> {
  const recorded = chosen === undefined ? await options.findDeployment?.(chainId) : undefined;
  const trusted =
    chosen !== undefined
      ? { registry: getAddress(chosen), source: "option" as const }
      : recorded !== undefined
        ? {
            registry: getAddress(recorded.registry),
            source: "deployment" as const,
            file: recorded.file,
            shipped: recorded.shipped === true,
          }
        : undefined;
  if (trusted === undefined) {
    if (inFile === undefined || options.registryFromFile !== true)
      throw new InputError(`no registry address: choose the registry you trust for chain ${chainId}`);
    return { registry: getAddress(inFile), source: "proof-file" };
  }
  if (inFile !== undefined && !sameAddress(inFile, trusted.registry)) {
    const where =
      trusted.source === "option"
        ? (options.registryChoiceName ?? "the registry you chose")
        : `the deployment recorded for chain ${chainId} in ${trusted.file} (pass --registry to choose another)`;
    return {
      refused: {
        reason: "RegistryMismatch",
        trusted: trusted.registry,
        trustedFrom: trusted.source,
        inFile: getAddress(inFile),
        message: `the proof file names the registry ${getAddress(inFile)}, but ${where} is ${trusted.registry}. A proof checked against a registry the exchange chose proves nothing; ask the exchange why, or check the address you trust`,
      },
    };
  }
  return trusted;
}

function chooseExchange(
  chosen: bigint | undefined,
  inFile: bigint | undefined,
): { exchangeId: bigint; source: ExchangeSource } | { refused: Refusal } {
  if (chosen === undefined) {
    if (inFile === undefined) throw new InputError("the proof file names no exchange: pass --exchange ID");
    return { exchangeId: inFile, source: "proof-file" };
  }
  if (inFile !== undefined && inFile !== chosen) {
    return {
      refused: {
        reason: "ExchangeMismatch",
        trusted: chosen.toString(),
        trustedFrom: "option",
        inFile: inFile.toString(),
        message: `the proof file is for exchange ${inFile}, but you asked to check exchange ${chosen}`,
      },
    };
  }
  return { exchangeId: chosen, source: "option" };
}

/** How the file's asset labels and decimals differ from the epoch's on-chain list, or undefined if they agree. */
function assetListDifference(proof: InclusionProof, onChain: readonly Asset[]): string | undefined {
  const show = (symbols: readonly string[], decimals?: readonly number[]) =>
    symbols.map((symbol, i) => (decimals ? `${symbol}:${decimals[i]}` : symbol)).join(",");
  const sameSymbols =
    proof.assets.length === onChain.length && proof.assets.every((symbol, i) => symbol === onChain[i]!.symbol);
  const sameDecimals =
    proof.decimals === undefined || proof.decimals.every((decimals, i) => decimals === onChain[i]?.decimals);
  if (sameSymbols && sameDecimals) return undefined;
  return `the file labels the balances ${show(proof.assets, proof.decimals)}, but the epoch was posted as ${show(
    onChain.map((a) => a.symbol),
    onChain.map((a) => a.decimals),
  )}`;
}

/**
 * Other exchanges on the registry that a customer could mistake for this one by name, every one compared
 * (RegistryClient.exchangeNames: events, else calls by id), and those whose name is not UTF-8.
 */
async function exchangesNamedLike(
  client: RegistryClient,
  exchange: ExchangeView,
  count: bigint,
): Promise<{ sameName: bigint[]; unreadable: { exchangeId: bigint; name: string }[] }> {
  const names = await client.exchangeNames(count);
  const skeleton = nameSkeleton(exchange.name);
  const others = [...names].filter(([id]) => id !== exchange.exchangeId).sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    sameName: others.filter(([, name]) => nameSkeleton(name.text) === skeleton).map(([id]) => id),
    unreadable: others.filter(([, name]) => !name.utf8).map(([exchangeId, name]) => ({ exchangeId, name: name.text })),
  };
}

function warningsFor(report: OnChainReport): string[] {
  const warnings: string[] = [];
  if (report.registrySource === "proof-file") {
    warnings.push(
      `Only the proof file names the registry ${report.registry}, and the exchange wrote that file. Check the address against one you trust (the exchange's public announcements, Solvent's deployments) and pass it with --registry.`,
    );
  }
  if (report.registrySource === "deployment" && report.registryFileShipped !== true) {
    warnings.push(
      `The registry address comes from ${report.registryFile}, a deployment record that does not ship with Solvent: whoever gave you that folder chose the registry. Check ${report.registry} against an address you trust (the exchange's public announcements, Solvent's deployments).`,
    );
  }
  if (report.exchangeSource === "proof-file") {
    warnings.push(
      `The exchange id ${report.exchangeId} comes from the proof file: check that ${JSON.stringify(report.exchange.name)} is the exchange you hold an account with.`,
    );
  }
  const unusual = unusualCharacters(report.exchange.name);
  if (unusual.length > 0) {
    warnings.push(
      `The exchange's name has characters beyond plain ASCII (${unusual.join(", ")}), which can imitate other letters or be invisible: check it letter by letter.`,
    );
  }
  if (!report.exchange.nameUtf8) {
    warnings.push(
      `The exchange's name is not valid UTF-8 text: it is shown with \uFFFD where its bytes are not letters. An exchange that means to be recognised does not register such a name.`,
    );
  }
  // Anyone can register names: many unreadable ones make one warning, not a flood.
  const unreadable = report.unreadableNames;
  if (unreadable.length > 0 && unreadable.length <= 3) {
    for (const { exchangeId, name } of unreadable) {
      warnings.push(
        `The name of exchange ${exchangeId} is not valid UTF-8 text; read with \uFFFD in its place, ${JSON.stringify(name)}, it was compared with this one as shown.`,
      );
    }
  } else if (unreadable.length > 3) {
    warnings.push(
      `${unreadable.length} other exchanges (${unreadable.map((u) => u.exchangeId).join(", ")}) have names that are not valid UTF-8 text; read with \uFFFD in their place, they were compared with this one as shown.`,
    );
  }
  if (report.sameNameExchanges.length > 0) {
    warnings.push(
      `Other exchanges on this registry have the same or a look-alike name: ${report.sameNameExchanges.join(", ")}. Make sure exchange ${report.exchangeId} (admin ${report.exchange.admin}) is the one you mean.`,
    );
  }
  if (freshnessOf(report.attestation.status, report.ageSeconds) === "stale") {
    warnings.push(
      `The snapshot is stale: the balances are as of ${report.ageSeconds / 86_400n} days ago (more than ${STALE_AFTER_SECONDS / 86_400n}), the exchange has posted nothing newer, and much may have changed since.`,
    );
  }
  const short = report.solvency.filter((s) => s.liabilities > s.reserves).map((s) => s.symbol);
  if (short.length > 0) {
    warnings.push(`The exchange claims less in reserves than it owes its customers in ${short.join(", ")}.`);
  }
  if (report.audit.threshold > 0n && !report.audit.audited) {
    warnings.push(
      `The exchange asks for ${report.audit.threshold} auditor signature(s), and epoch ${report.epoch} has ${report.audit.signers.length}: it is not audited (yet).`,
    );
  }
  if (report.attestation.status === "Revoked")
    warnings.push(`The exchange revoked epoch ${report.epoch}: its figures no longer stand.`);
  if (!report.latest && report.epochSource !== "proof-file") {
    warnings.push(
      `Epoch ${report.epoch} is not the latest: exchange ${report.exchangeId} has posted up to epoch ${report.exchange.latestEpoch}. Ask for your proof of the latest epoch.`,
    );
  }
  return warnings;
}
