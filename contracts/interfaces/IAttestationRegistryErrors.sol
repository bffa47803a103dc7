// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISumTreeErrors} from "./ISumTreeErrors.sol";

/// @title Solvent attestation registry errors
/// @notice Every error the registry reverts with, for any caller that decodes them: readers (an unknown
/// exchange, epoch, asset list or asset) and writers alike.
interface IAttestationRegistryErrors is ISumTreeErrors {
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
}
