// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {EpochRecordsHarness} from "./EpochRecordsHarness.sol";

/// @dev Fuzzes EpochRecords (its assembly): whatever is written reads back field for field, at the derived
/// address, once per (exchange, epoch); nothing is served outside a write.
contract EpochRecordsTest is CheatsTest {
    EpochRecordsHarness private records;

    function setUp() public {
        records = new EpochRecordsHarness();
    }

    function _amounts(uint256 seed, uint256 count) private pure returns (uint256[] memory amounts) {
        amounts = new uint256[](count);
        for (uint256 a; a < count; ++a) amounts[a] = uint256(keccak256(abi.encode(seed, a)));
    }

    function testFuzz_roundTrip(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 root,
        uint64 leafCount,
        uint64 asOf,
        uint64 postedAt,
        uint32 assetListId,
        uint256 seed,
        uint8 countRaw,
        string calldata uri
    ) public {
        vm.assume(bytes(uri).length < 3000);
        uint256 count = 1 + (countRaw % 64);
        uint256[] memory amounts = _amounts(seed, count);
        assertEq(records.loadedLength(exchangeId, epoch), 0, "nothing before the write");
        assertTrue(
            records.post(exchangeId, epoch, root, leafCount, asOf, postedAt, assetListId, amounts, uri),
            "written"
        );
        address at = records.location(exchangeId, epoch);
        assertEq(at.code.length, 62 + 32 * count + bytes(uri).length, "code size");
        assertEq(uint8(at.code[0]), 0, "starts with STOP");
        (bytes32 r, uint256 n, uint256 t, uint256 p, uint256 list, uint256 k) = records.head(exchangeId, epoch);
        assertEq(r, root, "root");
        assertEq(n, leafCount, "leafCount");
        assertEq(t, asOf, "asOf");
        assertEq(p, postedAt, "postedAt");
        assertEq(list, assetListId, "assetListId");
        assertEq(k, count, "asset count");
        (uint256[] memory liabilities, uint256[] memory reserves) = records.amounts(exchangeId, epoch);
        for (uint256 a; a < count; ++a) {
            assertEq(liabilities[a], amounts[a] >> 128, "liability");
            assertEq(reserves[a], uint128(amounts[a]), "reserve");
        }
        assertEq(bytes(records.uri(exchangeId, epoch)), bytes(uri), "uri");
        assertTrue(
            !records.post(exchangeId, epoch, root, leafCount, asOf, postedAt, assetListId, amounts, uri),
            "written once"
        );
    }

    function testFuzz_recordsOfOtherEpochsStayEmpty(
        uint256 exchangeId,
        uint256 epoch,
        uint256 otherExchange,
        uint256 otherEpoch
    ) public {
        vm.assume(exchangeId != otherExchange || epoch != otherEpoch);
        assertTrue(records.post(exchangeId, epoch, bytes32(uint256(1)), 1, 1, 1, 1, _amounts(0, 1), ""), "written");
        assertEq(records.loadedLength(otherExchange, otherEpoch), 0, "another epoch has no record");
        assertTrue(
            records.location(exchangeId, epoch) != records.location(otherExchange, otherEpoch),
            "distinct addresses"
        );
    }

    function test_initCodeHash_isTheHashOfInitCode() public view {
        assertEq(records.initCodeHash(), keccak256(records.initCode()), "INIT_CODE_HASH == keccak256(INIT_CODE)");
        assertEq(records.initCode().length, 22, "the init code is the 22 bytes documented opcode by opcode");
    }

    function test_stagedSlot_matchesItsFormula() public view {
        assertEq(records.stagedSlot(), uint256(keccak256("solvent.EpochRecords.staged")) - 1, "STAGED_SLOT");
    }

    function testFuzz_location_isTheCreate2Address(uint256 exchangeId, uint256 epoch) public view {
        bytes32 salt = keccak256(abi.encode(exchangeId, epoch));
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(records), salt, keccak256(records.initCode())));
        assertTrue(records.location(exchangeId, epoch) == address(uint160(uint256(hash))), "CREATE2 address");
    }

    function testFuzz_servesNothingOutsideAWrite(bytes calldata data) public {
        (bool ok, bytes memory returned) = address(records).call(abi.encodePacked(bytes4(0xffffffff), data));
        assertTrue(!ok, "reverts");
        assertEq(returned.length, 0, "with no data");
    }
}
