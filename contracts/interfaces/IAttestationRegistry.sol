// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISumTreeErrors} from "./ISumTreeErrors.sol";
import {Sibling} from "../types/Sibling.sol";

/// @title Solvent attestation registry
/// @notice One registry serves every exchange on a chain. For each epoch an exchange posts the root of a
/// Merkle sum tree over all customer accounts with its per-asset totals (liabilities) and claimed reserves.
/// Nothing posted is ever overwritten; an admin can only mark an epoch revoked. Anyone can check that an
/// account is included with `verifyInclusion`, an `eth_call` the exchange never sees. The tree and proof
/// formats are specified in docs/spec.md.
interface IAttestationRegistry is ISumTreeErrors {
    /// @notice Lifecycle of an epoch. `None` means nothing was posted under that number.
    enum Status {
        None,
        Active,
        Revoked
    }

    /// @notice An exchange as a dapp reads it.
    /// @param name Display name given at registration: printable ASCII (see `InvalidNameCharacter`). Names
    /// registered before that rule was enforced (older deployments) may hold any bytes.
    /// @param admin May name publishers, change assets, revoke epochs and hand over admin rights.
    /// @param pendingAdmin Account that may accept admin rights, or zero.
    /// @param latestEpoch Number of the newest epoch, 0 before the first post.
    /// @param lastAsOf Snapshot time of the newest epoch, 0 before the first post.
    /// @param assetListId Id of the asset list that the next epoch will be posted with.
    /// @param assets Asset symbols for the next epoch, as `bytes32` right-padded ASCII.
    /// @param decimals Decimals of each asset, in the same order.
    struct ExchangeInfo {
        string name;
        address admin;
        address pendingAdmin;
        uint256 latestEpoch;
        uint256 lastAsOf;
        uint256 assetListId;
        bytes32[] assets;
        uint8[] decimals;
    }

    /// @notice One epoch as a dapp reads it.
    /// @param root Root hash of the Merkle sum tree.
    /// @param leafCount Number of accounts in the tree.
    /// @param asOf Snapshot time of the balances (unix seconds).
    /// @param postedAt Block time of the post.
    /// @param status Active or Revoked.
    /// @param assetListId Id of the asset list the epoch was posted with.
    /// @param assets Asset symbols of the epoch.
    /// @param decimals Decimals of each asset.
    /// @param liabilities Root sums: the total owed to customers per asset, in base units.
    /// @param reserves Reserves the exchange claims per asset, in base units.
    /// @param uri Where the exchange publishes more about the epoch (may be empty).
    struct Attestation {
        bytes32 root;
        uint256 leafCount;
        uint256 asOf;
        uint256 postedAt;
        Status status;
        uint256 assetListId;
        bytes32[] assets;
        uint8[] decimals;
        uint256[] liabilities;
        uint256[] reserves;
        string uri;
    }

    /// @notice An auditor's EIP-712 signature over an epoch (see `attestationDigest`).
    /// @param auditor The signer: an EOA, or a contract that validates signatures with ERC-1271.
    /// @param signature 65-byte ECDSA signature (low s) for an EOA, or whatever the contract accepts.
    struct Cosignature {
        address auditor;
        bytes signature;
    }

    /// @notice Audit state of one epoch.
    /// @param audited Whether the threshold of distinct current auditors has signed; once true, stays true.
    /// @param auditedAt Block time at which the epoch became audited, 0 while it is not.
    /// @param threshold The exchange's current threshold (0: no auditing set up).
    /// @param signers Auditors whose signature on the epoch counts now (current auditors, signed in their
    /// current term).
    struct AuditInfo {
        bool audited;
        uint256 auditedAt;
        uint256 threshold;
        address[] signers;
    }

    // ---------------------------------------------------------------- errors

    /// @notice No exchange has this id.
    /// @param exchangeId The id asked for.
    error UnknownExchange(uint256 exchangeId);

    /// @notice `account` is not the exchange's admin.
    /// @param exchangeId The exchange.
    /// @param account The caller.
    error NotAdmin(uint256 exchangeId, address account);

    /// @notice `account` is not allowed to post for the exchange.
    /// @param exchangeId The exchange.
    /// @param account The caller.
    error NotPublisher(uint256 exchangeId, address account);

