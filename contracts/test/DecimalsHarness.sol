// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Decimals} from "../libraries/Decimals.sol";

/// @dev Exposes Decimals to tests. Not deployed outside tests.
contract DecimalsHarness {
    function convert(uint256 amount, uint8 fromDecimals, uint8 toDecimals) external pure returns (uint256) {
        return Decimals.convert(amount, fromDecimals, toDecimals);
    }

    function convertUp(uint256 amount, uint8 fromDecimals, uint8 toDecimals) external pure returns (uint256) {
        return Decimals.convertUp(amount, fromDecimals, toDecimals);
    }
}
