// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Decimals
/// @notice Converts amounts between decimal precisions. Used wherever a token's or an epoch's decimals
/// differ from the ones a reader asked for. `convert` rounds down (reserves: never overstated),
/// `convertUp` rounds up (liabilities: never understated).
library Decimals {
    /// @dev `amount` in `fromDecimals` expressed in `toDecimals`, rounded down. Callers keep both decimals
    /// at most 36 and `amount` below 2^128, so scaling up (at most 10^36 < 2^120) cannot overflow.
    function convert(uint256 amount, uint8 fromDecimals, uint8 toDecimals) internal pure returns (uint256) {
        if (fromDecimals == toDecimals) return amount;
        if (fromDecimals < toDecimals) return amount * 10 ** (toDecimals - fromDecimals);
        return amount / 10 ** (fromDecimals - toDecimals);
    }

    /// @dev Like `convert`, but rounded up when decimals are dropped: the result is `convert`'s, plus one
    /// when the dropped digits were not all zero. Same bounds as `convert`.
    function convertUp(uint256 amount, uint8 fromDecimals, uint8 toDecimals) internal pure returns (uint256) {
        if (fromDecimals <= toDecimals) return convert(amount, fromDecimals, toDecimals);
        uint256 unit = 10 ** (fromDecimals - toDecimals);
        // Quotient plus a remainder flag: no `amount + unit - 1` that could overflow for large amounts.
        return amount / unit + (amount % unit == 0 ? 0 : 1);
    }
}
