// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice One step of a Merkle sum proof: the sibling node's hash and its per-asset sums.
/// @dev `sums` has one entry per asset, in the attestation's asset order; every entry is < 2^128.
struct Sibling {
    bytes32 hash;
    uint256[] sums;
}
