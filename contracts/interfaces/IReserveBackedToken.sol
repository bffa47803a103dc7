// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISolvencyLens} from "./ISolvencyLens.sol";

/// @title Reserve-backed token (example consumer)
/// @notice A wrapped asset whose minting is guarded by the exchange's proof of reserves, read from the
/// Solvent lens and registry. `mint` succeeds only when the latest epoch exists, is not revoked, has a
/// snapshot at most `maxAge` old, is signed by at least `requiredAuditors` of the token's `trustedAuditors`,
/// lists the asset, and the new supply stays within the backing: usable reserves minus what customers are owed.
/// @dev Written to be copied. Whom to trust is chosen by the token's deployer and fixed at deployment, never by
/// the exchange or the token's owner: the auditors whose signatures count (auditors the exchange adds itself
/// count only if the deployer listed them; the exchange's own audit threshold is ignored), the token the
/// asset must be on this chain, if any (`reserveToken`), and `maxAge`. The owner only mints.
///
/// The figures it trusts: reserves the exchange claims, signed by the trusted auditors, capped by the live
/// balance of its registered wallets when `reserveToken` is set. A live balance alone is never trusted (a flash
/// loan can raise it inside one transaction), and liabilities are subtracted because the same reserves back the
/// exchange's customers first.
///
/// Trust in contracts: the token believes the lens given at deployment and the registry and reserve wallets
/// that lens named then (`registry`, `reserveWallets`); check all three addresses before deploying.
///
/// Not coordinated between tokens: several tokens backed by the same exchange and asset (or by assets sharing
/// the same reserves) each count the same surplus in full, so together they can mint more than it. Deploy one
/// token per exchange and asset, or coordinate their supplies yourself.
///
/// Liveness is the exchange's: the trusted auditors can countersign only while the exchange lists them as
/// auditors in the registry, and a newer unaudited epoch stops minting until they sign it.
interface IReserveBackedToken {
    /// @notice The lens could not read the exchange's latest epoch (e.g. `NoAttestation`: nothing posted).
    /// @param reason The lens's revert data.
    error ReservesUnavailable(bytes reason);
    /// @notice The exchange revoked its latest epoch: no minting until a new one is posted.
    /// @param epoch The revoked epoch.
    error EpochRevoked(uint256 epoch);
    /// @notice The latest snapshot, taken at `asOf`, is more than `maxAge` seconds old (or in the future).
    /// @param asOf Snapshot time of the latest epoch.
    /// @param maxAge The token's maximum snapshot age.
    error StaleReserves(uint256 asOf, uint256 maxAge);
    /// @notice Fewer than `requiredAuditors` of the token's trusted auditors have a counting signature on the
    /// latest epoch (signed in their current term while still the exchange's auditors). The exchange's own
    /// audit threshold and auditors it added itself do not matter.
    /// @param epoch The latest epoch.
    /// @param signed How many trusted auditors signed it.
    /// @param required How many must (`requiredAuditors`).
    error NotAuditedByTrustedAuditors(uint256 epoch, uint256 signed, uint256 required);
    /// @notice The asset is not tracked on this chain as `reserveToken`: the exchange unmapped it, or mapped it
    /// to another token, so the on-chain cap cannot be applied.
    /// @param expected The token fixed at deployment (`reserveToken`).
    /// @param actual The token the reserve wallets map the asset to now (zero: not tracked).
    error ReserveTokenMismatch(address expected, address actual);
    /// @notice The latest epoch does not list the token's asset.
    /// @param epoch The latest epoch.
    /// @param asset The token's asset.
    error AssetNotInEpoch(uint256 epoch, bytes32 asset);
    /// @notice Minting would bring the supply to `supply`, above the backing `backing` (token units).
    /// @param supply Total supply after the mint.
    /// @param backing Reserves net of liabilities, in token units.
    error InsufficientReserves(uint256 supply, uint256 backing);
    /// @notice Token decimals above 36 are not supported (the registry's limit; conversions could overflow).
    /// @param decimals The decimals asked for.
    error InvalidDecimals(uint8 decimals);
    /// @notice At most `max` trusted auditors may be listed.
    /// @param count The number listed.
    /// @param max The limit (16, the registry's limit on an exchange's auditors).
    error TooManyTrustedAuditors(uint256 count, uint256 max);
    /// @notice A trusted auditor is the zero address or is listed twice.
    /// @param auditor The address listed.
    error InvalidTrustedAuditor(address auditor);
    /// @notice `requiredAuditors` must be at least 1 and at most the number of trusted auditors.
    /// @param required The number asked for.
    /// @param trusted The number of trusted auditors listed.
    error InvalidRequiredAuditors(uint256 required, uint256 trusted);

    /// @notice The lens the token reads, fixed at deployment.
    function lens() external view returns (ISolvencyLens);

    /// @notice The registry the lens read at deployment (`lens.registry()`), asked who signed the epoch.
    function registry() external view returns (address);

    /// @notice The reserve wallets the lens read at deployment (`lens.reserveWallets()`), asked which token
    /// the asset maps to.
    function reserveWallets() external view returns (address);

    /// @notice The exchange whose reserves back the token.
    function exchangeId() external view returns (uint256);

    /// @notice The exchange's asset the token wraps, as `bytes32` right-padded ASCII.
    function asset() external view returns (bytes32);

    /// @notice Seconds a reserves snapshot stays usable, counted from its snapshot time (not its posting).
    /// Fixed at deployment.
    function maxAge() external view returns (uint256);

    /// @notice The auditors whose signatures count, chosen by the deployer and fixed at deployment.
    function trustedAuditors() external view returns (address[] memory);

    /// @notice How many of `trustedAuditors` must have signed the latest epoch, fixed at deployment.
    function requiredAuditors() external view returns (uint256);

    /// @notice The token the asset must map to in the reserve wallets (an ERC-20, or their `NATIVE_COIN`) for
    /// its live balance to cap the claim; zero when the asset is not expected on this chain, and the audited
    /// claim counts alone. Fixed at deployment.
    function reserveToken() external view returns (address);

    /// @notice Mints `amount` to `to` after the reserve checks. Owner only.
    /// @dev Reverts with `ReservesUnavailable`, `EpochRevoked`, `StaleReserves`, `NotAuditedByTrustedAuditors`,
    /// `AssetNotInEpoch`, `ReserveTokenMismatch` or `InsufficientReserves`.
    /// @param to The recipient.
    /// @param amount Token units to mint.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` of the caller's tokens (redemption).
    /// @param amount Token units to burn.
    function burn(uint256 amount) external;

    /// @notice The most the supply may be now, in token units: usable reserves (the claim; the lower of claimed
    /// and on-chain when `reserveToken` is set) minus liabilities, at least 0, rounded down. The same surplus
    /// is counted again by every other token backed by the exchange's asset. Reverts like `mint` when the
    /// latest epoch is unusable.
    function backing() external view returns (uint256);
}
