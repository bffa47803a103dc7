// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title Solvent solvency feed
/// @notice A Chainlink-compatible feed of one exchange's one asset: its reserves, its liabilities or the
/// ratio of the two. Rounds are epochs: roundId = epoch, startedAt = the snapshot time (asOf),
/// updatedAt = the posting time, answeredInRound = roundId. Consumers should judge staleness by
/// `startedAt`, the time the balances were taken, not only by `updatedAt`.
/// @dev Revoked rounds revert with `RoundRevoked`, so a consumer that reads the latest round fails closed.
interface ISolvencyFeed is AggregatorV3Interface {
    /// @notice What the feed answers.
    /// @dev Reserves: the reserves the exchange posted with the epoch. Liabilities: the tree's root sum.
    /// Ratio: reserves / liabilities in basis points (4 decimals: 10000 = 1.0); type(int256).max when
    /// nothing is owed.
    enum Metric {
        Reserves,
        Liabilities,
        Ratio
    }

    /// @notice The exchange's current asset list does not contain the asset (at feed creation).
    error AssetNotListed(uint256 exchangeId, bytes32 asset);
    /// @notice The exchange has posted nothing yet.
    error NoRounds(uint256 exchangeId);
    /// @notice No epoch has this round id.
    error UnknownRound(uint80 roundId);
    /// @notice The exchange revoked this epoch: its figures must not be used.
    error RoundRevoked(uint80 roundId);
    /// @notice The epoch's asset list does not contain the feed's asset.
    error AssetNotInRound(uint80 roundId, bytes32 asset);

    /// @notice The registry the feed reads.
    function registry() external view returns (address);

    /// @notice The exchange the feed reports on.
    function exchangeId() external view returns (uint256);

    /// @notice The asset symbol the feed reports on, as `bytes32` right-padded ASCII.
    function asset() external view returns (bytes32);

    /// @notice What the feed answers.
    function metric() external view returns (Metric);
}