    /// @notice `account` is not the pending admin of the exchange.
    /// @param exchangeId The exchange.
    /// @param account The caller.
    error NotPendingAdmin(uint256 exchangeId, address account);

    /// @notice The exchange name is empty or longer than 64 bytes.
    /// @param length The name's length in bytes.
    error InvalidName(uint256 length);

    /// @notice A name is printable ASCII (0x20-0x7e) with no space at either end. Customers compare names
    /// by eye, and every reader must decode the same bytes to the same text: ASCII has no invalid encodings,
    /// no invisible characters and no look-alike letters from other scripts (a Cyrillic "А" for "A"), and
    /// the trimmed ends keep "Acme" and "Acme " from passing as one name.
    /// @param position The offending byte's position in the name (0 for a leading space).
    /// @param character The offending byte.
    error InvalidNameCharacter(uint256 position, bytes1 character);

    /// @notice A uri is printable ASCII without spaces (0x21-0x7e), as RFC 3986 writes every uri; anything
    /// else is percent-encoded.
    /// @param position The offending byte's position in the uri.
    /// @param character The offending byte.
    error InvalidUriCharacter(uint256 position, bytes1 character);

    /// @notice An address argument is zero where an account is needed.
    error ZeroAddress();

    /// @notice An asset list must have between 1 and 64 assets.
    /// @param count The number of assets given.
    error InvalidAssetCount(uint256 count);

    /// @notice `assets` and `decimals` differ in length.
    /// @param assets The number of symbols.
    /// @param decimals The number of decimals.
    error AssetListLengthMismatch(uint256 assets, uint256 decimals);

    /// @notice A symbol must be 1 to 31 printable ASCII bytes (0x21-0x7e), right-padded with zeros.
    /// @param index The symbol's position in the list.
    /// @param symbol The symbol as given.
    error InvalidAssetSymbol(uint256 index, bytes32 symbol);

    /// @notice The same symbol appears twice in an asset list.
    /// @param symbol The repeated symbol.
    error DuplicateAsset(bytes32 symbol);

    /// @notice Decimals must be at most 36.
    /// @param index The asset's position in the list.
    /// @param decimals The decimals given for it.
    error InvalidDecimals(uint256 index, uint8 decimals);

    /// @notice A root of zero is the empty leaf and never a real tree.
    error ZeroRoot();

    /// @notice The leaf count must be between 1 and 2^64 - 1.
    /// @param leafCount The leaf count given.
    error InvalidLeafCount(uint256 leafCount);

    /// @notice Snapshot times must strictly increase per exchange.
    /// @param asOf The snapshot time given.
    /// @param lastAsOf The snapshot time of the exchange's newest epoch.
    error AsOfNotIncreasing(uint256 asOf, uint256 lastAsOf);

    /// @notice A snapshot cannot be later than the block that records it.
    /// @param asOf The snapshot time given.
    /// @param blockTimestamp The time of the block.
    error AsOfInFuture(uint256 asOf, uint256 blockTimestamp);

    /// @notice `liabilities` must have one entry per asset.
    /// @param expected The number of assets in the exchange's current list.
    /// @param actual The number of liabilities given.
    error LiabilityCountMismatch(uint256 expected, uint256 actual);

    /// @notice `reserves` must have one entry per asset.
    /// @param expected The number of assets in the exchange's current list.
    /// @param actual The number of reserves given.
    error ReserveCountMismatch(uint256 expected, uint256 actual);

    /// @notice Nothing was posted under this epoch.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch asked for.
    error UnknownAttestation(uint256 exchangeId, uint256 epoch);

    /// @notice The epoch was revoked: it no longer verifies and cannot be revoked again.
    /// @param exchangeId The exchange.
    /// @param epoch The revoked epoch.
    error RevokedAttestation(uint256 exchangeId, uint256 epoch);

    /// @notice The exchange has no asset list with this id.
    /// @param exchangeId The exchange.
    /// @param assetListId The id asked for.
    error UnknownAssetList(uint256 exchangeId, uint256 assetListId);

