// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestationRegistryReader} from "./interfaces/IAttestationRegistryReader.sol";
import {ISolvencyFeed} from "./interfaces/ISolvencyFeed.sol";
import {Decimals} from "./libraries/Decimals.sol";
import {SolvencyMath} from "./libraries/SolvencyMath.sol";

/// @title SolvencyFeed
/// @notice AggregatorV3Interface over the registry for one (exchange, asset, metric). Holds no data.
contract SolvencyFeed is ISolvencyFeed {
    uint8 private constant RATIO_DECIMALS = 4;
    /// @dev 1,000,000.0000x in basis points: far above any real ratio, far below overflow when multiplied.
    uint256 private constant MAX_RATIO = SolvencyMath.BPS * 1_000_000;

    IAttestationRegistryReader private immutable _registry;
    /// @inheritdoc ISolvencyFeed
    uint256 public immutable exchangeId;
    /// @inheritdoc ISolvencyFeed
    bytes32 public immutable asset;
    /// @inheritdoc ISolvencyFeed
    Metric public immutable metric;
    /// @inheritdoc ISolvencyFeed
    uint8 public immutable decimals;
    /// @inheritdoc ISolvencyFeed
    string public description;

    /// @dev Reverts with the registry's `UnknownExchange`, or `AssetNotListed` when the exchange's current
    /// asset list lacks `asset_`. The feed's decimals are that asset's decimals now (4 for the ratio);
    /// rounds posted with other decimals are converted.
    constructor(IAttestationRegistryReader registry_, uint256 exchangeId_, bytes32 asset_, Metric metric_) {
        IAttestationRegistryReader.ExchangeInfo memory info = registry_.exchange(exchangeId_);
        (bool listed, uint256 index) = SolvencyMath.indexOf(info.assets, asset_);
        if (!listed) revert AssetNotListed(exchangeId_, asset_);
        _registry = registry_;
        exchangeId = exchangeId_;
        asset = asset_;
        metric = metric_;
        decimals = metric_ == Metric.Ratio ? RATIO_DECIMALS : info.decimals[index];
        // Say where the figure comes from: reserves are the exchange's own claim, not a measurement.
        string memory what =
            metric_ == Metric.Reserves
                ? "reserves, claimed by the exchange (self-declared; see the registry for audits)"
                : metric_ == Metric.Liabilities
                    ? "liabilities to customers (Merkle sum tree root)"
                    : "claimed reserves / liabilities";
        description = string.concat(info.name, " ", _symbol(asset_), " ", what);
    }

    /// @inheritdoc ISolvencyFeed
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISolvencyFeed
    function version() external pure returns (uint256) {
        return 2;
    }

    /// @inheritdoc ISolvencyFeed
    function maxRatio() external pure returns (int256) {
        return int256(MAX_RATIO);
    }

    /// @inheritdoc ISolvencyFeed
    function postedAt(uint80 roundId) external view returns (uint256) {
        _checkKnown(roundId);
        IAttestationRegistryReader.Attestation memory posted = _registry.attestation(exchangeId, roundId);
        if (posted.status == IAttestationRegistryReader.Status.Revoked) revert RoundRevoked(roundId);
        return posted.postedAt;
    }

    /// @inheritdoc ISolvencyFeed
    function getRoundData(
        uint80 roundId
    ) external view returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80) {
        _checkKnown(roundId);
        (answer, startedAt) = _round(roundId);
        return (roundId, answer, startedAt, startedAt, roundId);
    }

    /// @inheritdoc ISolvencyFeed
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 epoch = _registry.latestEpoch(exchangeId);
        if (epoch == 0) revert NoRounds(exchangeId);
        // Cast is safe: the registry stores epochs as uint64.
        roundId = uint80(epoch);
        (answer, startedAt) = _round(roundId);
        updatedAt = startedAt;
        answeredInRound = roundId;
    }

    /// @dev Only epochs up to the registry's latest exist, whatever code sits at a later record's address.
    function _checkKnown(uint80 roundId) private view {
        if (roundId == 0 || roundId > _registry.latestEpoch(exchangeId)) revert UnknownRound(roundId);
    }

    /// @dev The answer and the snapshot time (asOf) of a known round.
    function _round(uint80 roundId) private view returns (int256 answer, uint256 asOf) {
        IAttestationRegistryReader.Attestation memory posted = _registry.attestation(exchangeId, roundId);
        if (posted.status == IAttestationRegistryReader.Status.Revoked) revert RoundRevoked(roundId);
        (bool listed, uint256 index) = SolvencyMath.indexOf(posted.assets, asset);
        if (!listed) revert AssetNotInRound(roundId, asset);
        uint256 liabilities = posted.liabilities[index];
        uint256 reserves = posted.reserves[index];
        uint256 value;
        if (metric == Metric.Ratio) {
            // Nothing owed, like any ratio above the cap, answers the cap (SolvencyMath's one convention).
            value = SolvencyMath.ratioBps(reserves, liabilities, MAX_RATIO);
        } else if (metric == Metric.Reserves) {
            // Reserves round down and liabilities up: rescaling never flatters the exchange.
            value = Decimals.convert(reserves, posted.decimals[index], decimals);
        } else {
            value = Decimals.convertUp(liabilities, posted.decimals[index], decimals);
        }
        // Cast is safe: amounts are below 2^128 and decimals at most 36, so value < 2^248.
        return (int256(value), posted.asOf);
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
