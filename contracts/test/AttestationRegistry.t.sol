// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {RegistryHandler} from "./RegistryHandler.sol";
import {AttestationRegistry} from "../AttestationRegistry.sol";
import {IAttestationRegistry} from "../interfaces/IAttestationRegistry.sol";
import {IAttestationRegistryErrors} from "../interfaces/IAttestationRegistryErrors.sol";
import {IAttestationRegistryReader} from "../interfaces/IAttestationRegistryReader.sol";
import {ISumTreeErrors} from "../interfaces/ISumTreeErrors.sol";
import {Sibling} from "../types/Sibling.sol";

/// @dev Invariants of the registry under random operation sequences, plus fuzzed access and time rules.
contract AttestationRegistryInvariantTest is CheatsTest {
    RegistryHandler private handler;
    AttestationRegistry private registry;
    uint256 private exchangeId;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new RegistryHandler();
        registry = handler.registry();
        exchangeId = handler.exchangeId();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_epochsStrictlyIncrease() public view {
        uint256 count = handler.postedCount();
        assertEq(registry.latestEpoch(exchangeId), count, "latest epoch is the number of posts");
        for (uint256 i = 1; i < count; ++i) {
            require(handler.posted(i).asOf > handler.posted(i - 1).asOf, "asOf must strictly increase");
        }
    }

    function invariant_postedDataNeverChanges() public view {
        uint256 count = handler.postedCount();
        for (uint256 i; i < count; ++i) {
            RegistryHandler.Posted memory ghost = handler.posted(i);
            IAttestationRegistry.Attestation memory stored = registry.attestation(exchangeId, i + 1);
            assertEq(stored.root, ghost.root, "root changed");
            assertEq(stored.leafCount, ghost.leafCount, "leafCount changed");
            assertEq(stored.asOf, ghost.asOf, "asOf changed");
            assertEq(stored.postedAt, ghost.postedAt, "postedAt changed");
            assertEq(stored.liabilities[0], ghost.liability, "liabilities changed");
            assertEq(stored.reserves[0], ghost.reserve, "reserves changed");
            assertEq(keccak256(bytes(stored.uri)), ghost.uriHash, "uri changed");
            assertEq(stored.assets[0], ghost.asset, "asset list changed");
            uint8 expected =
                ghost.revoked
                    ? uint8(IAttestationRegistryReader.Status.Revoked)
                    : uint8(IAttestationRegistryReader.Status.Active);
            assertEq(uint8(stored.status), expected, "status is not what was done to it");
        }
    }

    function invariant_revokedEpochsNeverVerify() public view {
        uint256 count = handler.postedCount();
        for (uint256 i; i < count; ++i) {
            RegistryHandler.Posted memory ghost = handler.posted(i);
            uint256[] memory balances = new uint256[](1);
            balances[0] = ghost.balance;
            Sibling[] memory siblings = new Sibling[](1);
            siblings[0] = ghost.sibling;
            bool verified = registry.verifyInclusion(
                exchangeId,
                i + 1,
                ghost.accountKey,
                balances,
                ghost.index,
                siblings
            );
            require(verified == !ghost.revoked, ghost.revoked ? "a revoked epoch verified" : "a valid proof failed");
        }
    }

    function invariant_forbiddenWritesFail() public view {
        require(!handler.forbiddenWriteSucceeded(), "a forbidden write went through");
    }
}

/// @dev Fuzzed access control and snapshot-time rules on a fresh registry.
contract AttestationRegistryFuzzTest is CheatsTest {
    AttestationRegistry private registry;
    uint256 private exchangeId;
    uint256[] private one;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new AttestationRegistry();
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = "ETH";
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = 18;
        exchangeId = registry.registerExchange("Fuzz", assets, decimals);
        one = new uint256[](1);
    }

    /// @dev The fallback the epoch records' init code calls answers only during a post: before and after
    /// one, an empty call (what the init code sends) reverts with no data, as a missing function would.
    function test_fallback_revertsWithNoDataOutsideAPost() public {
        (bool ok, bytes memory returned) = address(registry).call("");
        assertTrue(!ok, "reverts before a post");
        assertEq(returned.length, 0, "with no data before a post");
        registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, block.timestamp, one, one, "");
        // Same transaction as the post: the staged record must have been cleared from transient storage.
        (ok, returned) = address(registry).call("");
        assertTrue(!ok, "reverts after a post");
        assertEq(returned.length, 0, "with no data after a post");
    }

    function testFuzz_fallback_revertsWithNoDataForUnknownSelectors(bytes calldata data) public {
        (bool ok, bytes memory returned) = address(registry).call(abi.encodePacked(bytes4(0xffffffff), data));
        assertTrue(!ok, "reverts");
        assertEq(returned.length, 0, "with no data");
    }

    function testFuzz_postAttestation_onlyPublishers(address caller) public {
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAttestationRegistryErrors.NotPublisher.selector, exchangeId, caller));
        registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, block.timestamp, one, one, "");
    }

    function testFuzz_postAttestation_asOfMustIncrease(uint256 first, uint256 second) public {
        first = 1 + (first % block.timestamp);
        registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, first, one, one, "");
        second = second % (first + 1);
        vm.expectRevert(abi.encodeWithSelector(IAttestationRegistryErrors.AsOfNotIncreasing.selector, second, first));
        registry.postAttestation(exchangeId, bytes32(uint256(2)), 1, second, one, one, "");
    }

    function testFuzz_postAttestation_asOfNotInFuture(uint256 ahead) public {
        uint256 asOf = block.timestamp + 1 + (ahead % 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAttestationRegistryErrors.AsOfInFuture.selector, asOf, block.timestamp)
        );
        registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, asOf, one, one, "");
    }

    function testFuzz_postAttestation_amountsBelow2to128(uint256 amount, bool asReserve) public {
        amount = (uint256(1) << 128) + (amount % (type(uint256).max - (uint256(1) << 128)));
        uint256[] memory big = new uint256[](1);
        big[0] = amount;
        vm.expectRevert(abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, amount));
        registry.postAttestation(
            exchangeId,
            bytes32(uint256(1)),
            1,
            block.timestamp,
            asReserve ? one : big,
            asReserve ? big : one,
            ""
        );
    }

    function testFuzz_revokeAttestation_onlyAdmin(address caller) public {
        registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, block.timestamp, one, one, "");
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAttestationRegistryErrors.NotAdmin.selector, exchangeId, caller));
        registry.revokeAttestation(exchangeId, 1, "no");
    }

    function testFuzz_registerExchange_rejectsMalformedSymbols(bytes32 symbol) public {
        // A valid symbol is 1-31 bytes of 0x21-0x7e then zeros; check the registry agrees with that rule.
        uint256 length;
        bool valid = true;
        while (length < 32 && symbol[length] != 0) {
            if (uint8(symbol[length]) < 0x21 || uint8(symbol[length]) > 0x7e) valid = false;
            ++length;
        }
        for (uint256 i = length; i < 32; ++i) if (symbol[i] != 0) valid = false;
        if (length == 0 || length == 32) valid = false;
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = symbol;
        uint8[] memory decimals = new uint8[](1);
        if (!valid)
            vm.expectRevert(abi.encodeWithSelector(IAttestationRegistryErrors.InvalidAssetSymbol.selector, 0, symbol));
        registry.registerExchange("Symbols", assets, decimals);
    }
}