    /// @notice The symbol is not among the epoch's assets.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch read.
    /// @param asset The symbol asked for.
    error UnknownAsset(uint256 exchangeId, uint256 epoch, bytes32 asset);

    /// @notice The proof's leaf has a different number of balances than the epoch has assets.
    /// @param expected The epoch's number of assets.
    /// @param actual The number of balances in the proof.
    error BalanceCountMismatch(uint256 expected, uint256 actual);

    /// @notice The proof must have exactly ceil(log2(leafCount)) siblings.
    /// @param expected The tree's depth.
    /// @param actual The number of siblings in the proof.
    error ProofLengthMismatch(uint256 expected, uint256 actual);

    /// @notice The leaf index is not below the leaf count (positions past it are padding).
    /// @param index The leaf index in the proof.
    /// @param leafCount The epoch's leaf count.
    error LeafIndexOutOfRange(uint256 index, uint256 leafCount);

    /// @notice The proof leads to another root.
    /// @param expected The epoch's root.
    /// @param computed The root the proof leads to.
    error RootMismatch(bytes32 expected, bytes32 computed);

    /// @notice The proof's root sums differ from the posted liabilities.
    /// @param assetIndex The first asset whose sum differs.
    /// @param expected The posted liability of that asset.
    /// @param computed The sum the proof leads to.
    error TotalMismatch(uint256 assetIndex, uint256 expected, uint256 computed);

    /// @notice `account` is not a current auditor of the exchange.
    /// @param exchangeId The exchange.
    /// @param account The account named as an auditor.
    error NotAuditor(uint256 exchangeId, address account);

    /// @notice The auditor is already in (allowed = true) or already out of (false) the exchange's auditors.
    /// @param exchangeId The exchange.
    /// @param auditor The auditor.
    /// @param allowed What the call asked for.
    error AuditorUnchanged(uint256 exchangeId, address auditor, bool allowed);

    /// @notice An exchange has at most `max` auditors.
    /// @param max The registry's limit (16).
    error TooManyAuditors(uint256 max);

    /// @notice The uri is longer than the registry stores.
    /// @param length The uri's length in bytes.
    /// @param max The registry's limit (4,096 bytes).
    error UriTooLong(uint256 length, uint256 max);

    /// @notice The exchange has changed its asset list as often as the registry allows (65,535 times).
    /// @param exchangeId The exchange.
    error TooManyAssetLists(uint256 exchangeId);

    /// @notice The epoch's record could not be stored (only when the post ran short of gas).
    /// @param exchangeId The exchange.
    /// @param epoch The epoch being posted.
    error EpochNotStored(uint256 exchangeId, uint256 epoch);

    /// @notice The audit threshold must be between 1 and the maximum number of auditors.
    /// @param threshold The threshold given.
    error InvalidThreshold(uint256 threshold);

    /// @notice The signature is not the auditor's signature of the epoch's typed data.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch signed.
    /// @param auditor The auditor the signature is said to be from.
    error InvalidCosignature(uint256 exchangeId, uint256 epoch, address auditor);

    // ---------------------------------------------------------------- events

    /// @notice A new exchange was registered; `admin` is also its first publisher.
    /// @param exchangeId The new exchange's id.
    /// @param admin The registering account, now the exchange's admin.
    /// @param name The exchange's display name.
    event ExchangeRegistered(uint256 indexed exchangeId, address indexed admin, string name);

    /// @notice The exchange's asset list for future epochs was set.
    /// @param exchangeId The exchange.
    /// @param assetListId The new list's id (1 at registration, then counting up).
    /// @param assets The asset symbols, as `bytes32` right-padded ASCII.
    /// @param decimals The decimals of each asset, in the same order.
    event AssetsSet(uint256 indexed exchangeId, uint256 indexed assetListId, bytes32[] assets, uint8[] decimals);

    /// @notice `account` was allowed or disallowed to post.
    /// @param exchangeId The exchange.
    /// @param account The publisher.
    /// @param allowed Whether it may post from now on.
    event PublisherSet(uint256 indexed exchangeId, address indexed account, bool allowed);

