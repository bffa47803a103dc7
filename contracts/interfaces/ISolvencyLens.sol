// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Solvent solvency lens
/// @notice Everything a dapp needs about an exchange's solvency in one call: per asset the liabilities,
/// the claimed reserves, the reserves read live from its registered wallets on this chain, and their
/// ratios; per epoch the snapshot time, its age, whether it is audited and whether it was revoked.
/// @dev For integrators: `solvent` ignores the snapshot's age and whether it is audited; check `age` and
/// `audited` yourself. `onChainReserves` is a live balance, which a flash loan can inflate inside one
/// transaction: never act on it alone; use the posted (preferably audited) figures, or the lower of the
/// claimed and on-chain reserves. `examples/ReserveBackedToken.sol` does all of this.
/// `covered` and `solvent` take the exchange's word for which token counts: the exchange maps each asset to
/// a token on this chain (ReserveWallets' `setAssetToken`), and a self-minted "USDT" counts as much as the
/// real one. Check each asset's token (`IReserveWallets.assetToken`) against the token you expect, and
/// that `reserveWallets()` is the deployment you trust, before believing an on-chain figure.
interface ISolvencyLens {
    /// @notice One asset of an epoch.
    /// @param asset Symbol as `bytes32` right-padded ASCII.
    /// @param decimals Decimals of every amount in this struct.
    /// @param liabilities Total owed to customers at the snapshot (the tree's root sum).
    /// @param claimedReserves Reserves the exchange posted with the epoch.
    /// @param onChainReserves Live balance of the exchange's registered wallets on this chain, now. A flash
    /// loan can raise it inside one transaction: only ever use it to lower the claim.
    /// @param onChain Whether the asset is tracked on this chain (otherwise `onChainReserves` is 0).
    /// @param claimedRatioBps claimedReserves / liabilities in basis points (10000 = 100%).
    /// @param onChainRatioBps onChainReserves / liabilities in basis points, 0 when not tracked.
    /// @param covered Claimed reserves cover liabilities and, when tracked, so do on-chain reserves (of
    /// whichever token the exchange mapped the asset to).
    /// @dev Ratios follow `SolvencyMath.ratioBps` with no ceiling but 256 bits: a ratio with zero liabilities
    /// (nothing owed) is type(uint256).max, and so is one too large for 256 bits.
    struct AssetSolvency {
        bytes32 asset;
        uint8 decimals;
        uint256 liabilities;
        uint256 claimedReserves;
        uint256 onChainReserves;
        bool onChain;
        uint256 claimedRatioBps;
        uint256 onChainRatioBps;
        bool covered;
    }

    /// @notice One epoch of one exchange.
    /// @param exchangeId The exchange.
    /// @param epoch The epoch read.
    /// @param asOf Snapshot time of the balances.
    /// @param postedAt Block time of the post.
    /// @param age Seconds from the snapshot to this block.
    /// @param audited Whether the exchange's auditor threshold signed the epoch.
    /// @param revoked Whether the exchange revoked the epoch.
    /// @param solvent Not revoked and every asset covered. Ignores `age` and `audited`, and takes the
    /// exchange's word for which token counts: check them too.
    /// @param assets Per asset figures, in the epoch's asset order.
    struct Solvency {
        uint256 exchangeId;
        uint256 epoch;
        uint256 asOf;
        uint256 postedAt;
        uint256 age;
        bool audited;
        bool revoked;
        bool solvent;
        AssetSolvency[] assets;
    }

    /// @notice The exchange has posted nothing yet.
    /// @param exchangeId The exchange.
    error NoAttestation(uint256 exchangeId);

    /// @notice The registry read.
    function registry() external view returns (address);

    /// @notice The reserve wallets read.
    function reserveWallets() external view returns (address);

    /// @notice Solvency of the exchange's newest epoch, revoked or not.
    /// @param exchangeId The exchange.
    function solvency(uint256 exchangeId) external view returns (Solvency memory);

    /// @notice Solvency of a given epoch; on-chain reserves are still read now, not at the snapshot.
    /// @param exchangeId The exchange.
    /// @param epoch A posted epoch, revoked or not.
    function solvencyAt(uint256 exchangeId, uint256 epoch) external view returns (Solvency memory);
}
