// The public surface of the Solvent toolkit.
export { InputError, InvariantError, type SourceLocation } from "./errors.js";
export { type Asset, validateAssets, symbolToBytes32, bytes32ToSymbol, MAX_ASSETS, MAX_DECIMALS } from "./spec/assets.js";
export { type Hex, keccak256, toHex, fromHex } from "./spec/bytes.js";
export { accountKey, leafHash, depthFor, emptyRecord, MAX_AMOUNT } from "./spec/encoding.js";
export { buildTree, buildTreeParallel, buildTreeFromSortedLeaves, type AccountInput, type SumTree, type TreeLeaf } from "./tree/build.js";
export { columnsFromAccounts, type AccountColumns } from "./tree/columns.js";
export { buildColumnTree, buildColumnTreeParallel, type ColumnTree } from "./tree/build-columns.js";
export { buildTreeStore, type BuiltStore } from "./store/build-store.js";
export { HashPool } from "./store/hash-pool.js";
export {
  proofAt,
  verifyProof,
  recomputeRoot,
  indexOfAccount,
  type InclusionProof,
  type ProofSibling,
  type VerifyResult,
  type FailedCheck,
} from "./tree/proof.js";
export { serializeProof, parseProof, readProofFile, writeProofFile, PROOF_FORMAT } from "./io/proof-file.js";
export { readProofFromStore, writeProofStore } from "./store/proof-store.js";
export { readBalancesColumns } from "./io/balances-columns.js";
export { packProof } from "./chain/packed-proof.js";
export { decodeEpochRecord, epochRecordAddress, EPOCH_RECORD_INIT_CODE, type EpochRecord } from "./chain/epoch-record.js";
export { writeFileAtomic } from "./io/atomic.js";
export { RegistryClient, type AttestationView, type PostInput, type InclusionResult } from "./chain/registry-client.js";
