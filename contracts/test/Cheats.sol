// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The few Foundry-compatible cheatcodes our Solidity tests use (forge-std from npm is broken here).
interface Vm {
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external pure;
    function expectRevert(bytes calldata revertData) external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @dev Base for Solidity tests: the cheatcode handle and the assertions we need.
abstract contract CheatsTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        require(a == b, what);
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        require(a == b, what);
    }

    function assertEq(bytes memory a, bytes memory b, string memory what) internal pure {
        require(keccak256(a) == keccak256(b), what);
    }

    function assertEq(bool a, bool b, string memory what) internal pure {
        require(a == b, what);
    }

    function assertTrue(bool condition, string memory what) internal pure {
        require(condition, what);
    }
}
