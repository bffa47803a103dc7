// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {IAttestationRegistryReader} from "./interfaces/IAttestationRegistryReader.sol";
import {ISolvencyFeed} from "./interfaces/ISolvencyFeed.sol";
import {ISolvencyFeedFactory} from "./interfaces/ISolvencyFeedFactory.sol";
import {SolvencyFeed} from "./SolvencyFeed.sol";

/// @title SolvencyFeedFactory
/// @notice Deploys SolvencyFeed adapters with CREATE2, one per (exchange, asset, metric).
contract SolvencyFeedFactory is ISolvencyFeedFactory {
    IAttestationRegistryReader private immutable _registry;

    constructor(IAttestationRegistryReader registry_) {
        _registry = registry_;
    }

    /// @inheritdoc ISolvencyFeedFactory
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISolvencyFeedFactory
    function createFeed(
        uint256 exchangeId,
        bytes32 asset,
        ISolvencyFeed.Metric metric
    ) external returns (address feed) {
        address existing = feedOf(exchangeId, asset, metric);
        if (existing != address(0)) revert FeedExists(existing);
        feed = address(new SolvencyFeed{salt: _salt(exchangeId, asset, metric)}(_registry, exchangeId, asset, metric));
        emit FeedCreated(exchangeId, asset, metric, feed);
    }

    /// @inheritdoc ISolvencyFeedFactory
    function feedAddress(uint256 exchangeId, bytes32 asset, ISolvencyFeed.Metric metric) public view returns (address) {
        bytes32 initCodeHash = keccak256(
            abi.encodePacked(type(SolvencyFeed).creationCode, abi.encode(_registry, exchangeId, asset, metric))
        );
        return Create2.computeAddress(_salt(exchangeId, asset, metric), initCodeHash);
    }

    /// @inheritdoc ISolvencyFeedFactory
    function feedOf(uint256 exchangeId, bytes32 asset, ISolvencyFeed.Metric metric) public view returns (address) {
        address feed = feedAddress(exchangeId, asset, metric);
        return feed.code.length == 0 ? address(0) : feed;
    }

    function _salt(uint256 exchangeId, bytes32 asset, ISolvencyFeed.Metric metric) private pure returns (bytes32) {
        return keccak256(abi.encode(exchangeId, asset, metric));
    }
}