    /// @notice An admin handover emptied the exchange's publishers, `previousAdmin` and everyone it named;
    /// a `PublisherSet` for `newAdmin` follows in the same transaction.
    /// @param exchangeId The exchange.
    /// @param previousAdmin The admin whose publishers no longer post.
    /// @param newAdmin The admin that accepted, from now on the only publisher until it names others.
    event PublishersCleared(uint256 indexed exchangeId, address indexed previousAdmin, address indexed newAdmin);

    /// @notice The admin offered admin rights to `pendingAdmin` (zero cancels an offer).
    /// @param exchangeId The exchange.
    /// @param admin The current admin, who made the offer.
    /// @param pendingAdmin The account that may accept, or zero.
    event AdminTransferStarted(uint256 indexed exchangeId, address indexed admin, address indexed pendingAdmin);

    /// @notice Admin rights moved from `previousAdmin` to `newAdmin`.
    /// @param exchangeId The exchange.
    /// @param previousAdmin The admin until now.
    /// @param newAdmin The admin from now on (the pending admin that accepted).
    event AdminTransferred(uint256 indexed exchangeId, address indexed previousAdmin, address indexed newAdmin);

    /// @notice An epoch was posted.
    /// @param exchangeId The exchange.
    /// @param epoch The new epoch's number.
    /// @param root Root hash of the Merkle sum tree.
    /// @param leafCount Number of accounts in the tree.
    /// @param asOf Snapshot time of the balances.
    /// @param assetListId Id of the asset list the epoch was posted with.
    /// @param liabilities The root's sums, per asset, in base units.
    /// @param reserves The claimed reserves, per asset, in base units.
    /// @param uri Where the exchange publishes more about the epoch (may be empty).
    /// @param publisher The account that posted.
    event AttestationPosted(
        uint256 indexed exchangeId,
        uint256 indexed epoch,
        bytes32 indexed root,
        uint256 leafCount,
        uint256 asOf,
        uint256 assetListId,
        uint256[] liabilities,
        uint256[] reserves,
        string uri,
        address publisher
    );

    /// @notice An epoch was revoked; its data stays readable.
    /// @param exchangeId The exchange.
    /// @param epoch The revoked epoch.
    /// @param reason The admin's explanation.
    event AttestationRevoked(uint256 indexed exchangeId, uint256 indexed epoch, string reason);

    /// @notice `auditor` was added to (allowed) or removed from the exchange's auditors.
    /// @param exchangeId The exchange.
    /// @param auditor The auditor.
    /// @param allowed True when added (a new term begins), false when removed.
    event AuditorSet(uint256 indexed exchangeId, address indexed auditor, bool allowed);

    /// @notice The number of distinct current auditors needed for an epoch to read as audited.
    /// @param exchangeId The exchange.
    /// @param threshold The new threshold.
    event AuditThresholdSet(uint256 indexed exchangeId, uint256 threshold);

    /// @notice A valid auditor signature on an epoch was recorded.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch signed.
    /// @param auditor The auditor whose signature was recorded.
    event AttestationCountersigned(uint256 indexed exchangeId, uint256 indexed epoch, address indexed auditor);

    /// @notice The epoch reached the threshold: `signatures` distinct current auditors out of `threshold` needed.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch now audited.
    /// @param signatures Distinct current auditors whose signatures count.
    /// @param threshold The threshold at the time.
    event AttestationAudited(uint256 indexed exchangeId, uint256 indexed epoch, uint256 signatures, uint256 threshold);

    // ---------------------------------------------------------------- exchanges

    /// @notice Registers an exchange; the caller becomes its admin and a publisher.
    /// @param name Display name, 1 to 64 bytes of printable ASCII with no space at either end (see
    /// `InvalidNameCharacter`).
    /// @param assets Asset symbols for the first epochs (see `InvalidAssetSymbol`), distinct.
    /// @param decimals Decimals of each asset, at most 36.
    /// @return exchangeId The new id: 1, 2, 3…
    function registerExchange(
        string calldata name,
        bytes32[] calldata assets,
        uint8[] calldata decimals
    ) external returns (uint256 exchangeId);

    /// @notice Allows or disallows `account` to post epochs. Admin only.
    /// @param exchangeId The exchange.
    /// @param account The account to allow or disallow.
    /// @param allowed Whether it may post from now on.
    function setPublisher(uint256 exchangeId, address account, bool allowed) external;

