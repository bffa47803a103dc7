// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestationRegistryReader} from "./interfaces/IAttestationRegistryReader.sol";
import {IReserveWallets} from "./interfaces/IReserveWallets.sol";
import {ISolvencyLens} from "./interfaces/ISolvencyLens.sol";
import {SolvencyMath} from "./libraries/SolvencyMath.sol";

/// @title SolvencyLens
/// @notice Stateless reader that joins the registry's epochs, audits and the reserve wallets' balances.
contract SolvencyLens is ISolvencyLens {
    IAttestationRegistryReader private immutable _registry;
    IReserveWallets private immutable _wallets;

    constructor(IAttestationRegistryReader registry_, IReserveWallets wallets_) {
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
        IAttestationRegistryReader.Attestation memory posted = _registry.attestation(exchangeId, epoch);
        result.exchangeId = exchangeId;
        result.epoch = epoch;
        result.asOf = posted.asOf;
        result.postedAt = posted.postedAt;
        result.age = block.timestamp - posted.asOf;
        result.audited = _registry.audit(exchangeId, epoch).audited;
        result.revoked = posted.status == IAttestationRegistryReader.Status.Revoked;
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
            item.claimedRatioBps = SolvencyMath.ratioBps(
                item.claimedReserves,
                item.liabilities,
                SolvencyMath.UNBOUNDED
            );
            if (item.onChain) {
                item.onChainRatioBps = SolvencyMath.ratioBps(
                    item.onChainReserves,
                    item.liabilities,
                    SolvencyMath.UNBOUNDED
                );
            }
            item.covered =
                item.claimedReserves >= item.liabilities &&
                (!item.onChain || item.onChainReserves >= item.liabilities);
            if (!item.covered) result.solvent = false;
        }
    }
}
