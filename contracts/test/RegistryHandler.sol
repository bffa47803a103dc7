// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Cheats.sol";
import {AttestationRegistry} from "../AttestationRegistry.sol";
import {SumTree} from "../libraries/SumTree.sol";
import {Sibling} from "../types/Sibling.sol";

/// @dev Drives one exchange of a registry through random posts, revocations, asset changes and forbidden
/// writes, keeping a ghost copy of everything it posted so the invariant test can compare.
contract RegistryHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct Posted {
        bytes32 root;
        uint256 leafCount;
        uint256 asOf;
        uint256 postedAt;
        uint256 liability;
        uint256 reserve;
        bytes32 uriHash;
        bytes32 asset;
        bytes32 accountKey;
        uint256 balance;
        uint256 index;
        Sibling sibling;
        bool revoked;
    }

    AttestationRegistry public immutable registry;
    uint256 public immutable exchangeId;
    bytes32 public currentAsset = "BTC";
    Posted[] private _posted;
    /// Set when a write that must fail went through.
    bool public forbiddenWriteSucceeded;

    constructor() {
        registry = new AttestationRegistry();
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = currentAsset;
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = 8;
        exchangeId = registry.registerExchange("Fuzz Exchange", assets, decimals);
    }

    function postedCount() external view returns (uint256) {
        return _posted.length;
    }

    function posted(uint256 i) external view returns (Posted memory) {
        return _posted[i];
    }

    /// Posts a two-leaf tree whose one leaf we can later prove.
    function post(
        bytes32 accountKey,
        uint128 balance,
        uint128 siblingSum,
        uint256 reserve,
        uint32 wait,
        uint32 lag,
        bool right
    ) external {
        balance = balance >> 1;
        siblingSum = siblingSum >> 1; // the total stays below 2^128
        vm.warp(block.timestamp + 1 + (wait % 30 days));
        uint256 last = _posted.length == 0 ? 0 : _posted[_posted.length - 1].asOf;
        uint256 asOf = block.timestamp - (lag % (block.timestamp - last)); // in (last, now]

        uint256[] memory own = new uint256[](1);
        own[0] = balance;
        uint256[] memory sums = new uint256[](1);
        sums[0] = siblingSum;
        Sibling memory sibling = Sibling(keccak256(abi.encode(accountKey, "sibling")), sums);
        bytes32 leaf = SumTree.leafHash(accountKey, own);
        bytes32 root =
            right ? SumTree.nodeHash(sibling.hash, sums, leaf, own) : SumTree.nodeHash(leaf, own, sibling.hash, sums);
        uint256[] memory liabilities = new uint256[](1);
        liabilities[0] = uint256(balance) + siblingSum;
        uint256[] memory reserves = new uint256[](1);
        reserves[0] = reserve % (uint256(1) << 128);
        string memory uri = string(abi.encodePacked("ipfs://", accountKey));

        registry.postAttestation(exchangeId, root, 2, asOf, liabilities, reserves, uri);
        Posted storage p = _posted.push();
        (p.root, p.leafCount, p.asOf, p.postedAt) = (root, 2, asOf, block.timestamp);
        (p.liability, p.reserve, p.uriHash, p.asset) = (
            liabilities[0],
            reserves[0],
            keccak256(bytes(uri)),
            currentAsset
        );
        (p.accountKey, p.balance, p.index) = (accountKey, balance, right ? 1 : 0);
        p.sibling.hash = sibling.hash;
        p.sibling.sums = sums;
    }

    function revoke(uint256 seed) external {
        if (_posted.length == 0) return;
        uint256 i = seed % _posted.length;
        if (_posted[i].revoked) return;
        registry.revokeAttestation(exchangeId, i + 1, "fuzz");
        _posted[i].revoked = true;
    }

    function changeAsset(uint8 letter) external {
        bytes32 symbol = bytes32(bytes1(0x41 + (letter % 26)));
        if (symbol == currentAsset) return;
        bytes32[] memory assets = new bytes32[](1);
        assets[0] = symbol;
        uint8[] memory decimals = new uint8[](1);
        decimals[0] = 6;
        registry.setAssets(exchangeId, assets, decimals);
        currentAsset = symbol;
    }

    /// Someone other than a publisher tries to post; the admin tries a stale or future snapshot.
    function forbiddenPost(address outsider, uint256 asOf, bool asAdmin) external {
        uint256[] memory amounts = new uint256[](1);
        if (asAdmin) {
            uint256 last = _posted.length == 0 ? 0 : _posted[_posted.length - 1].asOf;
            bool future = asOf % 2 == 0;
            asOf = future ? block.timestamp + 1 + (asOf % 1000) : (last == 0 ? 0 : asOf % (last + 1));
        } else {
            if (outsider == address(this)) return;
            vm.prank(outsider);
        }
        try registry.postAttestation(exchangeId, bytes32(uint256(1)), 1, asOf, amounts, amounts, "") {
            forbiddenWriteSucceeded = true;
        } catch {}
    }

    /// An outsider tries to revoke or take over the exchange.
    function forbiddenAdmin(address outsider, uint256 epoch) external {
        if (outsider == address(this)) return;
        vm.prank(outsider);
        try registry.revokeAttestation(exchangeId, epoch, "takeover") {
            forbiddenWriteSucceeded = true;
        } catch {}
        vm.prank(outsider);
        try registry.setPublisher(exchangeId, outsider, true) {
            forbiddenWriteSucceeded = true;
        } catch {}
    }
}
