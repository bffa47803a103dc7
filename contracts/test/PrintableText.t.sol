// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {AttestationRegistry} from "../AttestationRegistry.sol";
import {IAttestationRegistryErrors} from "../interfaces/IAttestationRegistryErrors.sol";

/// @dev Finding 4 of issue 21, fuzzed: the registry stores a name or a uri exactly when the written rule
/// (a plain reference here, byte by byte) accepts it, and otherwise names the first offending byte.
contract PrintableTextTest is CheatsTest {
    AttestationRegistry private registry;
    bytes32[] private assets;
    uint8[] private decimals;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new AttestationRegistry();
        assets.push(bytes32("BTC"));
        decimals.push(8);
        registry.registerExchange("Acme", assets, decimals);
    }

    /// Random bytes: mostly not ASCII at all.
    function testFuzz_finding4_nameAcceptedIffPrintableAscii(bytes memory name) public {
        _checkName(name);
    }

    /// Bytes squeezed into 0x1e-0x81, so the edges of the rule (0x1f/0x20, 0x7e/0x7f, spaces) come up often.
    function testFuzz_finding4_nearAsciiNameAcceptedIffPrintableAscii(bytes memory raw) public {
        _checkName(_nearAscii(raw));
    }

    function testFuzz_finding4_uriAcceptedIffPrintableAsciiWithoutSpaces(bytes memory raw, bool nearAscii) public {
        bytes memory uri = nearAscii ? _nearAscii(raw) : raw;
        (bool ok, uint256 position) = _reference(uri, 0x21, false);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1;
        try registry.postAttestation(1, keccak256(uri), 1, block.timestamp, amounts, amounts, string(uri)) {
            assertTrue(ok, "stored a uri the rule refuses");
            assertEq(bytes(registry.attestation(1, 1).uri), uri, "stored uri differs");
        } catch (bytes memory reason) {
            assertTrue(!ok, "refused a uri the rule accepts");
            bytes memory expected = abi.encodeWithSelector(
                IAttestationRegistryErrors.InvalidUriCharacter.selector,
                position,
                uri[position]
            );
            assertEq(reason, expected, "wrong error or position");
        }
    }

    function _checkName(bytes memory name) private {
        (bool ok, uint256 position) = _reference(name, 0x20, true);
        try registry.registerExchange(string(name), assets, decimals) returns (uint256 exchangeId) {
            assertTrue(ok, "accepted a name the rule refuses");
            assertEq(bytes(registry.exchange(exchangeId).name), name, "stored name differs");
        } catch (bytes memory reason) {
            assertTrue(!ok, "refused a name the rule accepts");
            bytes memory expected =
                name.length == 0 || name.length > 64
                    ? abi.encodeWithSelector(IAttestationRegistryErrors.InvalidName.selector, name.length)
                    : abi.encodeWithSelector(
                        IAttestationRegistryErrors.InvalidNameCharacter.selector,
                        position,
                        name[position]
                    );
            assertEq(reason, expected, "wrong error or position");
        }
    }

    /// The rule as written: 1 to 64 bytes for a name (0 to 4,096 for a uri), each byte in lowest..0x7e,
    /// and for a name no space first or last. Returns the first offending position.
    function _reference(bytes memory text, uint8 lowest, bool isName) private pure returns (bool ok, uint256 position) {
        if (isName && (text.length == 0 || text.length > 64)) return (false, 0);
        if (!isName && text.length > 4096) return (false, 0);
        for (uint256 i; i < text.length; ++i) {
            if (uint8(text[i]) < lowest || uint8(text[i]) > 0x7e) return (false, i);
        }
        if (isName && text[0] == 0x20) return (false, 0);
        if (isName && text[text.length - 1] == 0x20) return (false, text.length - 1);
        return (true, 0);
    }

    function _nearAscii(bytes memory raw) private pure returns (bytes memory text) {
        text = new bytes(raw.length);
        for (uint256 i; i < raw.length; ++i) {
            text[i] = bytes1(uint8(0x1e + (uint8(raw[i]) % 100)));
        }
    }
}
