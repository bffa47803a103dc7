// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PackedProof: the compact calldata form of an inclusion proof (docs/spec.md, "Packed proofs")
/// @dev Same tree, same hashes as SumTree; only the transport differs. Layout, big-endian:
///   exchangeId (8 bytes) ‖ epoch (8) ‖ index (8) ‖ K (1) ‖ depth (1) ‖ accountKey (32)
///   ‖ K balances ‖ depth × (sibling hash (32) ‖ K sibling sums)
/// where each amount is one length byte L ≤ 16 followed by its L low-order bytes: real balances are short,
/// and zero bytes of calldata still cost gas. Every amount is therefore below 2^128 by construction.
library PackedProof {
    uint256 internal constant HEADER_BYTES = 58;
    uint256 private constant MAX_AMOUNT = 0xffffffffffffffffffffffffffffffff;

    /// @dev The header fields. `ok` is false when the data is shorter than the header.
    function header(bytes calldata packed)
        internal
        pure
        returns (uint256 exchangeId, uint256 epoch, uint256 index, uint256 assetCount, uint256 depth, bool ok)
    {
        if (packed.length < HEADER_BYTES) return (0, 0, 0, 0, 0, false);
        // Safe: the data holds at least HEADER_BYTES bytes, so every word read here starts inside it and
        // the shifts keep only the field's own bytes.
        assembly ("memory-safe") {
            let p := packed.offset
            exchangeId := shr(192, calldataload(p))
            epoch := shr(192, calldataload(add(p, 8)))
            index := shr(192, calldataload(add(p, 16)))
            assetCount := byte(0, calldataload(add(p, 24)))
            depth := byte(0, calldataload(add(p, 25)))
        }
        ok = true;
    }

    /// @dev Recomputes the root and root sums of a packed proof whose header says `assetCount` assets and
    /// `depth` levels. `ok` is false when an amount is longer than 16 bytes, a sum reaches 2^128, or the
    /// data does not end exactly after the last sibling. Bits of `index` above `depth` are ignored.
    function process(bytes calldata packed, uint256 assetCount, uint256 depth, uint256 index)
        internal
        pure
        returns (bytes32 root, uint256[] memory sums, bool ok)
    {
        sums = new uint256[](assetCount);
        uint256 recordSize = 32 * (assetCount + 1);
        bytes memory preimage = new bytes(1 + 2 * recordSize);
        // Safe: `preimage` holds 1 + 2 * recordSize bytes and every write below is a record (recordSize
        // bytes) at offset 1 or 1 + recordSize, or the prefix byte; `sums` holds assetCount words. Calldata
        // reads past `end` return bytes of other calldata or zeros, never revert, and any proof that reads
        // past `end` fails the final length check, so such bytes never decide a result. Amounts are at most
        // 16 bytes, so each is below 2^128 and two of them add without wrapping; a sum reaching 2^128 fails.
        // `end` is computed in assembly: calldata offsets are below 2^64, so it cannot wrap.
        // Fuzzed against SumTree.processProof in PackedProof.t.sol.
        assembly ("memory-safe") {
            let data := add(preimage, 32)
            let sumsData := add(sums, 32)
            let end := add(packed.offset, packed.length)
            let ptr := add(packed.offset, HEADER_BYTES)
            ok := 1
            // Leaf: 0x00 ‖ accountKey ‖ balances, laid out in the first record slot.
            mstore8(data, 0)
            mstore(add(data, 1), calldataload(add(packed.offset, 26)))
            for { let a := 0 } lt(a, assetCount) { a := add(a, 1) } {
                let length := byte(0, calldataload(ptr))
                if gt(length, 16) { ok := 0 }
                let amount := shr(sub(256, mul(8, length)), calldataload(add(ptr, 1)))
                if iszero(length) { amount := 0 }
                mstore(add(sumsData, mul(a, 32)), amount)
                mstore(add(data, add(33, mul(a, 32))), amount)
                ptr := add(ptr, add(1, length))
            }
            root := keccak256(data, add(1, recordSize))
            mstore8(data, 1)
            for { let level := 0 } lt(level, depth) { level := add(level, 1) } {
                let isRight := and(shr(level, index), 1)
                let own := add(data, add(1, mul(isRight, recordSize)))
                let other := add(data, add(1, mul(iszero(isRight), recordSize)))
                mstore(own, root)
                mstore(other, calldataload(ptr))
                ptr := add(ptr, 32)
                for { let a := 0 } lt(a, assetCount) { a := add(a, 1) } {
                    let length := byte(0, calldataload(ptr))
                    if gt(length, 16) { ok := 0 }
                    let amount := shr(sub(256, mul(8, length)), calldataload(add(ptr, 1)))
                    if iszero(length) { amount := 0 }
                    ptr := add(ptr, add(1, length))
                    let slot := add(sumsData, mul(a, 32))
                    let ownSum := mload(slot)
                    mstore(add(own, add(32, mul(a, 32))), ownSum)
                    mstore(add(other, add(32, mul(a, 32))), amount)
                    let sum := add(ownSum, amount)
                    if gt(sum, MAX_AMOUNT) { ok := 0 }
                    mstore(slot, sum)
                }
                root := keccak256(data, add(1, mul(2, recordSize)))
            }
            if iszero(eq(ptr, end)) { ok := 0 }
        }
    }
}
