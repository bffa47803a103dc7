// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CheatsTest} from "./Cheats.sol";
import {SolvencyMathHarness} from "./SolvencyMathHarness.sol";

/// @dev Issue 20: the one ratio convention and the one asset lookup (SolvencyMath), fuzzed.
contract SolvencyMathTest is CheatsTest {
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX = type(uint256).max;
    /// @dev The feed's cap (SolvencyFeed.maxRatio()).
    uint256 private constant FEED_MAX_RATIO = BPS * 1_000_000;

    SolvencyMathHarness private harness;

    function setUp() public {
        harness = new SolvencyMathHarness();
    }

    /// issue 20: nothing owed answers the ceiling, whatever the reserves and whatever the ceiling.
    function testFuzz_issue20_nothingOwedAnswersTheCeiling(uint256 reserves, uint256 ceiling) public view {
        assertEq(harness.ratioBps(reserves, 0, ceiling), ceiling, "nothing owed = ceiling");
    }

    /// issue 20: any uint256 inputs give an answer (never a panic): the floor of reserves * 10^4 / liabilities
    /// when it is at most the ceiling, else the ceiling. Checked in 512 bits: answer * liabilities <=
    /// reserves * 10^4 < (answer + 1) * liabilities below the ceiling.
    function testFuzz_issue20_ratioIsTheCappedFloor(
        uint256 reserves,
        uint256 liabilities,
        uint256 ceiling
    ) public view {
        vm.assume(liabilities != 0);
        uint256 ratio = harness.ratioBps(reserves, liabilities, ceiling);
        assertTrue(ratio <= ceiling, "never above the ceiling");
        (uint256 productHigh, uint256 productLow) = Math.mul512(reserves, BPS);
        (uint256 belowHigh, uint256 belowLow) = Math.mul512(ratio, liabilities);
        assertTrue(_le(belowHigh, belowLow, productHigh, productLow), "ratio * liabilities <= reserves * BPS");
        if (ratio < ceiling) {
            // (ratio + 1) * liabilities, in 512 bits: ratio < ceiling <= MAX, so ratio + 1 does not overflow.
            (uint256 aboveHigh, uint256 aboveLow) = Math.mul512(ratio + 1, liabilities);
            assertTrue(!_le(aboveHigh, aboveLow, productHigh, productLow), "rounded down, not lower");
        }
    }

    /// issue 20: the lens's ceiling (no bound) gives the exact floor whenever reserves * 10^4 fits in 256 bits.
    function testFuzz_issue20_unboundedRatioIsExact(uint256 reserves, uint256 liabilities) public view {
        vm.assume(liabilities != 0 && reserves <= MAX / BPS);
        assertEq(harness.ratioBps(reserves, liabilities, MAX), (reserves * BPS) / liabilities, "exact floor");
    }

    /// issue 20: the feed's answers did not change: for posted amounts (below 2^128) the library with the
    /// feed's cap is the feed's former formula, nothing owed included.
    function testFuzz_issue20_feedAnswersUnchanged(uint128 reserves, uint128 liabilities) public view {
        uint256 former = liabilities == 0 ? FEED_MAX_RATIO : (uint256(reserves) * BPS) / liabilities;
        if (former > FEED_MAX_RATIO) former = FEED_MAX_RATIO;
        assertEq(harness.ratioBps(reserves, liabilities, FEED_MAX_RATIO), former, "feed ratio");
    }

    /// issue 20: the extremes, by name.
    function test_issue20_ratioExtremes() public view {
        assertEq(harness.ratioBps(0, 0, MAX), MAX, "0 / 0");
        assertEq(harness.ratioBps(MAX, 0, MAX), MAX, "max / 0");
        assertEq(harness.ratioBps(MAX, 1, MAX), MAX, "max / 1 saturates");
        assertEq(harness.ratioBps(MAX, MAX, MAX), BPS, "max / max");
        assertEq(harness.ratioBps(1, MAX, MAX), 0, "1 / max");
        assertEq(harness.ratioBps(MAX / BPS, 1, MAX), (MAX / BPS) * BPS, "largest exact product");
        assertEq(harness.ratioBps(MAX / BPS + 1, 1, MAX), MAX, "one past it saturates");
        assertEq(harness.ratioBps(5, 10, 0), 0, "ceiling 0");
        assertEq(harness.ratioBps(type(uint128).max, 1, FEED_MAX_RATIO), FEED_MAX_RATIO, "feed cap");
    }

    /// issue 20: the asset lookup finds a listed symbol at its position and reports an absent one, over up to
    /// 64 distinct symbols (the registry's limit); both overloads agree.
    function testFuzz_issue20_assetLookup(uint256 seed, uint8 count, uint8 pick, bool present) public view {
        count = uint8(count % 65);
        bytes32[] memory symbols = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            // Distinct by construction: the position is part of every symbol.
            symbols[i] = keccak256(abi.encode(seed, i));
        }
        bytes32 wanted = keccak256(abi.encode(seed, "absent"));
        uint256 expectedIndex;
        if (present && count != 0) {
            expectedIndex = pick % count;
            wanted = symbols[expectedIndex];
        }
        bool expectedFound = present && count != 0;
        (bool found, uint256 index) = harness.indexOf(symbols, wanted);
        assertEq(found, expectedFound, "found iff listed");
        assertEq(index, expectedFound ? expectedIndex : 0, "its position, 0 when absent");
        (bool figuresFound, uint256 figuresIndex) = harness.indexOfFigures(symbols, wanted);
        assertEq(figuresFound, found, "overloads agree on found");
        assertEq(figuresIndex, index, "overloads agree on index");
    }

    function _le(uint256 aHigh, uint256 aLow, uint256 bHigh, uint256 bLow) private pure returns (bool) {
        return aHigh < bHigh || (aHigh == bHigh && aLow <= bLow);
    }
}
