// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {PackedProofHarness} from "./PackedProofHarness.sol";
import {SumTreeHarness} from "./SumTreeHarness.sol";
import {Sibling} from "../types/Sibling.sol";

/// @dev Fuzzes PackedProof (its assembly) against SumTree.processProof on the same proofs, and feeds it
/// arbitrary bytes, which must never make it revert.
contract PackedProofTest is CheatsTest {
    uint256 private constant MAX = type(uint128).max;
    PackedProofHarness private packed;
    SumTreeHarness private canonical;

    function setUp() public {
        packed = new PackedProofHarness();
        canonical = new SumTreeHarness();
    }

    /// In-range amounts of every length, zero included, some near the limit so sums can overflow.
    function _amount(uint256 seed, uint256 salt) private pure returns (uint256) {
        uint256 word = uint256(keccak256(abi.encode(seed, salt)));
        uint256 bytesLong = word % 17;
        if (bytesLong == 16 && (word >> 8) % 4 == 0) return MAX - ((word >> 16) % 3);
        return bytesLong == 0 ? 0 : (word >> 24) % (uint256(1) << (8 * bytesLong));
    }

    /// The amount as a length byte and its significant bytes.
    function _encodeAmount(uint256 amount) private pure returns (bytes memory) {
        uint256 length;
        while (length < 32 && amount >> (8 * length) != 0) ++length;
        bytes memory out = new bytes(1 + length);
        out[0] = bytes1(uint8(length));
        for (uint256 i; i < length; ++i) out[1 + i] = bytes1(uint8(amount >> (8 * (length - 1 - i))));
        return out;
    }

    function _proof(
        uint256 seed,
        uint256 assetCount,
        uint256 depth,
        uint256 index,
        bytes32 key
    ) private pure returns (uint256[] memory balances, Sibling[] memory siblings, bytes memory data) {
        data = abi.encodePacked(uint64(7), uint64(9), uint64(index), uint8(assetCount), uint8(depth), key);
        balances = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            balances[a] = _amount(seed, a);
            data = abi.encodePacked(data, _encodeAmount(balances[a]));
        }
        siblings = new Sibling[](depth);
        for (uint256 level; level < depth; ++level) {
            uint256[] memory sums = new uint256[](assetCount);
            bytes32 hash = keccak256(abi.encode(seed, level));
            data = abi.encodePacked(data, hash);
            for (uint256 a; a < assetCount; ++a) {
                sums[a] = _amount(seed, 1000 + level * 100 + a);
                data = abi.encodePacked(data, _encodeAmount(sums[a]));
            }
            siblings[level] = Sibling(hash, sums);
        }
    }

    function testFuzz_process_matchesCanonical(
        bytes32 key,
        uint256 seed,
        uint8 assetRaw,
        uint8 depthRaw,
        uint64 index
    ) public view {
        _matchesCanonical(key, seed, 1 + (assetRaw % 5), depthRaw % 12, index);
    }

    /// One asset takes its own path in PackedProof; deep trees too.
    function testFuzz_process_oneAsset_matchesCanonical(
        bytes32 key,
        uint256 seed,
        uint8 depthRaw,
        uint64 index
    ) public view {
        _matchesCanonical(key, seed, 1, depthRaw % 40, index);
    }

    function _matchesCanonical(
        bytes32 key,
        uint256 seed,
        uint256 assetCount,
        uint256 depth,
        uint64 index
    ) private view {
        (uint256[] memory balances, Sibling[] memory siblings, bytes memory data) = _proof(
            seed,
            assetCount,
            depth,
            index,
            key
        );
        (, , uint256 readIndex, uint256 readAssets, uint256 readDepth, bool headerOk) = packed.header(data);
        assertTrue(headerOk, "header");
        assertEq(readIndex, index, "index");
        assertEq(readAssets, assetCount, "asset count");
        assertEq(readDepth, depth, "depth");
        (bytes32 root, uint256[] memory sums, bool ok) = packed.process(data, assetCount, depth, index);
        (bytes32 refRoot, uint256[] memory refSums, bytes memory failure) = canonical.processProof(
            key,
            balances,
            index,
            siblings
        );
        assertEq(ok, failure.length == 0, "same verdict");
        if (ok) {
            assertEq(root, refRoot, "root");
            for (uint256 a; a < assetCount; ++a) assertEq(sums[a], refSums[a], "sum");
        }
    }

    function testFuzz_process_rejectsAnyChangedLength(
        bytes32 key,
        uint256 seed,
        uint8 depthRaw,
        uint64 index,
        uint16 cut
    ) public view {
        _rejectsChangedLength(key, seed, 2, 1 + (depthRaw % 8), index, cut);
        _rejectsChangedLength(key, seed, 1, 1 + (depthRaw % 8), index, cut);
    }

    function _rejectsChangedLength(
        bytes32 key,
        uint256 seed,
        uint256 assetCount,
        uint256 depth,
        uint64 index,
        uint16 cut
    ) private view {
        (, , bytes memory data) = _proof(seed, assetCount, depth, index, key);
        uint256 keep = 58 + (uint256(cut) % (data.length - 58));
        bytes memory shorter = new bytes(keep);
        for (uint256 i; i < keep; ++i) shorter[i] = data[i];
        (, , bool ok) = packed.process(shorter, assetCount, depth, index);
        assertTrue(!ok, "a truncated proof is refused");
        (, , ok) = packed.process(abi.encodePacked(data, bytes1(0)), assetCount, depth, index);
        assertTrue(!ok, "a longer proof is refused");
    }

    /// A sum of exactly 2^128 is refused and 2^128 - 1 accepted, whatever the split between leaf and sibling.
    function testFuzz_process_sumBoundary(uint128 balance, bytes32 key) public view {
        vm.assume(balance > 0);
        uint256 fits = MAX - balance;
        bytes memory head = abi.encodePacked(
            uint64(1),
            uint64(1),
            uint64(0),
            uint8(1),
            uint8(1),
            key,
            _encodeAmount(balance)
        );
        (, , bool ok) = packed.process(abi.encodePacked(head, key, _encodeAmount(fits)), 1, 1, 0);
        assertTrue(ok, "2^128 - 1 fits");
        (, , ok) = packed.process(abi.encodePacked(head, key, _encodeAmount(fits + 1)), 1, 1, 0);
        assertTrue(!ok, "2^128 does not");
    }

    function testFuzz_process_neverReverts(
        bytes calldata junk,
        uint8 assetRaw,
        uint8 depthRaw,
        uint256 index
    ) public view {
        packed.header(junk);
        packed.process(junk, 1 + (assetRaw % 6), depthRaw % 30, index);
    }
}
