// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EpochRecords} from "../libraries/EpochRecords.sol";

/// @dev Exposes EpochRecords to tests, with the fallback a record's init code calls. Not deployed outside tests.
contract EpochRecordsHarness {
    fallback() external {
        EpochRecords.serve();
    }

    function post(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256 postedAt,
        uint256 assetListId,
        uint256[] memory amounts_,
        string calldata uri_
    ) external returns (bool) {
        bytes memory code = EpochRecords.encode(root, leafCount, asOf, postedAt, assetListId, amounts_, uri_);
        return EpochRecords.write(exchangeId, epoch, code);
    }

    function initCode() external pure returns (bytes memory) {
        return EpochRecords.INIT_CODE;
    }

    function initCodeHash() external pure returns (bytes32) {
        return EpochRecords.INIT_CODE_HASH;
    }

    function stagedSlot() external pure returns (uint256) {
        return EpochRecords.STAGED_SLOT;
    }

    function location(uint256 exchangeId, uint256 epoch) external view returns (address) {
        return EpochRecords.location(exchangeId, epoch);
    }

    function head(
        uint256 exchangeId,
        uint256 epoch
    )
        external
        view
        returns (
            bytes32 root,
            uint256 leafCount,
            uint256 asOf,
            uint256 postedAt,
            uint256 assetListId,
            uint256 assetCount
        )
    {
        return EpochRecords.head(EpochRecords.load(exchangeId, epoch));
    }

    function amounts(
        uint256 exchangeId,
        uint256 epoch
    ) external view returns (uint256[] memory liabilities, uint256[] memory reserves) {
        bytes memory record = EpochRecords.load(exchangeId, epoch);
        (, , , , , uint256 assetCount) = EpochRecords.head(record);
        liabilities = new uint256[](assetCount);
        reserves = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) (liabilities[a], reserves[a]) = EpochRecords.amountOf(record, a);
    }

    function uri(uint256 exchangeId, uint256 epoch) external view returns (string memory) {
        bytes memory record = EpochRecords.load(exchangeId, epoch);
        (, , , , , uint256 assetCount) = EpochRecords.head(record);
        return EpochRecords.uriOf(record, assetCount);
    }

    function loadedLength(uint256 exchangeId, uint256 epoch) external view returns (uint256) {
        return EpochRecords.load(exchangeId, epoch).length;
    }
}
