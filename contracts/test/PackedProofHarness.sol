// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PackedProof} from "../libraries/PackedProof.sol";

/// @dev Exposes PackedProof to tests. Not deployed outside tests.
contract PackedProofHarness {
    function header(
        bytes calldata packed
    )
        external
        pure
        returns (uint256 exchangeId, uint256 epoch, uint256 index, uint256 assetCount, uint256 depth, bool ok)
    {
        return PackedProof.header(packed);
    }

    function process(
        bytes calldata packed,
        uint256 assetCount,
        uint256 depth,
        uint256 index
    ) external pure returns (bytes32 root, uint256[] memory sums, bool ok) {
        return PackedProof.process(packed, assetCount, depth, index);
    }
}
