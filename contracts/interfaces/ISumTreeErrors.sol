// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Errors of Merkle sum proof processing
/// @notice Raised (or returned as encoded revert data) when a proof is malformed before any hash is compared.
interface ISumTreeErrors {
    /// @notice A balance or a sum, given or computed, is not below 2^128.
    /// @param amount The offending value.
    error AmountOutOfRange(uint256 amount);

    /// @notice The sibling at `level` carries a different number of sums than the leaf has balances.
    /// @param level The sibling's level, 0 being next to the leaf.
    /// @param expected The number of assets.
    /// @param actual The number of sums the sibling carries.
    error SiblingSumCountMismatch(uint256 level, uint256 expected, uint256 actual);
}
