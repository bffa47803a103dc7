// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CheatsTest} from "./Cheats.sol";
import {RogueReserveWallets} from "./RogueReserveWallets.sol";
import {TestToken} from "./TestToken.sol";
import {AttestationRegistry} from "../AttestationRegistry.sol";
import {ReserveWallets} from "../ReserveWallets.sol";
import {SolvencyLens} from "../SolvencyLens.sol";
import {IReserveWallets} from "../interfaces/IReserveWallets.sol";
import {ISolvencyLens} from "../interfaces/ISolvencyLens.sol";

/// @dev Finding 10 of issue 21, fuzzed at the extremes: no amount and no decimals make the lens or the
/// reserve wallets panic.
contract SolvencyLensTest is CheatsTest {
    uint256 private constant BPS = 10_000;
    uint256 private constant WALLET_KEY = 0xA11CE;
    bytes32 private constant USDT = bytes32("USDT");

    AttestationRegistry private registry;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new AttestationRegistry();
    }

    /// Any on-chain figure (up to 2^256 - 1) against any liability: a ratio, exact when it fits.
    function testFuzz_finding10_lensRatioNeverPanics(uint256 onChain, uint128 liability, uint8 assetDecimals) public {
        RogueReserveWallets rogue = new RogueReserveWallets();
        rogue.setAmount(onChain);
        SolvencyLens lens = new SolvencyLens(registry, IReserveWallets(address(rogue)));
        _registerAndPost(uint8(assetDecimals % 37), liability);
        ISolvencyLens.AssetSolvency memory item = lens.solvency(1).assets[0];
        assertEq(item.onChainReserves, onChain, "figure passed through");
        if (liability == 0) {
            assertEq(item.onChainRatioBps, type(uint256).max, "nothing owed is unbounded");
        } else if (onChain <= type(uint256).max / BPS) {
            assertEq(item.onChainRatioBps, (onChain * BPS) / liability, "exact ratio");
        } else {
            // Too large for a plain product: at least the whole-number ratio, saturating.
            assertTrue(item.onChainRatioBps >= Math.saturatingMul(onChain / liability, BPS), "ratio too small");
        }
        assertEq(item.covered, onChain >= liability, "covered iff claimed and on-chain cover");
    }

    /// A real token of 0..36 decimals holding up to 2^256 - 1 against an asset of 0..36 decimals, read in
    /// any decimals 0..255: the figure is capped at 2^128 - 1 and the lens answers.
    function testFuzz_finding10_onChainReservesCappedAfterConversion(
        uint256 balance,
        uint8 tokenDecimals,
        uint8 assetDecimals,
        uint8 readDecimals,
        uint128 liability
    ) public {
        tokenDecimals = uint8(tokenDecimals % 37);
        assetDecimals = uint8(assetDecimals % 37);
        ReserveWallets wallets = new ReserveWallets(registry);
        SolvencyLens lens = new SolvencyLens(registry, wallets);
        _registerAndPost(assetDecimals, liability);
        address wallet = vm.addr(WALLET_KEY);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(WALLET_KEY, wallets.walletDigest(1, wallet, 0));
        wallets.addWallet(1, wallet, abi.encodePacked(r, s, v));
        TestToken token = new TestToken("USDT", tokenDecimals);
        token.mint(wallet, balance);
        wallets.setAssetToken(1, USDT, address(token));

        (uint256 amount, bool tracked) = wallets.onChainReserves(1, USDT, readDecimals);
        assertTrue(tracked, "tracked");
        assertTrue(amount <= type(uint128).max, "capped after conversion");
        ISolvencyLens.AssetSolvency memory item = lens.solvency(1).assets[0];
        assertTrue(item.onChainReserves <= type(uint128).max, "lens figure capped");
        if (liability != 0) assertEq(item.onChainRatioBps, (item.onChainReserves * BPS) / liability, "ratio");
    }

    function _registerAndPost(uint8 assetDecimals, uint256 liability) private {
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = USDT;
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = assetDecimals;
        registry.registerExchange("Acme", assets, decimals);
        uint256[] memory liabilities = new uint256[](1);
        liabilities[0] = liability;
        registry.postAttestation(1, keccak256("root"), 1, block.timestamp, liabilities, liabilities, "");
    }
}
