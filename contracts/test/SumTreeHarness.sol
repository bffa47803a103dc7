// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SumTree} from "../libraries/SumTree.sol";
import {Sibling} from "../types/Sibling.sol";

/// @dev Exposes SumTree to tests in both languages. Not deployed outside tests.
contract SumTreeHarness {
    function leafHash(bytes32 accountKey, uint256[] memory balances) external pure returns (bytes32) {
        return SumTree.leafHash(accountKey, balances);
    }

    function nodeHash(
        bytes32 leftHash,
        uint256[] memory leftSums,
        bytes32 rightHash,
        uint256[] memory rightSums
    ) external pure returns (bytes32) {
        return SumTree.nodeHash(leftHash, leftSums, rightHash, rightSums);
    }

    function depth(uint256 leafCount) external pure returns (uint256) {
        return SumTree.depth(leafCount);
    }

    function processProof(
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) external pure returns (bytes32 root, uint256[] memory sums, bytes memory failure) {
        return SumTree.processProof(accountKey, balances, index, siblings);
    }
}
