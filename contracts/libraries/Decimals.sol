// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Decimals
/// @notice Converts amounts between decimal precisions. Used wherever a token's or an epoch's decimals
/// differ from the ones a reader asked for. `convert` rounds down (reserves: never overstated),
/// `convertUp` rounds up (liabilities: never understated). Both are total: any amount and any two uint8
/// decimals give an answer, never a panic.
library Decimals {
    /// @dev 10^77 is the largest power of ten below 2^256.
    uint256 private constant MAX_POWER = 77;

    /// @dev `amount` in `fromDecimals` expressed in `toDecimals`, rounded down. Scaling up saturates at
    /// type(uint256).max; callers that need a tighter bound cap the result. With both decimals at most 36
    /// and `amount` below 2^128 (the registry's bounds), the result is exact and below 2^248.
    function convert(uint256 amount, uint8 fromDecimals, uint8 toDecimals) internal pure returns (uint256) {
        if (fromDecimals == toDecimals) return amount;
        if (fromDecimals < toDecimals) {
            uint256 raise = toDecimals - fromDecimals;
            if (amount == 0) return 0;
            if (raise > MAX_POWER) return type(uint256).max;
            return Math.saturatingMul(amount, 10 ** raise);
        }
        uint256 drop = fromDecimals - toDecimals;
        // 10^78 > 2^256 > amount: every digit is dropped.
        if (drop > MAX_POWER) return 0;
        return amount / 10 ** drop;
    }

    /// @dev Like `convert`, but rounded up when decimals are dropped: the result is `convert`'s, plus one
    /// when the dropped digits were not all zero.
    function convertUp(uint256 amount, uint8 fromDecimals, uint8 toDecimals) internal pure returns (uint256) {
        if (fromDecimals <= toDecimals) return convert(amount, fromDecimals, toDecimals);
        uint256 drop = fromDecimals - toDecimals;
        if (drop > MAX_POWER) return amount == 0 ? 0 : 1;
        uint256 unit = 10 ** drop;
        // Quotient plus a remainder flag: no `amount + unit - 1` that could overflow for large amounts.
        return amount / unit + (amount % unit == 0 ? 0 : 1);
    }
}