    /// @notice Replaces the asset list for epochs posted from now on; past epochs keep theirs. Admin only.
    /// @param exchangeId The exchange.
    /// @param assets Asset symbols (see `InvalidAssetSymbol`), distinct.
    /// @param decimals Decimals of each asset, at most 36.
    /// @return assetListId The id of the new list.
    function setAssets(
        uint256 exchangeId,
        bytes32[] calldata assets,
        uint8[] calldata decimals
    ) external returns (uint256 assetListId);

    /// @notice First step of an admin handover: offers admin rights to `newAdmin` (zero cancels). Admin only.
    /// @param exchangeId The exchange.
    /// @param newAdmin The account offered admin rights, or zero to cancel an offer.
    function transferAdmin(uint256 exchangeId, address newAdmin) external;

    /// @notice Second step of an admin handover, called by the pending admin. The new admin is then the
    /// only publisher: the previous admin and every publisher it named stop posting (`PublishersCleared`),
    /// and the new admin may name publishers again.
    /// @dev Everything else the new admin inherits as it is: the name; the asset list and every past one;
    /// every posted epoch, including any posted before the handover (it may revoke them); the auditors, their
    /// terms and signatures, and the audit threshold (review them: an auditor the old admin named keeps
    /// signing until removed); and, in ReserveWallets, which read admin rights from here, the reserve
    /// wallets, foreign wallets and asset tokens. Until the handover is accepted the old admin keeps every
    /// right, publishing included.
    /// @param exchangeId The exchange.
    function acceptAdmin(uint256 exchangeId) external;

    // ---------------------------------------------------------------- epochs

    /// @notice Posts the next epoch. Publisher only.
    /// @param exchangeId The exchange.
    /// @param root Root hash of the sum tree.
    /// @param leafCount Number of accounts in the tree, at least 1.
    /// @param asOf Snapshot time: later than the previous epoch's and not after this block.
    /// @param liabilities The root's sums, one per asset, each below 2^128.
    /// @param reserves Claimed reserves, one per asset, each below 2^128 (0 when not claimed).
    /// @param uri Where more about this epoch is published: empty, or at most 4,096 bytes of printable ASCII
    /// without spaces (see `InvalidUriCharacter`).
    /// @return epoch The new epoch number: 1, 2, 3… per exchange.
    function postAttestation(
        uint256 exchangeId,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256[] calldata liabilities,
        uint256[] calldata reserves,
        string calldata uri
    ) external returns (uint256 epoch);

    /// @notice Marks an active epoch revoked. Its data and events stay; it no longer verifies. Admin only.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch to revoke: posted and still active.
    /// @param reason Why, for readers of the `AttestationRevoked` event (not stored).
    function revokeAttestation(uint256 exchangeId, uint256 epoch, string calldata reason) external;

    /// @notice Posts the next epoch together with auditors' signatures of it (they sign the epoch number
    /// the post will get). Publisher only. Reverts when any signature is invalid.
    /// @param exchangeId The exchange.
    /// @param root Root hash of the sum tree.
    /// @param leafCount Number of accounts in the tree, at least 1.
    /// @param asOf Snapshot time: later than the previous epoch's and not after this block.
    /// @param liabilities The root's sums, one per asset, each below 2^128.
    /// @param reserves Claimed reserves, one per asset, each below 2^128 (0 when not claimed).
    /// @param uri Where more about this epoch is published: empty, or at most 4,096 bytes of printable ASCII
    /// without spaces (see `InvalidUriCharacter`).
    /// @param cosignatures Auditors' signatures of the epoch the post creates (see `attestationDigest`).
    /// @return epoch The new epoch number.
    function postAttestationCountersigned(
        uint256 exchangeId,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256[] calldata liabilities,
        uint256[] calldata reserves,
        string calldata uri,
        Cosignature[] calldata cosignatures
    ) external returns (uint256 epoch);

    // ---------------------------------------------------------------- auditors

