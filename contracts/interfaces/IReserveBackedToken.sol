// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISolvencyLens} from "./ISolvencyLens.sol";

/// @title Reserve-backed token (example consumer)
/// @notice A wrapped asset whose minting is guarded by the exchange's proof of reserves, read from the
/// Solvent lens and registry. `mint` succeeds only when the latest epoch exists, is not revoked, has a
/// snapshot at most `maxAge` old, is audited whenever the exchange has auditors, lists the asset, and the
/// new supply stays within the backing: usable reserves minus what customers are owed.
/// @dev Written to be copied. The figures it trusts: reserves the exchange claims, capped by the live
/// balance of its registered wallets when the asset is tracked on this chain. A live balance alone is never
/// trusted (a flash loan can raise it inside one transaction), and liabilities are subtracted because the
/// same reserves back the exchange's customers first. For an exchange without auditors the claim is
/// self-declared: choose the exchange accordingly.
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
    /// @notice The exchange has auditors, and they have not signed the latest epoch (yet).
    /// @param epoch The latest epoch.
    error NotAudited(uint256 epoch);
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

    /// @notice The owner changed the maximum snapshot age.
    /// @param maxAge The new maximum, in seconds.
    event MaxAgeSet(uint256 maxAge);

    /// @notice The lens the token reads.
    function lens() external view returns (ISolvencyLens);

    /// @notice The registry the lens reads (`lens.registry()`), asked whether the exchange has auditors.
    function registry() external view returns (address);

    /// @notice The exchange whose reserves back the token.
    function exchangeId() external view returns (uint256);

    /// @notice The exchange's asset the token wraps, as `bytes32` right-padded ASCII.
    function asset() external view returns (bytes32);

    /// @notice Seconds a reserves snapshot stays usable, counted from its snapshot time (not its posting).
    function maxAge() external view returns (uint256);

    /// @notice Sets `maxAge`. Owner only.
    /// @param maxAge The new maximum, in seconds.
    function setMaxAge(uint256 maxAge) external;

    /// @notice Mints `amount` to `to` after the reserve checks. Owner only.
    /// @dev Reverts with `ReservesUnavailable`, `EpochRevoked`, `StaleReserves`, `NotAudited`,
    /// `AssetNotInEpoch` or `InsufficientReserves`.
    /// @param to The recipient.
    /// @param amount Token units to mint.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` of the caller's tokens (redemption).
    /// @param amount Token units to burn.
    function burn(uint256 amount) external;

    /// @notice The most the supply may be now, in token units: usable reserves (claimed, or the lower of
    /// claimed and on-chain when the asset is tracked on this chain) minus liabilities, at least 0, rounded
    /// down. Reverts like `mint` when the latest epoch is unusable.
    function backing() external view returns (uint256);
}
