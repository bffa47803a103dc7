// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestationRegistry} from "./interfaces/IAttestationRegistry.sol";
import {ISolvencyFeed} from "./interfaces/ISolvencyFeed.sol";
import {Decimals} from "./libraries/Decimals.sol";

/// @title SolvencyFeed
/// @notice AggregatorV3Interface over the registry for one (exchange, asset, metric). Holds no data.
contract SolvencyFeed is ISolvencyFeed {
    uint8 private constant RATIO_DECIMALS = 4;
    uint256 private constant BPS = 10_000;

    IAttestationRegistry private immutable _registry;
    uint256 public immutable exchangeId;
    bytes32 public immutable asset;
    Metric public immutable metric;
    uint8 public immutable decimals;
    string public description;

    /// @dev Reverts with the registry's `UnknownExchange`, or `AssetNotListed` when the exchange's current
    /// asset list lacks `asset_`. The feed's decimals are that asset's decimals now (4 for the ratio);
    /// rounds posted with other decimals are converted.
    constructor(IAttestationRegistry registry_, uint256 exchangeId_, bytes32 asset_, Metric metric_) {
        IAttestationRegistry.ExchangeInfo memory info = registry_.exchange(exchangeId_);
        uint256 index = _indexOf(info.assets, asset_);
        if (index == type(uint256).max) revert AssetNotListed(exchangeId_, asset_);
        _registry = registry_;
        exchangeId = exchangeId_;
        asset = asset_;
        metric = metric_;
        decimals = metric_ == Metric.Ratio ? RATIO_DECIMALS : info.decimals[index];
        string memory what = metric_ == Metric.Reserves
            ? "reserves"
            : metric_ == Metric.Liabilities ? "liabilities" : "reserves/liabilities";
        description = string.concat(info.name, " ", _symbol(asset_), " ", what);
    }

    /// @inheritdoc ISolvencyFeed
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @notice Format version of this adapter.
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice The round of the given epoch. Reverts for unknown and revoked epochs.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80)
    {
        if (roundId == 0 || roundId > _registry.latestEpoch(exchangeId)) revert UnknownRound(roundId);
        (answer, startedAt, updatedAt) = _round(roundId);
        return (roundId, answer, startedAt, updatedAt, roundId);
    }

    /// @notice The round of the newest epoch. Reverts when it is revoked or nothing was posted.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 epoch = _registry.latestEpoch(exchangeId);
        if (epoch == 0) revert NoRounds(exchangeId);
        // Cast is safe: the registry stores epochs as uint64.
        roundId = uint80(epoch);
        (answer, startedAt, updatedAt) = _round(roundId);
        answeredInRound = roundId;
    }

    function _round(uint80 roundId) private view returns (int256 answer, uint256 startedAt, uint256 updatedAt) {
        IAttestationRegistry.Attestation memory posted = _registry.attestation(exchangeId, roundId);
        if (posted.status == IAttestationRegistry.Status.Revoked) revert RoundRevoked(roundId);
        uint256 index = _indexOf(posted.assets, asset);
        if (index == type(uint256).max) revert AssetNotInRound(roundId, asset);
        uint256 liabilities = posted.liabilities[index];
        uint256 reserves = posted.reserves[index];
        uint256 value;
        if (metric == Metric.Ratio) {
            // Amounts are below 2^128, so the product cannot overflow.
            value = liabilities == 0 ? uint256(type(int256).max) : reserves * BPS / liabilities;
        } else {
            value = Decimals.convert(metric == Metric.Reserves ? reserves : liabilities, posted.decimals[index], decimals);
        }
        // Cast is safe: amounts are below 2^128 and decimals at most 36, so value < 2^248.
        return (int256(value), posted.asOf, posted.postedAt);
    }

    function _indexOf(bytes32[] memory symbols, bytes32 symbol) private pure returns (uint256) {
        for (uint256 i; i < symbols.length; ++i) {
            if (symbols[i] == symbol) return i;
        }
        return type(uint256).max;
    }

    /// @dev The symbol's bytes up to the first zero (the registry guarantees printable ASCII).
    function _symbol(bytes32 symbol) private pure returns (string memory) {
        uint256 length;
        while (length < 32 && symbol[length] != 0) ++length;
        bytes memory text = new bytes(length);
        for (uint256 i; i < length; ++i) {
            text[i] = symbol[i];
        }
        return string(text);
    }
}