    /// @notice Adds (`allowed`) or removes an auditor. Admin only. A removed auditor's signatures stop
    /// counting for epochs not yet audited, also if the auditor is added again later (a new term).
    /// @param exchangeId The exchange.
    /// @param auditor The auditor: an EOA, or a contract that validates signatures with ERC-1271.
    /// @param allowed True to add it (opening a new term), false to remove it.
    function setAuditor(uint256 exchangeId, address auditor, bool allowed) external;

    /// @notice Sets how many distinct current auditors must sign an epoch for it to read as audited. Admin only.
    /// @dev Epochs already audited stay audited. A lower threshold applies to an epoch at its next `countersign`.
    /// @param exchangeId The exchange.
    /// @param threshold Distinct current auditors needed for an epoch to read as audited, 1 to 16.
    function setAuditThreshold(uint256 exchangeId, uint256 threshold) external;

    /// @notice Records auditors' signatures of a posted, active epoch; anyone may submit them. Marks the
    /// epoch audited once the threshold is reached (an empty list just re-checks the threshold).
    /// @dev A signature already counted for its auditor's current term is skipped, so a batch cannot be
    /// made to revert by submitting one of its signatures first. Any invalid signature reverts the batch.
    /// Signatures are checked once, when recorded: an ERC-1271 auditor that later stops approving the
    /// digest does not un-count its signature. To retire an auditor's signatures, the admin removes it.
    /// @param exchangeId The exchange.
    /// @param epoch A posted, unrevoked epoch.
    /// @param cosignatures Auditors' signatures of the epoch (see `attestationDigest`).
    function countersign(uint256 exchangeId, uint256 epoch, Cosignature[] calldata cosignatures) external;

    /// @notice The EIP-712 digest `auditor` signs for a posted epoch: the typed data
    /// `Attestation(uint256 exchangeId,uint256 epoch,bytes32 root,uint256 leafCount,uint256 asOf,bytes32[] assets,uint8[] decimals,uint256[] liabilities,uint256[] reserves,string uri,uint256 auditorTerm)`
    /// under the domain {name: "Solvent AttestationRegistry", version: "2", chainId, verifyingContract: this}.
    /// @dev `auditorTerm` is the auditor's current term (see `auditorTerm`), so a signature made in an earlier
    /// term never counts again; `decimals` bind the denomination the amounts are in. Reverts with `NotAuditor`
    /// when `auditor` is not a current auditor, and `UnknownAttestation` for an epoch never posted.
    /// @param exchangeId The exchange.
    /// @param epoch A posted epoch.
    /// @param auditor The current auditor who is to sign.
    function attestationDigest(uint256 exchangeId, uint256 epoch, address auditor) external view returns (bytes32);

    /// @notice The term `auditor` serves in for the exchange, 0 when it is not a current auditor. Each
    /// addition of an auditor opens a new term, numbered 1, 2, 3… across the exchange's auditors.
    /// @param exchangeId The exchange.
    /// @param auditor The account asked about.
    function auditorTerm(uint256 exchangeId, address auditor) external view returns (uint256);

    /// @notice The exchange's current auditors and threshold.
    /// @param exchangeId The exchange.
    /// @return accounts The current auditors.
    /// @return threshold Distinct current auditors needed for an epoch to read as audited (0: none set).
    function auditors(uint256 exchangeId) external view returns (address[] memory accounts, uint256 threshold);

    /// @notice Whether `account` is a current auditor of the exchange.
    /// @param exchangeId The exchange.
    /// @param account The account asked about.
    function isAuditor(uint256 exchangeId, address account) external view returns (bool);

    /// @notice Audit state of an epoch. Reverts with `UnknownAttestation` when nothing was posted under it.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    function audit(uint256 exchangeId, uint256 epoch) external view returns (AuditInfo memory);

    // ---------------------------------------------------------------- verification

    /// @notice Whether a proof shows the account with these balances in the epoch's tree.
    /// @dev False for an unknown or revoked epoch and for any malformed proof; never reverts on proof data.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    /// @param accountKey keccak256(salt ‖ utf8(NFC(accountId))).
    /// @param balances The account's balances in base units, in the epoch's asset order.
    /// @param index The leaf's position in the tree.
    /// @param siblings One sibling per level, from the leaf level up.
    function verifyInclusion(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) external view returns (bool);

