// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CheatsTest} from "./Cheats.sol";
import {MinimalSmartWallet} from "./MinimalSmartWallet.sol";
import {AttestationRegistry} from "../AttestationRegistry.sol";
import {IAttestationRegistry} from "../interfaces/IAttestationRegistry.sol";
import {IAttestationRegistryErrors} from "../interfaces/IAttestationRegistryErrors.sol";
import {IReserveWallets} from "../interfaces/IReserveWallets.sol";
import {ReserveWallets} from "../ReserveWallets.sol";
import {Decimals} from "../libraries/Decimals.sol";

/// @dev Fuzzed signature rules of auditor co-signatures and reserve wallets.
contract AuditSignatureTest is CheatsTest {
    // secp256k1 group order: valid private keys are 1..N-1, and s must be at most N/2.
    uint256 private constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    AttestationRegistry private registry;
    ReserveWallets private reserveWallets;
    uint256 private exchangeA;
    uint256 private exchangeB;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new AttestationRegistry();
        reserveWallets = new ReserveWallets(registry);
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = "BTC";
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = 8;
        exchangeA = registry.registerExchange("A", assets, decimals);
        exchangeB = registry.registerExchange("B", assets, decimals);
        registry.setAuditThreshold(exchangeA, 1);
        registry.setAuditThreshold(exchangeB, 1);
        for (uint256 e = 1; e <= 2; ++e) {
            _post(exchangeA, bytes32(uint256(e)), 1_700_000_000 - 100 + e);
            _post(exchangeB, bytes32(uint256(e)), 1_700_000_000 - 100 + e);
        }
    }

    function _post(uint256 exchangeId, bytes32 root, uint256 asOf) private {
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1;
        registry.postAttestation(exchangeId, root, 1, asOf, amounts, amounts, "");
    }

    function _key(uint256 seed) private pure returns (uint256) {
        return 1 + (seed % (N - 1));
    }

    function _signature(uint256 key, bytes32 digest) private pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _cosign(
        address auditor,
        bytes memory signature
    ) private pure returns (IAttestationRegistry.Cosignature[] memory list) {
        list = new IAttestationRegistry.Cosignature[](1);
        list[0] = IAttestationRegistry.Cosignature({auditor: auditor, signature: signature});
    }

    /// A signature for one (exchange, epoch) never counts for another exchange or epoch.
    function testFuzz_cosignatureDoesNotReplay(uint256 seed, bool otherExchange) public {
        uint256 key = _key(seed);
        address auditor = vm.addr(key);
        registry.setAuditor(exchangeA, auditor, true);
        registry.setAuditor(exchangeB, auditor, true);
        bytes memory signature = _signature(key, registry.attestationDigest(exchangeA, 1, auditor));
        (uint256 exchangeId, uint256 epoch) = otherExchange ? (exchangeB, 1) : (exchangeA, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IAttestationRegistryErrors.InvalidCosignature.selector, exchangeId, epoch, auditor)
        );
        registry.countersign(exchangeId, epoch, _cosign(auditor, signature));
        registry.countersign(exchangeA, 1, _cosign(auditor, signature));
        require(registry.audit(exchangeA, 1).audited, "the right epoch is audited");
    }

    /// The high-s twin of a valid signature (same signer under plain ecrecover) is refused.
    function testFuzz_highSIsRefused(uint256 seed) public {
        uint256 key = _key(seed);
        address auditor = vm.addr(key);
        registry.setAuditor(exchangeA, auditor, true);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, registry.attestationDigest(exchangeA, 1, auditor));
        bytes32 highS = bytes32(N - uint256(s));
        uint8 flippedV = v == 27 ? 28 : 27;
        require(
            ecrecover(registry.attestationDigest(exchangeA, 1, auditor), flippedV, r, highS) == auditor,
            "twin recovers"
        );
        vm.expectRevert(
            abi.encodeWithSelector(IAttestationRegistryErrors.InvalidCosignature.selector, exchangeA, 1, auditor)
        );
        registry.countersign(exchangeA, 1, _cosign(auditor, abi.encodePacked(r, highS, flippedV)));
    }

    /// Random bytes are never an auditor's signature.
    function testFuzz_garbageIsRefused(uint256 seed, bytes calldata garbage) public {
        address auditor = vm.addr(_key(seed));
        registry.setAuditor(exchangeA, auditor, true);
        vm.expectRevert(
            abi.encodeWithSelector(IAttestationRegistryErrors.InvalidCosignature.selector, exchangeA, 1, auditor)
        );
        registry.countersign(exchangeA, 1, _cosign(auditor, garbage));
    }

    /// A smart-wallet auditor's signature counts through ERC-1271 and only for its epoch.
    function testFuzz_smartWalletAuditor(uint256 seed) public {
        uint256 key = _key(seed);
        MinimalSmartWallet wallet = new MinimalSmartWallet(vm.addr(key));
        registry.setAuditor(exchangeA, address(wallet), true);
        bytes memory signature = _signature(key, registry.attestationDigest(exchangeA, 2, address(wallet)));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAttestationRegistryErrors.InvalidCosignature.selector,
                exchangeA,
                1,
                address(wallet)
            )
        );
        registry.countersign(exchangeA, 1, _cosign(address(wallet), signature));
        registry.countersign(exchangeA, 2, _cosign(address(wallet), signature));
        require(registry.audit(exchangeA, 2).audited, "audited through ERC-1271");
    }

    /// A signature made in an auditor's earlier term never counts again, whoever replays it.
    function testFuzz_pastTermDoesNotCount(uint256 seed, uint8 otherAuditors) public {
        uint256 key = _key(seed);
        address auditor = vm.addr(key);
        registry.setAuditor(exchangeA, auditor, true);
        bytes memory oldSignature = _signature(key, registry.attestationDigest(exchangeA, 1, auditor));
        registry.setAuditor(exchangeA, auditor, false);
        // Other auditors may come and go in between: terms are never reused.
        for (uint256 i; i < otherAuditors % 4; ++i) {
            registry.setAuditor(exchangeA, address(uint160(0x1000 + i)), true);
        }
        registry.setAuditor(exchangeA, auditor, true);
        vm.expectRevert(
            abi.encodeWithSelector(IAttestationRegistryErrors.InvalidCosignature.selector, exchangeA, 1, auditor)
        );
        registry.countersign(exchangeA, 1, _cosign(auditor, oldSignature));
        registry.countersign(
            exchangeA,
            1,
            _cosign(auditor, _signature(key, registry.attestationDigest(exchangeA, 1, auditor)))
        );
        require(registry.audit(exchangeA, 1).audited, "a signature of the current term counts");
    }

    /// A signature already counted is skipped, alone or in a batch, and counts once.
    function testFuzz_recordedSignatureIsSkipped(uint256 seed, uint8 repeats) public {
        uint256 key = _key(seed);
        address auditor = vm.addr(key);
        registry.setAuditor(exchangeA, auditor, true);
        registry.setAuditThreshold(exchangeA, 2);
        bytes memory signature = _signature(key, registry.attestationDigest(exchangeA, 1, auditor));
        uint256 count = 1 + (repeats % 4);
        IAttestationRegistry.Cosignature[] memory batch = new IAttestationRegistry.Cosignature[](count);
        for (uint256 i; i < count; ++i) {
            batch[i] = IAttestationRegistry.Cosignature({auditor: auditor, signature: signature});
        }
        registry.countersign(exchangeA, 1, batch);
        registry.countersign(exchangeA, 1, batch);
        IAttestationRegistry.AuditInfo memory info = registry.audit(exchangeA, 1);
        assertEq(info.signers.length, 1, "counted once");
        require(!info.audited, "one auditor is below a threshold of two");
    }

    /// A wallet's signature backs only the exchange and nonce it names, and only once.
    function testFuzz_walletSignatureDoesNotReplay(uint256 seed) public {
        uint256 key = _key(seed);
        address wallet = vm.addr(key);
        bytes memory signature = _signature(key, reserveWallets.walletDigest(exchangeA, wallet, 0));
        vm.expectRevert(abi.encodeWithSelector(IReserveWallets.InvalidWalletSignature.selector, wallet));
        reserveWallets.addWallet(exchangeB, wallet, signature);
        reserveWallets.addWallet(exchangeA, wallet, signature);
        reserveWallets.removeWallet(exchangeA, wallet);
        vm.expectRevert(abi.encodeWithSelector(IReserveWallets.InvalidWalletSignature.selector, wallet));
        reserveWallets.addWallet(exchangeA, wallet, signature);
    }

    /// Finding 8 of issue 21: a wallet's signed withdrawal, relayed by anyone, removes it once; afterwards
    /// neither the withdrawal nor its unused consent works, and another exchange can add it.
    function testFuzz_finding8_signedLeaveWorksOnce(uint256 seed, address relayer) public {
        uint256 key = _key(seed);
        address wallet = vm.addr(key);
        reserveWallets.addWallet(exchangeA, wallet, _signature(key, reserveWallets.walletDigest(exchangeA, wallet, 0)));
        bytes memory unusedConsent = _signature(key, reserveWallets.walletDigest(exchangeA, wallet, 1));
        bytes memory leave = _signature(key, reserveWallets.leaveDigest(exchangeA, wallet, 1));
        vm.prank(relayer);
        reserveWallets.leaveWithSignature(wallet, leave);
        assertEq(reserveWallets.walletExchange(wallet), 0, "left");
        assertEq(reserveWallets.nonces(wallet), 2, "nonce used up");
        vm.expectRevert(abi.encodeWithSelector(IReserveWallets.NotReserveWallet.selector, wallet));
        reserveWallets.leaveWithSignature(wallet, leave);
        vm.expectRevert(abi.encodeWithSelector(IReserveWallets.InvalidWalletSignature.selector, wallet));
        reserveWallets.addWallet(exchangeA, wallet, unusedConsent);
        reserveWallets.addWallet(exchangeB, wallet, _signature(key, reserveWallets.walletDigest(exchangeB, wallet, 2)));
        vm.expectRevert(abi.encodeWithSelector(IReserveWallets.InvalidWalletSignature.selector, wallet));
        reserveWallets.leaveWithSignature(wallet, leave);
    }

    /// Converting up and back down is lossless; down then up never exceeds the original.
    function testFuzz_decimalsRoundTrip(uint128 amount, uint8 from, uint8 to) public pure {
        from = uint8(from % 37);
        to = uint8(to % 37);
        if (from <= to) {
            assertEq(Decimals.convert(Decimals.convert(amount, from, to), to, from), amount, "up then down");
        } else {
            require(
                Decimals.convert(Decimals.convert(amount, from, to), to, from) <= amount,
                "down then up rounds down"
            );
        }
    }
}
