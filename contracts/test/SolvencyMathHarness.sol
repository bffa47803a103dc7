// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISolvencyLens} from "../interfaces/ISolvencyLens.sol";
import {SolvencyMath} from "../libraries/SolvencyMath.sol";

/// @dev Exposes SolvencyMath to tests (the TypeScript mirror is compared against it). Not deployed outside tests.
contract SolvencyMathHarness {
    function ratioBps(uint256 reserves, uint256 liabilities, uint256 ceiling) external pure returns (uint256) {
        return SolvencyMath.ratioBps(reserves, liabilities, ceiling);
    }

    function indexOf(bytes32[] memory symbols, bytes32 symbol) external pure returns (bool found, uint256 index) {
        return SolvencyMath.indexOf(symbols, symbol);
    }

    /// @dev The lens-figures overload, over figures carrying only the symbols.
    function indexOfFigures(bytes32[] memory symbols, bytes32 symbol) external pure returns (bool, uint256) {
        ISolvencyLens.AssetSolvency[] memory figures = new ISolvencyLens.AssetSolvency[](symbols.length);
        for (uint256 i; i < symbols.length; ++i) {
            figures[i].asset = symbols[i];
        }
        return SolvencyMath.indexOf(figures, symbol);
    }
}