    /// @notice Like `verifyInclusion`, but reverts with the error that names the failed check.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    /// @param accountKey keccak256(salt ‖ utf8(NFC(accountId))).
    /// @param balances The account's balances in base units, in the epoch's asset order.
    /// @param index The leaf's position in the tree.
    /// @param siblings One sibling per level, from the leaf level up.
    function checkInclusion(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) external view;

    /// @notice `verifyInclusion` for a proof in the packed calldata form (docs/spec.md, "Packed proofs"):
    /// the same checks on the same tree, for about half the gas, since calldata carries each amount in
    /// its significant bytes and nothing is ABI-decoded.
    /// @dev False for an unknown or revoked epoch and for any malformed or invalid proof; never reverts on
    /// proof data.
    /// @param packed exchangeId ‖ epoch ‖ index ‖ K ‖ depth ‖ accountKey ‖ balances ‖ siblings.
    function verifyInclusionPacked(bytes calldata packed) external view returns (bool);

    // ---------------------------------------------------------------- reads

    /// @notice Number of registered exchanges; ids run from 1 to this number.
    function exchangeCount() external view returns (uint256);

    /// @notice The exchange's admin data and current asset list. Reverts for an unknown id.
    /// @param exchangeId The exchange.
    function exchange(uint256 exchangeId) external view returns (ExchangeInfo memory);

    /// @notice The exchange's admin. Reverts for an unknown id.
    /// @param exchangeId The exchange.
    function adminOf(uint256 exchangeId) external view returns (address);

    /// @notice Whether `account` may post for the exchange.
    /// @param exchangeId The exchange.
    /// @param account The account asked about.
    function isPublisher(uint256 exchangeId, address account) external view returns (bool);

    /// @notice Every account that may post for the exchange (the `PublisherSet` and `PublishersCleared`
    /// events tell the history: an admin handover empties the list before adding the new admin).
    /// @param exchangeId The exchange.
    function publishers(uint256 exchangeId) external view returns (address[] memory);

    /// @notice The asset list with this id. Reverts when the exchange has no such list.
    /// @param exchangeId The exchange.
    /// @param assetListId The list's id, from 1 to the exchange's current one.
    /// @return assets Asset symbols, as `bytes32` right-padded ASCII.
    /// @return decimals Decimals of each asset, in the same order.
    function assetList(
        uint256 exchangeId,
        uint256 assetListId
    ) external view returns (bytes32[] memory assets, uint8[] memory decimals);

    /// @notice Number of the newest epoch, 0 before the first post.
    /// @param exchangeId The exchange.
    function latestEpoch(uint256 exchangeId) external view returns (uint256);

    /// @notice An epoch, revoked or not. Reverts with `UnknownAttestation` when nothing was posted under it.
    /// @dev Every read of an epoch (this, `audit`, `assetPosition`, the verifiers) first checks that the
    /// epoch is between 1 and `latestEpoch`, whatever code is found at its record's address.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    function attestation(uint256 exchangeId, uint256 epoch) external view returns (Attestation memory);

    /// @notice The newest epoch and its data. Reverts with `UnknownAttestation` before the first post.
    /// @param exchangeId The exchange.
    function latestAttestation(uint256 exchangeId) external view returns (uint256 epoch, Attestation memory);

    /// @notice Status of an epoch (None when nothing was posted under it).
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    function status(uint256 exchangeId, uint256 epoch) external view returns (Status);

    /// @notice Whether the newest epoch is active and its snapshot is at most `maxAge` seconds old.
    /// @dev False before the first post and when the newest epoch was revoked.
    /// @param exchangeId The exchange.
    /// @param maxAge The oldest snapshot accepted, in seconds before this block.
    function isFresh(uint256 exchangeId, uint256 maxAge) external view returns (bool);

    /// @notice Liabilities and claimed reserves of one asset in one epoch, in base units.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch.
    /// @param asset The asset symbol, as `bytes32` right-padded ASCII.
    /// @return liabilities The root's sum for the asset.
    /// @return reserves The reserves claimed for it.
    function assetPosition(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 asset
    ) external view returns (uint256 liabilities, uint256 reserves);
}
