/**
 * Solvent's public API: what an exchange needs to build trees and hand out proofs, what a customer needs
 * to check a proof against the chain, and what a dapp needs to read attestation and solvency state.
 * Everything else in src/ is internal and may change without notice.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------- errors

/**
 * `InputError`: bad input from the caller (a file, an argument, a value); its message says what is wrong,
 * where, and what to do. `InvariantError`: a broken internal rule, a bug to report.
 */
export { InputError, InvariantError, UnreachableError, type SourceLocation } from "./errors.js";

// ---------------------------------------------------------------- building a tree

/**
 * An asset of a tree: its symbol (1–31 printable ASCII characters) and decimals (0–36). The registry takes
 * symbols as `bytes32` (`symbolToBytes32`). Every balance and sum is below `MAX_AMOUNT` (2^128 − 1 at most).
 */
export { symbolToBytes32, bytes32ToSymbol, type Asset } from "./spec/assets.js";
export { MAX_AMOUNT } from "./spec/encoding.js";

/**
 * `buildTree(assets, accounts, { pool? })`: the Merkle sum tree of a set of accounts, in memory (with a
 * `HashPool`, hashed on every core). `AccountInput` is one account as an object; `AccountColumns` the same
 * accounts as a few large buffers, as `readBalancesColumns` reads them from a CSV export.
 */
export { buildTree, type BuildOptions, type MerkleSumTree, type AccountInput } from "./tree/build.js";
export type { AccountColumns } from "./tree/columns.js";

/** Reads a balances CSV export (docs/spec.md) into account columns, exactly, refusing anything it cannot hold. */
export { readBalancesColumns, type BalancesColumns, type ReadColumnsOptions } from "./io/balances-columns.js";

/** Worker threads that hash, for `buildTree` and `buildTreeStore`; start once, reuse, `close()` when done. */
export { HashPool } from "./store/hash-pool.js";

// ---------------------------------------------------------------- proofs

/**
 * `proofAt(tree, position)`: one account's proof from an in-memory tree. `indexOfAccount` finds the
 * position of an account id. `verifyProof`: the off-chain check, exactly as the registry runs it.
 */
export {
  proofAt,
  indexOfAccount,
  verifyProof,
  type InclusionProof,
  type ProofSibling,
  type VerifyResult,
  type FailedCheck,
} from "./tree/proof.js";

/** Proof files (`solvent-proof-v1`): parse, serialize, read and write (atomically, owner-only). */
export { parseProof, serializeProof, PROOF_FORMAT } from "./io/proof-format.js";
export { readProofFile, writeProofFile } from "./io/proof-file.js";

// ---------------------------------------------------------------- proof stores

/**
 * `buildTreeStore(assets, columns, folder, { pool })`: builds a tree straight into a proof store holding
 * every account's proof, without holding the tree (what `solvent build` does at exchange scale).
 * `readProofFromStore` reads one account's proof back.
 */
export { buildTreeStore, type BuiltStore } from "./store/build-store.js";
export { readProofFromStore, type TreeFacts } from "./store/proof-store.js";

/** Tree folders written by `solvent build`: the public `summary.json`, and one account's proof by id. */
export { readTreeSummary, readProofFromFolder, type TreeSummary } from "./store/tree-folder.js";

// ---------------------------------------------------------------- on-chain

/**
 * `verifyProofReport(proof, { rpc, registry, exchangeId })`: `solvent verify` as a function. Checks the
 * proof off-chain and against the registry and exchange the customer chose (never the file's alone), and
 * reports what the customer should compare (docs/spec.md, "Trust").
 */
export { verifyProofReport } from "./ops/verify-proof-rpc.js";
/**
 * The same checks with a connection the caller brings (a wallet's EIP-1193 provider, say): no file system,
 * so they run in a browser. The verifier page (src/web/) is built on these.
 */
export {
  verifyProofOnChain,
  verifyProofOffChain,
  type ChainConnection,
  type TrustChoice,
  type VerifyOptions,
  type DeploymentLookup,
  type OnChainTarget,
  type OnChainReport,
  type VerifyReport,
  type Refusal,
  type RegistrySource,
  type ExchangeSource,
} from "./ops/verify-proof.js";
export { verifierLink, type VerifierLinkParts } from "./ops/verifier-link.js";

/** Typed clients on ethers v6: the registry, the solvency lens and the Chainlink-compatible feeds. */
export {
  RegistryClient,
  type AttestationView,
  type AttestationStatus,
  type AuditView,
  type ExchangeView,
  type InclusionResult,
  type PostInput,
  type Cosignature,
} from "./chain/registry-client.js";
export {
  SolvencyLensClient,
  FeedClient,
  FeedFactoryClient,
  type SolvencyView,
  type AssetSolvencyView,
  type FeedRound,
  type FeedMetric,
} from "./chain/solvency-client.js";

/**
 * The reserves/liabilities ratio the lens and feeds report, in basis points (docs/spec.md, "Reserve ratio"):
 * nothing owed answers the ceiling, `UNBOUNDED_RATIO` (the lens's type(uint256).max) unless given another.
 */
export { ratioBps, RATIO_BPS, UNBOUNDED_RATIO } from "./spec/ratio.js";

/** Epoch records: where a registry keeps an epoch, readable with `eth_getCode` and no registry call. */
export { epochRecordAddress, decodeEpochRecord, type EpochRecord } from "./chain/epoch-record.js";

/** The deployments that ship with Solvent (and the user's deployments/ folder), by chain id. */
export { findDeploymentByChainId, type Deployment } from "./chain/deployments.js";

/** The contracts' ABIs, `as const` (viem and abitype infer types from them). Generated from the build. */
export { REGISTRY_ABI, RESERVE_WALLETS_ABI, SOLVENCY_LENS_ABI, FEED_FACTORY_ABI, FEED_ABI } from "./chain/abis.js";
