// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PackedProof
/// @notice The compact calldata form of an inclusion proof (docs/spec.md, "Packed proofs").
/// @dev Same tree, same hashes as SumTree; only the transport differs. Layout, big-endian:
///   exchangeId (8 bytes) ‖ epoch (8) ‖ index (8) ‖ K (1) ‖ depth (1) ‖ accountKey (32)
///   ‖ K balances ‖ depth × (sibling hash (32) ‖ K sibling sums)
/// where each amount is one length byte L ≤ 16 followed by its L low-order bytes: real balances are short,
/// and zero bytes of calldata still cost gas. Every amount is therefore below 2^128 by construction.
library PackedProof {
    uint256 internal constant HEADER_BYTES = 58;

    /// @dev The header fields. `ok` is false when the data is shorter than the header.
    function header(
        bytes calldata packed
    )
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
    function process(
        bytes calldata packed,
        uint256 assetCount,
        uint256 depth,
        uint256 index
    ) internal pure returns (bytes32 root, uint256[] memory sums, bool ok) {
        sums = new uint256[](assetCount);
        uint256 recordSize = 32 * (assetCount + 1);
        bytes memory preimage = new bytes(1 + 2 * recordSize);
        // Safe: `preimage` holds a prefix byte and two records of recordSize bytes; every write below is the
        // prefix, a record's hash word, or one of its assetCount sum words. `sums` holds assetCount words.
        // Calldata reads past `end` return other calldata or zeros and never revert; a proof that reads past
        // `end` fails the final length check, so such bytes never decide a result.
        // Range checks are collected in `totals` and tested once at the end: it ORs every running sum, and
        // (L + 15) << 123 for every amount's length byte L. It stays below 2^128 exactly when every sum is
        // below 2^128 and every L is at most 16 (L + 15 < 32).
        // Nothing wraps before that test: an amount is below 2^248 (a length byte of 32 or more shifts it to
        // zero), and a sum adds at most 256 of them (depth < 256).
        // The three loops decode amounts with the same four lines on purpose: as a Yul function they cost
        // 2% (one asset) to 8% (20 assets) more gas in what solc 0.8.28 emits.
        // Fuzzed against SumTree.processProof in PackedProof.t.sol.
        assembly ("memory-safe") {
            let data := add(preimage, 32)
            let sumsData := add(sums, 32)
            let ptr := add(packed.offset, HEADER_BYTES)
            let totals := 0
            // Leaf: 0x00 ‖ accountKey ‖ balances, laid out in the first record; the balances start the sums.
            mstore8(data, 0)
            mstore(add(data, 1), calldataload(add(packed.offset, 26)))
            for {
                let n := assetCount
                let s := sumsData
                let out := add(data, 33)
            } n {
                n := sub(n, 1)
                s := add(s, 32)
                out := add(out, 32)
            } {
                let word := calldataload(ptr)
                let length := byte(0, word)
                let amount := shr(sub(256, shl(3, length)), shl(8, word))
                mstore(s, amount)
                mstore(out, amount)
                totals := or(totals, or(amount, shl(123, add(length, 15))))
                ptr := add(ptr, add(length, 1))
            }
            root := keccak256(data, add(1, recordSize))
            mstore8(data, 1)
            // One asset (the common case): the same walk with the running sum kept on the stack.
            if eq(assetCount, 1) {
                let sum := mload(sumsData)
                let recordB := add(data, 65)
                for {} depth {
                    depth := sub(depth, 1)
                } {
                    let shift := shl(6, and(index, 1))
                    index := shr(1, index)
                    let own := add(add(data, 1), shift)
                    mstore(own, root)
                    mstore(add(own, 32), sum)
                    let other := sub(recordB, shift)
                    mstore(other, calldataload(ptr))
                    let word := calldataload(add(ptr, 32))
                    let length := byte(0, word)
                    let amount := shr(sub(256, shl(3, length)), shl(8, word))
                    mstore(add(other, 32), amount)
                    sum := add(sum, amount)
                    totals := or(totals, or(sum, shl(123, add(length, 15))))
                    ptr := add(ptr, add(length, 33))
                    root := keccak256(data, 129)
                }
                mstore(sumsData, sum)
            }
            for {} depth {
                depth := sub(depth, 1)
            } {
                let shift := mul(and(index, 1), recordSize)
                index := shr(1, index)
                let own := add(add(data, 1), shift)
                mstore(own, root)
                mcopy(add(own, 32), sumsData, shl(5, assetCount))
                let other := sub(add(add(data, 1), recordSize), shift)
                mstore(other, calldataload(ptr))
                ptr := add(ptr, 32)
                for {
                    let n := assetCount
                    let s := sumsData
                    let out := add(other, 32)
                } n {
                    n := sub(n, 1)
                    s := add(s, 32)
                    out := add(out, 32)
                } {
                    let word := calldataload(ptr)
                    let length := byte(0, word)
                    let amount := shr(sub(256, shl(3, length)), shl(8, word))
                    mstore(out, amount)
                    let sum := add(mload(s), amount)
                    totals := or(totals, or(sum, shl(123, add(length, 15))))
                    mstore(s, sum)
                    ptr := add(ptr, add(length, 1))
                }
                root := keccak256(data, add(1, shl(1, recordSize)))
            }
            ok := and(lt(totals, shl(128, 1)), eq(ptr, add(packed.offset, packed.length)))
        }
    }
}
