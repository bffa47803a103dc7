// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestationRegistryErrors} from "./IAttestationRegistryErrors.sol";

/// @title Solvent attestation registry, read side
/// @notice What a contract reading the registry needs: exchanges, their admins and asset lists, epochs and
/// their audit state. Nothing here changes state. The lens, the feeds, the reserve wallets and the example
/// token depend on this interface only; `IAttestationRegistry` adds the writers and the proof verifiers.
interface IAttestationRegistryReader is IAttestationRegistryErrors {
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

    // ---------------------------------------------------------------- audits

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
}
