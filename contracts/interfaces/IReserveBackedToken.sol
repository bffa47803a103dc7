// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title Reserve-backed token (example consumer)
/// @notice A wrapped asset whose minting is guarded by a proof-of-reserve feed: it refuses to mint when
/// the supply would exceed the reserves, when the reserves snapshot is older than `maxAge`, when the feed
/// cannot answer (a revoked latest epoch, nothing posted) or when the feed answers zero or less.
/// @dev Unlike Aave's proof-of-reserve executor, staleness is checked, and on the snapshot time
/// (`startedAt`) rather than the posting time, so a fresh post of old balances does not pass.
interface IReserveBackedToken {
    /// @notice The feed reverted; `reason` is its revert data (e.g. `RoundRevoked`).
    error ReserveFeedUnavailable(bytes reason);
    /// @notice The feed answered zero or a negative number.
    error InvalidReserves(int256 answer);
    /// @notice The reserves snapshot taken at `snapshotTime` is more than `maxAge` seconds old.
    error StaleReserves(uint256 snapshotTime, uint256 maxAge);
    /// @notice Minting would bring the supply to `supply`, above the reserves `reserves` (token units).
    error InsufficientReserves(uint256 supply, uint256 reserves);

    /// @notice The minter changed the maximum snapshot age.
    event MaxAgeSet(uint256 maxAge);

    /// @notice The proof-of-reserve feed that guards minting.
    function reserveFeed() external view returns (AggregatorV3Interface);

    /// @notice Seconds a reserves snapshot stays usable.
    function maxAge() external view returns (uint256);

    /// @notice Sets `maxAge`. Owner only.
    function setMaxAge(uint256 maxAge) external;

    /// @notice Mints `amount` to `to` after the reserve checks. Owner only.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` of the caller's tokens (redemption).
    function burn(uint256 amount) external;

    /// @notice The reserves the feed reports now, in token units; reverts like `mint` when unusable.
    function currentReserves() external view returns (uint256);
}
