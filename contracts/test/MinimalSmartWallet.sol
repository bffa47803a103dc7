// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @dev A minimal ERC-1271 smart wallet for tests: signatures are its owner's ECDSA signatures of the hash.
contract MinimalSmartWallet is IERC1271 {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    receive() external payable {}

    /// @dev Lets the owner make the wallet call a contract, e.g. ReserveWallets.leave().
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner, "only the owner");
        (bool ok, bytes memory result) = target.call(data);
        if (!ok) {
            // Safe: re-raises the callee's revert data as it came, `result.length` bytes from memory.
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        return
            error == ECDSA.RecoverError.NoError && signer == owner
                ? IERC1271.isValidSignature.selector
                : bytes4(0xffffffff);
    }
}
