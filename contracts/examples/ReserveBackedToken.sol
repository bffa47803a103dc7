// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IAttestationRegistry} from "../interfaces/IAttestationRegistry.sol";
import {IReserveBackedToken} from "../interfaces/IReserveBackedToken.sol";
import {ISolvencyLens} from "../interfaces/ISolvencyLens.sol";
import {Decimals} from "../libraries/Decimals.sol";

/// @title ReserveBackedToken
/// @notice Example consumer of Solvent: a wrapped asset with a proof-of-reserve circuit breaker on minting
/// that reads the lens and the registry directly, not a bare reserves feed.
contract ReserveBackedToken is IReserveBackedToken, ERC20, Ownable {
    /// @dev The registry's own limit on decimals, which keeps `Decimals.convert` from overflowing.
    uint8 private constant MAX_DECIMALS = 36;

    /// @inheritdoc IReserveBackedToken
    ISolvencyLens public immutable lens;
    IAttestationRegistry private immutable _registry;
    /// @inheritdoc IReserveBackedToken
    uint256 public immutable exchangeId;
    /// @inheritdoc IReserveBackedToken
    bytes32 public immutable asset;
    uint8 private immutable _decimals;
    /// @inheritdoc IReserveBackedToken
    uint256 public maxAge;

    /// @notice Deploys the token with its owner, the deployer, and its first `maxAge`.
    /// @param name_ The token's name.
    /// @param symbol_ The token's symbol.
    /// @param decimals_ The token's decimals, at most 36.
    /// @param lens_ The lens to read; the registry is the lens's.
    /// @param exchangeId_ The exchange whose reserves back the token.
    /// @param asset_ The exchange's asset the token wraps.
    /// @param maxAge_ Seconds a snapshot stays usable.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        ISolvencyLens lens_,
        uint256 exchangeId_,
        bytes32 asset_,
        uint256 maxAge_
    ) ERC20(name_, symbol_) Ownable(msg.sender) {
        if (decimals_ > MAX_DECIMALS) revert InvalidDecimals(decimals_);
        lens = lens_;
        _registry = IAttestationRegistry(lens_.registry());
        exchangeId = exchangeId_;
        asset = asset_;
        _decimals = decimals_;
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    /// @inheritdoc ERC20
    /// @notice Token decimals, set at deployment to match the wrapped asset.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IReserveBackedToken
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IReserveBackedToken
    function setMaxAge(uint256 maxAge_) external onlyOwner {
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    /// @inheritdoc IReserveBackedToken
    function mint(address to, uint256 amount) external onlyOwner {
        uint256 supply = totalSupply() + amount;
        uint256 limit = backing();
        if (supply > limit) revert InsufficientReserves(supply, limit);
        _mint(to, amount);
    }

    /// @inheritdoc IReserveBackedToken
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }

    /// @inheritdoc IReserveBackedToken
    function backing() public view returns (uint256) {
        ISolvencyLens.Solvency memory latest;
        try lens.solvency(exchangeId) returns (ISolvencyLens.Solvency memory read) {
            latest = read;
        } catch (bytes memory reason) {
            revert ReservesUnavailable(reason);
        }
        if (latest.revoked) revert EpochRevoked(latest.epoch);
        // A snapshot from the future is as unusable as an old one.
        if (latest.asOf > block.timestamp || block.timestamp - latest.asOf > maxAge) {
            revert StaleReserves(latest.asOf, maxAge);
        }
        // The lens's `solvent` ignores audits: once an exchange has auditors, only what they signed counts.
        (, uint256 threshold) = _registry.auditors(exchangeId);
        if (threshold != 0 && !latest.audited) revert NotAudited(latest.epoch);
        ISolvencyLens.AssetSolvency memory figures = _asset(latest);
        // Live balances only ever lower the claim: a flash loan must not raise what may be minted.
        uint256 reserves = figures.claimedReserves;
        if (figures.onChain && figures.onChainReserves < reserves) reserves = figures.onChainReserves;
        // The same reserves back the customers' balances first.
        uint256 surplus = reserves > figures.liabilities ? reserves - figures.liabilities : 0;
        return Decimals.convert(surplus, figures.decimals, _decimals);
    }

    function _asset(ISolvencyLens.Solvency memory latest) private view returns (ISolvencyLens.AssetSolvency memory) {
        for (uint256 i; i < latest.assets.length; ++i) {
            if (latest.assets[i].asset == asset) return latest.assets[i];
        }
        revert AssetNotInEpoch(latest.epoch, asset);
    }
}