/// @dev checkInclusion (whose revert re-raises encoded errors in assembly) agrees with verifyInclusion
/// and reverts with exactly the error of the failed check.
contract AttestationRegistryCheckInclusionTest is CheatsTest {
    AttestationRegistry private registry;
    uint256 private exchangeId;
    bytes32 private constant KEY = keccak256("alice");
    bytes32 private constant SIBLING_HASH = keccak256("bob");
    uint256 private constant BALANCE = 5e8;
    uint256 private constant SIBLING_SUM = 7e8;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new AttestationRegistry();
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = "BTC";
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = 8;
        exchangeId = registry.registerExchange("Check", assets, decimals);
        (uint256[] memory balances, Sibling[] memory siblings) = _proof(BALANCE, SIBLING_SUM);
        uint256[] memory totals = new uint256[](1);
        totals[0] = BALANCE + SIBLING_SUM;
        bytes32 root = keccak256(
            abi.encodePacked(
                bytes1(0x01),
                keccak256(abi.encodePacked(bytes1(0x00), KEY, balances)),
                balances,
                SIBLING_HASH,
                siblings[0].sums
            )
        );
        registry.postAttestation(exchangeId, root, 2, block.timestamp, totals, totals, "");
    }

    function _proof(
        uint256 balance,
        uint256 siblingSum
    ) private pure returns (uint256[] memory balances, Sibling[] memory siblings) {
        balances = new uint256[](1);
        balances[0] = balance;
        uint256[] memory sums = new uint256[](1);
        sums[0] = siblingSum;
        siblings = new Sibling[](1);
        siblings[0] = Sibling(SIBLING_HASH, sums);
    }

    function _revertData(
        bytes32 key,
        uint256[] memory balances,
        uint256 index,
        Sibling[] memory siblings
    ) external view returns (bool reverted, bytes memory data) {
        try registry.checkInclusion(exchangeId, 1, key, balances, index, siblings) {
            return (false, "");
        } catch (bytes memory reason) {
            return (true, reason);
        }
    }

    function testFuzz_checkInclusion_agreesWithVerifyInclusion(
        uint256 balance,
        uint256 siblingSum,
        uint256 index,
        bool tamperKey
    ) public view {
        // Half the runs use the honest amounts, the rest arbitrary ones (including out of range).
        if (balance % 2 == 0) (balance, siblingSum) = (BALANCE, SIBLING_SUM);
        bytes32 key = tamperKey ? keccak256(abi.encode(balance)) : KEY;
        index = index % 3;
        (uint256[] memory balances, Sibling[] memory siblings) = _proof(balance, siblingSum);
        bool verified = registry.verifyInclusion(exchangeId, 1, key, balances, index, siblings);
        (bool reverted, bytes memory data) = this._revertData(key, balances, index, siblings);
        require(verified == !reverted, "checkInclusion and verifyInclusion disagree");
        if (!reverted) return;
        bytes4 selector = bytes4(data);
        if (index == 2) {
            assertEq(
                data,
                abi.encodeWithSelector(IAttestationRegistryErrors.LeafIndexOutOfRange.selector, 2, 2),
                "index check"
            );
        } else if (balance > type(uint128).max) {
            assertEq(data, abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, balance), "range check");
        } else if (siblingSum > type(uint128).max) {
            assertEq(
                data,
                abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, siblingSum),
                "sibling range check"
            );
        } else if (balance + siblingSum > type(uint128).max) {
            assertEq(
                data,
                abi.encodeWithSelector(ISumTreeErrors.AmountOutOfRange.selector, balance + siblingSum),
                "sum range check"
            );
        } else {
            require(
                selector == IAttestationRegistryErrors.RootMismatch.selector,
                "a wrong proof must fail on the root"
            );
        }
    }
}
