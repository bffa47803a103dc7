// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {DecimalsHarness} from "./DecimalsHarness.sol";

/// @dev Fuzzes the two roundings of Decimals: `convertUp` (liabilities) against `convert` (reserves).
contract DecimalsTest is CheatsTest {
    DecimalsHarness private harness;

    function setUp() public {
        harness = new DecimalsHarness();
    }

    /// Rounding up is rounding down plus at most one, and equal exactly when no nonzero digit is dropped.
    function testFuzz_convertUp_isConvertPlusAtMostOne(uint128 amount, uint8 from, uint8 to) public view {
        from = uint8(from % 37);
        to = uint8(to % 37);
        uint256 down = harness.convert(amount, from, to);
        uint256 up = harness.convertUp(amount, from, to);
        assertTrue(up >= down, "up >= down");
        assertTrue(up - down <= 1, "up - down <= 1");
        // Exact when nothing is dropped: scaling back gives the amount itself.
        bool exact = from <= to || amount % 10 ** (from - to) == 0;
        assertEq(up == down, exact, "equal iff exact");
        // The rounded-up amount, scaled back, covers the original; one less would not.
        if (from > to) {
            uint256 unit = 10 ** (from - to);
            assertTrue(up * unit >= amount, "up covers the amount");
            if (up > 0) assertTrue((up - 1) * unit < amount, "up is the least that covers");
        }
    }

    /// Finding 10 of issue 21: any amount and any two uint8 decimals give an answer, never a panic. Scaling
    /// up is exact or saturates; scaling down is the floor (and convertUp that floor plus at most one).
    function testFuzz_finding10_convertIsTotal(uint256 amount, uint8 from, uint8 to) public view {
        uint256 down = harness.convert(amount, from, to);
        uint256 up = harness.convertUp(amount, from, to);
        if (from <= to) {
            assertEq(up, down, "no rounding when scaling up");
            if (to - from <= 77) {
                (bool fits, uint256 exact) = Math.tryMul(amount, 10 ** (to - from));
                assertEq(down, fits ? exact : type(uint256).max, "exact or saturated");
            } else {
                assertEq(down, amount == 0 ? 0 : type(uint256).max, "beyond 10^77 saturates");
            }
        } else {
            assertEq(down, from - to <= 77 ? amount / 10 ** (from - to) : 0, "floor");
            assertTrue(up - down <= 1 && up >= down, "up is down plus at most one");
            assertEq(
                up == down,
                down * (from - to <= 77 ? 10 ** (from - to) : 0) == amount,
                "exact iff nothing dropped"
            );
        }
    }

    /// The extremes of finding 10: the largest amount, 0 and 36 decimals, and past 10^77.
    function test_finding10_convertExtremes() public view {
        uint256 max = type(uint256).max;
        assertEq(
            harness.convert(type(uint128).max, 0, 36),
            uint256(type(uint128).max) * 10 ** 36,
            "2^128 x 10^36 fits"
        );
        assertEq(harness.convert(max, 0, 36), max, "saturates");
        assertEq(harness.convert(1, 0, 77), 10 ** 77, "10^77 fits");
        assertEq(harness.convert(1, 0, 78), max, "10^78 does not");
        assertEq(harness.convert(0, 0, 255), 0, "zero stays zero");
        assertEq(harness.convert(max, 255, 0), 0, "every digit dropped");
        assertEq(harness.convertUp(max, 255, 0), 1, "rounded up to one");
        assertEq(harness.convertUp(0, 255, 0), 0, "zero rounds to zero");
        assertEq(harness.convert(max, 77, 0), max / 10 ** 77, "floor at 10^77");
    }

    /// The edges: zero, one unit, one below and above a whole unit, and the largest amount.
    function test_convertUp_edges() public view {
        assertEq(harness.convertUp(0, 18, 6), 0, "zero stays zero");
        assertEq(harness.convertUp(1, 18, 6), 1, "dust rounds up to one");
        assertEq(harness.convert(1, 18, 6), 0, "dust rounds down to zero");
        assertEq(harness.convertUp(10 ** 12, 18, 6), 1, "a whole unit is exact");
        assertEq(harness.convertUp(10 ** 12 + 1, 18, 6), 2, "just above a unit");
        assertEq(harness.convertUp(10 ** 12 - 1, 18, 6), 1, "just below a unit");
        assertEq(harness.convertUp(type(uint128).max, 36, 0), type(uint128).max / 10 ** 36 + 1, "largest amount");
        assertEq(harness.convertUp(7, 6, 18), 7 * 10 ** 12, "scaling up is exact");
    }
}
