// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IAttestationRegistryReader} from "../interfaces/IAttestationRegistryReader.sol";
import {IReserveBackedToken} from "../interfaces/IReserveBackedToken.sol";
import {IReserveWallets} from "../interfaces/IReserveWallets.sol";
import {ISolvencyLens} from "../interfaces/ISolvencyLens.sol";
import {Decimals} from "../libraries/Decimals.sol";
import {SolvencyMath} from "../libraries/SolvencyMath.sol";

/// @title ReserveBackedToken
/// @notice Example consumer of Solvent: a wrapped asset with a proof-of-reserve circuit breaker on minting
/// that reads the lens and the registry directly, not a bare reserves feed.
/// @dev Every trust setting (lens and the registry and wallets it names, trusted auditors, required
/// signatures, reserve token, maximum age) is fixed in the constructor: neither the exchange nor the owner can
/// loosen it later. Tokens do not coordinate: each one backed by the same exchange counts the same surplus.
contract ReserveBackedToken is IReserveBackedToken, ERC20, Ownable {
    /// @dev The registry's own limit on decimals, which keeps `Decimals.convert` from overflowing.
    uint8 private constant MAX_DECIMALS = 36;
    /// @dev The registry's limit on an exchange's auditors: more trusted auditors could never all sign.
    uint256 private constant MAX_TRUSTED_AUDITORS = 16;

    /// @inheritdoc IReserveBackedToken
    ISolvencyLens public immutable lens;
    IAttestationRegistryReader private immutable _registry;
    IReserveWallets private immutable _reserveWallets;
    /// @inheritdoc IReserveBackedToken
    uint256 public immutable exchangeId;
    /// @inheritdoc IReserveBackedToken
    bytes32 public immutable asset;
    uint8 private immutable _decimals;
    /// @inheritdoc IReserveBackedToken
    uint256 public immutable maxAge;
    /// @inheritdoc IReserveBackedToken
    uint256 public immutable requiredAuditors;
    /// @inheritdoc IReserveBackedToken
    address public immutable reserveToken;
    /// @dev Written only by the constructor: no duplicates, no zero address, at most 16.
    address[] private _trustedAuditors;

    /// @notice Deploys the token with its owner, the deployer, and the trust settings it keeps for good.
    /// @param name_ The token's name.
    /// @param symbol_ The token's symbol.
    /// @param decimals_ The token's decimals, at most 36.
    /// @param lens_ The lens to read; the registry and reserve wallets are the lens's, read now.
    /// @param exchangeId_ The exchange whose reserves back the token.
    /// @param asset_ The exchange's asset the token wraps.
    /// @param maxAge_ Seconds a snapshot stays usable.
    /// @param trustedAuditors_ The auditors whose signatures count: 1 to 16 distinct nonzero addresses.
    /// @param requiredAuditors_ How many of them must sign the latest epoch, 1 to `trustedAuditors_.length`.
    /// @param reserveToken_ The token the asset must map to in the reserve wallets (an ERC-20 or their
    /// `NATIVE_COIN`) so that live balances cap the claim; zero when the asset is not held on this chain.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        ISolvencyLens lens_,
        uint256 exchangeId_,
        bytes32 asset_,
        uint256 maxAge_,
        address[] memory trustedAuditors_,
        uint256 requiredAuditors_,
        address reserveToken_
    ) ERC20(name_, symbol_) Ownable(msg.sender) {
        if (decimals_ > MAX_DECIMALS) revert InvalidDecimals(decimals_);
        uint256 trusted = trustedAuditors_.length;
        if (trusted > MAX_TRUSTED_AUDITORS) revert TooManyTrustedAuditors(trusted, MAX_TRUSTED_AUDITORS);
        if (requiredAuditors_ == 0 || requiredAuditors_ > trusted) {
            revert InvalidRequiredAuditors(requiredAuditors_, trusted);
        }
        for (uint256 i; i < trusted; ++i) {
            address auditor = trustedAuditors_[i];
            if (auditor == address(0)) revert InvalidTrustedAuditor(auditor);
            for (uint256 j; j < i; ++j) {
                if (trustedAuditors_[j] == auditor) revert InvalidTrustedAuditor(auditor);
            }
        }
        lens = lens_;
        _registry = IAttestationRegistryReader(lens_.registry());
        _reserveWallets = IReserveWallets(lens_.reserveWallets());
        exchangeId = exchangeId_;
        asset = asset_;
        _decimals = decimals_;
        maxAge = maxAge_;
        _trustedAuditors = trustedAuditors_;
        requiredAuditors = requiredAuditors_;
        reserveToken = reserveToken_;
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
    function reserveWallets() external view returns (address) {
        return address(_reserveWallets);
    }

    /// @inheritdoc IReserveBackedToken
    function trustedAuditors() external view returns (address[] memory) {
        return _trustedAuditors;
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
        // Neither the lens's `audited` nor the exchange's threshold: the exchange sets both, and could audit
        // itself. Only the deployer's auditors count.
        _requireTrustedAudit(latest.epoch);
        ISolvencyLens.AssetSolvency memory figures = _asset(latest);
        uint256 reserves = figures.claimedReserves;
        if (reserveToken != address(0)) {
            // The exchange maps assets to tokens: a cap it could lift by unmapping the asset, or fake by mapping
            // a token it mints itself, is no cap. The token fixed at deployment must be the one read.
            (address mapped, ) = _reserveWallets.assetToken(exchangeId, asset);
            if (!figures.onChain || mapped != reserveToken) revert ReserveTokenMismatch(reserveToken, mapped);
            // Live balances only ever lower the claim: a flash loan must not raise what may be minted.
            if (figures.onChainReserves < reserves) reserves = figures.onChainReserves;
        }
        // The same reserves back the customers' balances first.
        uint256 surplus = reserves > figures.liabilities ? reserves - figures.liabilities : 0;
        return Decimals.convert(surplus, figures.decimals, _decimals);
    }

    /// @dev Reverts unless at least `requiredAuditors` trusted auditors have a counting signature on `epoch`.
    /// The registry lists each signer once; counting per trusted auditor (distinct by construction) does not
    /// rely on that.
    function _requireTrustedAudit(uint256 epoch) private view {
        address[] memory signers = _registry.audit(exchangeId, epoch).signers;
        address[] memory trusted = _trustedAuditors;
        uint256 signed;
        for (uint256 i; i < trusted.length; ++i) {
            for (uint256 j; j < signers.length; ++j) {
                if (signers[j] == trusted[i]) {
                    ++signed;
                    break;
                }
            }
        }
        if (signed < requiredAuditors) revert NotAuditedByTrustedAuditors(epoch, signed, requiredAuditors);
    }

    function _asset(ISolvencyLens.Solvency memory latest) private view returns (ISolvencyLens.AssetSolvency memory) {
        (bool found, uint256 index) = SolvencyMath.indexOf(latest.assets, asset);
        if (!found) revert AssetNotInEpoch(latest.epoch, asset);
        return latest.assets[index];
    }
}
