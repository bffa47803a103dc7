// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISolvencyFeed} from "./ISolvencyFeed.sol";

/// @title Solvent feed factory
/// @notice Deploys one `ISolvencyFeed` per (exchange, asset, metric) at a predictable address. Anyone may
/// deploy a feed: it only reads what the exchange posted.
interface ISolvencyFeedFactory {
    /// @notice The feed for this (exchange, asset, metric) exists already.
    /// @param feed The existing feed.
    error FeedExists(address feed);

    /// @notice A feed was deployed.
    /// @param exchangeId The exchange the feed reports on.
    /// @param asset The asset symbol the feed reports on.
    /// @param metric What the feed answers.
    /// @param feed The new feed's address.
    event FeedCreated(
        uint256 indexed exchangeId,
        bytes32 indexed asset,
        ISolvencyFeed.Metric indexed metric,
        address feed
    );

    /// @notice The registry every feed of this factory reads.
    function registry() external view returns (address);

    /// @notice Deploys the feed. Reverts with `AssetNotListed` (from the feed) when the asset is not in the
    /// exchange's current asset list.
    /// @param exchangeId The exchange the feed reports on.
    /// @param asset The asset symbol, as `bytes32` right-padded ASCII.
    /// @param metric What the feed answers.
    /// @return feed The new feed's address.
    function createFeed(uint256 exchangeId, bytes32 asset, ISolvencyFeed.Metric metric) external returns (address feed);

    /// @notice The address of the feed, deployed or not (CREATE2).
    /// @param exchangeId The exchange the feed reports on.
    /// @param asset The asset symbol, as `bytes32` right-padded ASCII.
    /// @param metric What the feed answers.
    function feedAddress(
        uint256 exchangeId,
        bytes32 asset,
        ISolvencyFeed.Metric metric
    ) external view returns (address);

    /// @notice The deployed feed, or zero when none exists yet.
    /// @param exchangeId The exchange the feed reports on.
    /// @param asset The asset symbol, as `bytes32` right-padded ASCII.
    /// @param metric What the feed answers.
    function feedOf(uint256 exchangeId, bytes32 asset, ISolvencyFeed.Metric metric) external view returns (address);
}
