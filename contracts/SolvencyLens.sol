// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAttestationRegistry} from "./interfaces/IAttestationRegistry.sol";
import {IReserveWallets} from "./interfaces/IReserveWallets.sol";
import {ISolvencyLens} from "./interfaces/ISolvencyLens.sol";

/// @title SolvencyLens
/// @notice Stateless reader that joins the registry's epochs, audits and the reserve wallets' balances.
contract SolvencyLens is ISolvencyLens {
    uint256 private constant BPS = 10_000;
    IAttestationRegistry private immutable _registry;
    IReserveWallets private immutable _wallets;

    constructor(IAttestationRegistry registry_, IReserveWallets wallets_) {
        _registry = registry_;
        _wallets = wallets_;
    }

    /// @inheritdoc ISolvencyLens
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISolvencyLens
    function reserveWallets() external view returns (address) {
        return address(_wallets);
    }

    /// @inheritdoc ISolvencyLens
    function solvency(uint256 exchangeId) external view returns (Solvency memory) {
        uint256 epoch = _registry.latestEpoch(exchangeId);
        if (epoch == 0) revert NoAttestation(exchangeId);
        return _solvency(exchangeId, epoch);
    }

    /// @inheritdoc ISolvencyLens
    function solvencyAt(uint256 exchangeId, uint256 epoch) external view returns (Solvency memory) {
        return _solvency(exchangeId, epoch);
    }

    function _solvency(uint256 exchangeId, uint256 epoch) private view returns (Solvency memory result) {
        IAttestationRegistry.Attestation memory posted = _registry.attestation(exchangeId, epoch);
        result.exchangeId = exchangeId;
        result.epoch = epoch;
        result.asOf = posted.asOf;
        result.postedAt = posted.postedAt;
        result.age = block.timestamp - posted.asOf;
        result.audited = _registry.audit(exchangeId, epoch).audited;
        result.revoked = posted.status == IAttestationRegistry.Status.Revoked;
        result.solvent = !result.revoked;
        uint256 assetCount = posted.assets.length;
        result.assets = new AssetSolvency[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            AssetSolvency memory item = result.assets[a];
            item.asset = posted.assets[a];
            item.decimals = posted.decimals[a];
            item.liabilities = posted.liabilities[a];
            item.claimedReserves = posted.reserves[a];
            (item.onChainReserves, item.onChain) = _wallets.onChainReserves(exchangeId, item.asset, item.decimals);
            item.claimedRatioBps = _ratio(item.claimedReserves, item.liabilities);
            if (item.onChain) item.onChainRatioBps = _ratio(item.onChainReserves, item.liabilities);
            item.covered =
                item.claimedReserves >= item.liabilities &&
                (!item.onChain || item.onChainReserves >= item.liabilities);
            if (!item.covered) result.solvent = false;
        }
    }

    /// @dev reserves * BPS / liabilities, rounded down, saturating at type(uint256).max. Total for any
    /// amounts: the wallets contract caps its figure, but the lens does not rest on a cap it cannot see, and a
    /// plain `reserves * BPS` overflowed for a 0-decimal token read in 36 decimals.
    function _ratio(uint256 reserves, uint256 liabilities) private pure returns (uint256) {
        if (liabilities == 0) return type(uint256).max;
        // mulDiv reverts exactly when the quotient needs more than 256 bits, i.e. when the product's high
        // word is at least the divisor.
        (uint256 high, ) = Math.mul512(reserves, BPS);
        if (high >= liabilities) return type(uint256).max;
        return Math.mulDiv(reserves, BPS, liabilities);
    }
}
