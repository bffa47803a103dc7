// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {SumTreeHarness} from "./SumTreeHarness.sol";
import {ISumTreeErrors} from "../interfaces/ISumTreeErrors.sol";
import {Sibling} from "../types/Sibling.sol";

/// @dev Fuzzes SumTree.processProof (its assembly and unchecked blocks) against a plain reference that
/// builds every preimage with abi.encodePacked and adds with checked arithmetic.
contract SumTreeTest is CheatsTest {
    uint256 private constant MAX = type(uint128).max;
    SumTreeHarness private harness;

    function setUp() public {
        harness = new SumTreeHarness();
    }

    /// Amounts from a seed: mostly in range, sometimes exactly at or past 2^128 to hit the failure paths.
    function _amount(uint256 seed, uint256 salt) private pure returns (uint256) {
        uint256 word = uint256(keccak256(abi.encode(seed, salt)));
        uint256 kind = word % 16;
        if (kind == 0) return MAX;
        if (kind == 1) return MAX + 1 + (word >> 200);
        if (kind < 8) return word >> (256 - 128 + kind * 8); // long-tail small amounts
        return (word >> 130) % MAX; // large amounts near the limit, sometimes summing past it
    }

    function _randomProof(
        uint256 seed,
        uint256 assetCount,
        uint256 depth
    ) private pure returns (uint256[] memory balances, Sibling[] memory siblings) {
        balances = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) balances[a] = _amount(seed, a);
        siblings = new Sibling[](depth);
        for (uint256 level; level < depth; ++level) {
            uint256[] memory sums = new uint256[](assetCount);
            for (uint256 a; a < assetCount; ++a) sums[a] = _amount(seed, 1000 + level * 100 + a);
            siblings[level] = Sibling(keccak256(abi.encode(seed, level)), sums);
        }
    }

    function _reference(
        bytes32 key,
        uint256[] memory balances,
        uint256 index,
        Sibling[] memory siblings
    ) private pure returns (bytes32 hash, uint256[] memory sums, bytes memory failure) {
        uint256 assetCount = balances.length;
        sums = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            if (balances[a] > MAX)
                return (hash, sums, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, balances[a]));
            sums[a] = balances[a];
        }
        hash = keccak256(abi.encodePacked(bytes1(0x00), key, balances));
        for (uint256 level; level < siblings.length; ++level) {
            Sibling memory sibling = siblings[level];
            if (sibling.sums.length != assetCount) {
                return (
                    hash,
                    sums,
                    abi.encodeWithSelector(
                        ISumTreeErrors.SiblingSumCountMismatch.selector,
                        level,
                        assetCount,
                        sibling.sums.length
                    )
                );
            }
            uint256[] memory next = new uint256[](assetCount);
            for (uint256 a; a < assetCount; ++a) {
                if (sibling.sums[a] > MAX)
                    return (
                        hash,
                        sums,
                        abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, sibling.sums[a])
                    );
                next[a] = sums[a] + sibling.sums[a];
                if (next[a] > MAX)
                    return (hash, sums, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, next[a]));
            }
            hash =
                (index >> level) & 1 == 1
                    ? keccak256(abi.encodePacked(bytes1(0x01), sibling.hash, sibling.sums, hash, sums))
                    : keccak256(abi.encodePacked(bytes1(0x01), hash, sums, sibling.hash, sibling.sums));
            sums = next;
        }
    }

    function testFuzz_processProof_matchesReference(
        bytes32 key,
        uint256 seed,
        uint8 assetRaw,
        uint8 depthRaw,
        uint256 index
    ) public view {
        (uint256[] memory balances, Sibling[] memory siblings) = _randomProof(seed, 1 + (assetRaw % 5), depthRaw % 12);
        (bytes32 root, uint256[] memory sums, bytes memory failure) = harness.processProof(
            key,
            balances,
            index,
            siblings
        );
        (bytes32 refRoot, uint256[] memory refSums, bytes memory refFailure) = _reference(
            key,
            balances,
            index,
            siblings
        );
        assertEq(failure, refFailure, "failure differs from the reference");
        if (failure.length == 0) {
            assertEq(root, refRoot, "root differs from the reference");
            for (uint256 a; a < sums.length; ++a) assertEq(sums[a], refSums[a], "sum differs from the reference");
        }
    }

    function testFuzz_processProof_siblingSumCountMismatch(
        uint256 seed,
        uint8 depthRaw,
        uint8 badLevelRaw
    ) public view {
        uint256 depth = 1 + (depthRaw % 8);
        (uint256[] memory balances, Sibling[] memory siblings) = _randomProof(seed, 2, depth);
        for (uint256 a; a < 2; ++a) balances[a] = 1;
        uint256 badLevel = badLevelRaw % depth;
        for (uint256 level; level < depth; ++level) {
            siblings[level].sums = new uint256[](level == badLevel ? 3 : 2);
        }
        (, , bytes memory failure) = harness.processProof(bytes32(seed), balances, 0, siblings);
        assertEq(
            failure,
            abi.encodeWithSelector(ISumTreeErrors.SiblingSumCountMismatch.selector, badLevel, 2, 3),
            "a sibling with the wrong number of sums must be named"
        );
    }

    /// Flipping any one bit of the key, a balance, a sibling hash, a sibling sum or the index changes the root.
    function testFuzz_processProof_everyBitMatters(uint256 seed, uint8 target, uint8 bit) public view {
        uint256 depth = 4;
        (uint256[] memory balances, Sibling[] memory siblings) = _randomProof(seed, 2, depth);
        for (uint256 a; a < 2; ++a) balances[a] = balances[a] >> 132; // keep every sum in range
        for (uint256 level; level < depth; ++level) {
            for (uint256 a; a < 2; ++a) siblings[level].sums[a] >>= 132;
        }
        bytes32 key = keccak256(abi.encode(seed));
        uint256 index = seed % 16;
        (bytes32 root, , ) = harness.processProof(key, balances, index, siblings);

        uint256 choice = target % 5;
        uint256 mask = 1 << (bit % 120); // stays below 2^128 after flipping a sum's bit
        if (choice == 0) key ^= bytes32(mask);
        else if (choice == 1) balances[seed % 2] ^= mask;
        else if (choice == 2) siblings[seed % depth].hash ^= bytes32(mask);
        else if (choice == 3) siblings[seed % depth].sums[seed % 2] ^= mask;
        else index ^= 1 << (bit % depth);
        (bytes32 changed, , bytes memory failure) = harness.processProof(key, balances, index, siblings);
        require(failure.length != 0 || changed != root, "a flipped bit left the root unchanged");
    }

    function test_depth() public view {
        assertEq(harness.depth(1), 0, "one leaf");
        assertEq(harness.depth(2), 1, "two leaves");
        assertEq(harness.depth(5), 3, "five leaves");
        assertEq(harness.depth(1 << 28), 28, "2^28 leaves");
        assertEq(harness.depth((1 << 28) + 1), 29, "2^28 + 1 leaves");
    }
}
