// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISolvencyLens} from "../interfaces/ISolvencyLens.sol";

/// @title SolvencyMath
/// @notice The two rules every reader of an epoch shares: the reserves/liabilities ratio and where an asset
/// sits in an epoch's asset list. The lens, the feeds, the reserve wallets, the registry and the example
/// token use these and nothing else; src/spec/ratio.ts is the same ratio in TypeScript (docs/spec.md,
/// "Reserve ratio").
library SolvencyMath {
    /// @notice Basis points in 1.0: a ratio of 10,000 means the reserves equal the liabilities.
    uint256 internal constant BPS = 10_000;

    /// @notice The ceiling of a ratio with no bound but 256 bits (the lens's): nothing owed reads as this.
    uint256 internal constant UNBOUNDED = type(uint256).max;

    /// @notice The ratio of reserves to liabilities in basis points, rounded down, never above `ceiling`.
    /// @dev The one convention for "nothing owed": zero liabilities are covered without bound and answer
    /// `ceiling`, as does any ratio above it. The lens passes `UNBOUNDED` (so a ratio too large for 256 bits also
    /// answers type(uint256).max), a feed its `maxRatio()`. Total for every input: never reverts.
    /// @param reserves Reserves, in the same base units as `liabilities`.
    /// @param liabilities What is owed, in base units.
    /// @param ceiling The largest answer.
    function ratioBps(uint256 reserves, uint256 liabilities, uint256 ceiling) internal pure returns (uint256) {
        if (liabilities == 0) return ceiling;
        // mulDiv reverts exactly when the quotient needs more than 256 bits, i.e. when the product's high
        // word is at least the divisor: such a quotient is above any ceiling.
        (uint256 high, ) = Math.mul512(reserves, BPS);
        if (high >= liabilities) return ceiling;
        return Math.min(Math.mulDiv(reserves, BPS, liabilities), ceiling);
    }

    /// @notice Position of `symbol` in an asset list.
    /// @dev An asset list holds each symbol at most once (the registry refuses duplicates), so the first
    /// match is the only one.
    /// @param symbols Asset symbols, as `bytes32` right-padded ASCII.
    /// @param symbol The symbol looked for.
    /// @return found Whether the list holds `symbol`.
    /// @return index Its position when found, 0 otherwise.
    function indexOf(bytes32[] memory symbols, bytes32 symbol) internal pure returns (bool found, uint256 index) {
        uint256 count = symbols.length;
        for (; index < count; ++index) {
            if (symbols[index] == symbol) return (true, index);
        }
        return (false, 0);
    }

    /// @notice `indexOf` over the lens's per-asset figures, which list the epoch's assets in the same order.
    /// @param assets The figures of one epoch (`ISolvencyLens.Solvency.assets`).
    /// @param symbol The symbol looked for.
    /// @return found Whether the epoch holds `symbol`.
    /// @return index Its position when found, 0 otherwise.
    function indexOf(
        ISolvencyLens.AssetSolvency[] memory assets,
        bytes32 symbol
    ) internal pure returns (bool found, uint256 index) {
        uint256 count = assets.length;
        for (; index < count; ++index) {
            if (assets[index].asset == symbol) return (true, index);
        }
        return (false, 0);
    }
}
