// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Decimals
/// @notice Converts amounts between decimal precisions, rounding down. Used wherever a token's or an
/// epoch's decimals differ from the ones a reader asked for.
library Decimals {
    /// @dev `amount` in `fromDecimals` expressed in `toDecimals`, rounded down. Callers keep both decimals
    /// at most 36 and `amount` below 2^128, so scaling up (at most 10^36 < 2^120) cannot overflow.
    function convert(uint256 amount, uint8 fromDecimals, uint8 toDecimals) internal pure returns (uint256) {
        if (fromDecimals == toDecimals) return amount;
        if (fromDecimals < toDecimals) return amount * 10 ** (toDecimals - fromDecimals);
        return amount / 10 ** (fromDecimals - toDecimals);
    }
}
