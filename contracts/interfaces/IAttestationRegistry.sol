// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestationRegistryReader} from "./IAttestationRegistryReader.sol";
import {Sibling} from "../types/Sibling.sol";

/// @title Solvent attestation registry
/// @notice One registry serves every exchange on a chain. For each epoch an exchange posts the root of a
/// Merkle sum tree over all customer accounts with its per-asset totals (liabilities) and claimed reserves.
/// Nothing posted is ever overwritten; an admin can only mark an epoch revoked. Anyone can check that an
/// account is included with `verifyInclusion`, an `eth_call` the exchange never sees. The tree and proof
/// formats are specified in docs/spec.md.
/// @dev The reads are in `IAttestationRegistryReader` and the errors in `IAttestationRegistryErrors`; this
/// interface adds what exchanges, auditors and customers call: registration and admin, posting and
/// revoking, auditing, and the proof verifiers.
interface IAttestationRegistry is IAttestationRegistryReader {
    /// @notice An auditor's EIP-712 signature over an epoch (see `attestationDigest`).
    /// @param auditor The signer: an EOA, or a contract that validates signatures with ERC-1271.
    /// @param signature 65-byte ECDSA signature (low s) for an EOA, or whatever the contract accepts.
    struct Cosignature {
        address auditor;
        bytes signature;
    }

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
}
