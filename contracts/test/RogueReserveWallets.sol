// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev A reserve-wallets stand-in for tests that reports whatever on-chain amount it is told: the lens must
/// give an answer for any figure a wallets contract returns.
contract RogueReserveWallets {
    uint256 public amount;

    function setAmount(uint256 amount_) external {
        amount = amount_;
    }

    function onChainReserves(uint256, bytes32, uint8) external view returns (uint256, bool) {
        return (amount, true);
    }
}
