// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @dev An ERC-1271 wallet for tests whose owner can withdraw its approval of a hash after signing it,
/// as a Safe can by changing owners or a wallet with signed-message revocation can.
contract RevocableSmartWallet is IERC1271 {
    address public immutable owner;
    mapping(bytes32 hash => bool) public revoked;

    constructor(address owner_) {
        owner = owner_;
    }

    function revoke(bytes32 hash) external {
        revoked[hash] = true;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        bool valid = !revoked[hash] && error == ECDSA.RecoverError.NoError && signer == owner;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
