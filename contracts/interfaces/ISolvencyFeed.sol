// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title Solvent solvency feed
/// @notice A Chainlink-compatible feed of one exchange's one asset: its reserves, its liabilities or the
/// ratio of the two. Rounds are epochs: roundId = answeredInRound = epoch, and both startedAt and
/// updatedAt = the snapshot time (asOf), the time the balances were taken. A consumer's usual staleness
/// check on `updatedAt` therefore judges the balances, so old balances posted today read as old. The
/// posting time is `postedAt(roundId)`.
/// @dev Revoked rounds revert with `RoundRevoked`, so a consumer that reads the latest round fails closed.
/// Reserves are what the exchange claims (self-declared); whether auditors signed the epoch is in the
/// registry (`audit`), and live wallet balances are in the lens.
interface ISolvencyFeed is AggregatorV3Interface {
    /// @notice What the feed answers.
    /// @dev Reserves: the reserves the exchange claimed with the epoch, rescaled rounding down.
    /// Liabilities: the tree's root sum, what customers are owed, rescaled rounding up (never understated).
    /// Ratio: claimed reserves / liabilities in basis points (4 decimals: 10000 = 1.0), rounded down and
    /// capped at `maxRatio()`; zero liabilities answer `maxRatio()` (nothing owed: fully covered). The rule is
    /// `SolvencyMath.ratioBps` with the ceiling `maxRatio()`, the lens's rule under a lower ceiling.
    enum Metric {
        Reserves,
        Liabilities,
        Ratio
    }

    /// @notice The exchange's current asset list does not contain the asset (at feed creation).
    /// @param exchangeId The exchange.
    /// @param asset The asset asked for.
    error AssetNotListed(uint256 exchangeId, bytes32 asset);
    /// @notice The exchange has posted nothing yet.
    /// @param exchangeId The exchange.
    error NoRounds(uint256 exchangeId);
    /// @notice No epoch has this round id.
    /// @param roundId The round asked for.
    error UnknownRound(uint80 roundId);
    /// @notice The exchange revoked this epoch: its figures must not be used.
    /// @param roundId The revoked round.
    error RoundRevoked(uint80 roundId);
    /// @notice The epoch's asset list does not contain the feed's asset.
    /// @param roundId The round read.
    /// @param asset The feed's asset.
    error AssetNotInRound(uint80 roundId, bytes32 asset);

    /// @notice Decimals of the answer: the asset's decimals when the feed was created, 4 for `Ratio`.
    /// Rounds posted with other decimals are rescaled (see `Metric` for the rounding).
    function decimals() external view returns (uint8);

    /// @notice What the figure is, e.g. "Acme USDT reserves, claimed by the exchange (self-declared; see
    /// the registry for audits)", "Acme USDT liabilities to customers (Merkle sum tree root)" or
    /// "Acme USDT claimed reserves / liabilities".
    function description() external view returns (string memory);

    /// @notice Version of this adapter: 2 (updatedAt is the snapshot time, `postedAt`, capped ratio).
    function version() external view returns (uint256);

    /// @notice The round of epoch `roundId`.
    /// @dev Reverts with `UnknownRound`, `RoundRevoked` or `AssetNotInRound`.
    /// @param roundId The epoch.
    /// @return The epoch, as asked.
    /// @return answer The figure (see `Metric`), in `decimals()`.
    /// @return startedAt The snapshot time (asOf).
    /// @return updatedAt The snapshot time (asOf), as `startedAt`.
    /// @return answeredInRound The epoch.
    function getRoundData(
        uint80 roundId
    ) external view returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The round of the newest epoch. Never falls back to an older one.
    /// @dev Reverts with `NoRounds`, `RoundRevoked` or `AssetNotInRound`.
    /// @return roundId The epoch.
    /// @return answer The figure (see `Metric`), in `decimals()`.
    /// @return startedAt The snapshot time (asOf).
    /// @return updatedAt The snapshot time (asOf), as `startedAt`.
    /// @return answeredInRound The epoch.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The registry the feed reads.
    function registry() external view returns (address);

    /// @notice The exchange the feed reports on.
    function exchangeId() external view returns (uint256);

    /// @notice The asset symbol the feed reports on, as `bytes32` right-padded ASCII.
    function asset() external view returns (bytes32);

    /// @notice What the feed answers.
    function metric() external view returns (Metric);

    /// @notice The largest answer of a `Ratio` feed: 10^10, i.e. 1,000,000.0000x. Larger ratios and zero
    /// liabilities answer this, so a consumer may multiply the answer without overflow.
    function maxRatio() external pure returns (int256);

    /// @notice Block time at which the round's epoch was posted (`updatedAt` is the snapshot time).
    /// @dev Reverts with `UnknownRound` or `RoundRevoked` like `getRoundData`.
    /// @param roundId The round (epoch).
    function postedAt(uint80 roundId) external view returns (uint256);
}
