// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISumTreeErrors} from "../interfaces/ISumTreeErrors.sol";
import {Sibling} from "../types/Sibling.sol";

/// @title SumTree
/// @notice Hashing and proof processing of the Solvent Merkle sum tree (docs/spec.md).
/// @dev This is the only Solidity code that knows the encoding. All words are 32-byte big-endian.
///   leaf = keccak256(0x00 ‖ accountKey ‖ b_1 ‖ … ‖ b_K), sums = balances
///   node = keccak256(0x01 ‖ hL ‖ sL_1 … sL_K ‖ hR ‖ sR_1 … sR_K), sums = sL + sR
/// Every balance and every sum must be below 2^128, so nothing can wrap.
library SumTree {
    /// @dev The largest amount allowed anywhere in a tree: 2^128 - 1.
    uint256 internal constant MAX_AMOUNT = type(uint128).max;

    bytes1 internal constant LEAF_PREFIX = 0x00;
    bytes1 internal constant NODE_PREFIX = 0x01;

    /// @dev Hash of a leaf. Balances are not range-checked here: callers do.
    function leafHash(bytes32 accountKey, uint256[] memory balances) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(LEAF_PREFIX, accountKey, balances));
    }

    /// @dev Hash of an internal node from its children. Sums are not range-checked here.
    function nodeHash(
        bytes32 leftHash,
        uint256[] memory leftSums,
        bytes32 rightHash,
        uint256[] memory rightSums
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(NODE_PREFIX, leftHash, leftSums, rightHash, rightSums));
    }

    /// @dev Tree depth for `leafCount` leaves: ceil(log2(leafCount)), 0 for a single leaf.
    function depth(uint256 leafCount) internal pure returns (uint256) {
        return Math.log2(leafCount, Math.Rounding.Ceil);
    }

    /// @notice Walks a proof from the leaf at `index` up to the root.
    /// @param accountKey The leaf's account key.
    /// @param balances The leaf's balances, below 2^128 each.
    /// @param index The leaf's position.
    /// @param siblings One sibling per level, from the leaf level up.
    /// @return root The recomputed root hash.
    /// @return sums The recomputed root sums.
    /// @return failure Empty when the proof is well-formed; otherwise the ABI-encoded ISumTreeErrors error.
    /// Bits of `index` above the proof length are ignored: callers check `index < leafCount`.
    function processProof(
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) internal pure returns (bytes32 root, uint256[] memory sums, bytes memory failure) {
        uint256 assetCount = balances.length;
        sums = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            uint256 balance = balances[a];
            if (balance > MAX_AMOUNT)
                return (root, sums, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, balance));
            sums[a] = balance;
        }
        root = keccak256(abi.encodePacked(LEAF_PREFIX, accountKey, balances));

        // One preimage buffer for every level: 0x01 ‖ left record ‖ right record, a record being hash ‖ sums.
        uint256 recordSize = 32 * (assetCount + 1);
        bytes memory preimage = new bytes(1 + 2 * recordSize);
        preimage[0] = NODE_PREFIX;

        for (uint256 level; level < siblings.length; ++level) {
            Sibling calldata sibling = siblings[level];
            uint256[] calldata siblingSums = sibling.sums;
            if (siblingSums.length != assetCount) {
                return (
                    root,
                    sums,
                    abi.encodeWithSelector(
                        ISumTreeErrors.SiblingSumCountMismatch.selector,
                        level,
                        assetCount,
                        siblingSums.length
                    )
                );
            }
            bool isRight = (index >> level) & 1 == 1;
            uint256 ownOffset = isRight ? 1 + recordSize : 1;
            uint256 siblingOffset = isRight ? 1 : 1 + recordSize;
            bytes32 siblingHash = sibling.hash;
            // Safe: both offsets are 1 or 1 + recordSize and each record is recordSize bytes, so every
            // write stays inside `preimage` (1 + 2 * recordSize bytes); `sums` and `siblingSums` hold
            // exactly assetCount words. Nothing is read or written past the buffers (fuzzed in SumTree.t.sol).
            assembly ("memory-safe") {
                let data := add(preimage, 32)
                let own := add(data, ownOffset)
                mstore(own, root)
                mcopy(add(own, 32), add(sums, 32), mul(assetCount, 32))
                let other := add(data, siblingOffset)
                mstore(other, siblingHash)
                calldatacopy(add(other, 32), siblingSums.offset, mul(assetCount, 32))
            }
            for (uint256 a; a < assetCount; ++a) {
                uint256 siblingSum = siblingSums[a];
                if (siblingSum > MAX_AMOUNT) {
                    return (root, sums, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, siblingSum));
                }
                uint256 sum;
                // Safe: both terms are at most 2^128 - 1, so the sum is below 2^129 and cannot wrap.
                unchecked {
                    sum = sums[a] + siblingSum;
                }
                if (sum > MAX_AMOUNT)
                    return (root, sums, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, sum));
                sums[a] = sum;
            }
            root = keccak256(preimage);
        }
    }
}
