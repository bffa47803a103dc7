// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PrintableAscii
/// @notice Checks text an exchange writes into the registry (names, uris) byte by byte: what a customer
/// reads by eye must be what every reader decodes, with no invalid UTF-8, control or look-alike characters.
library PrintableAscii {
    /// @dev Position of the first byte outside `lowest`..0x7e (0x20: spaces allowed, 0x21: not), or
    /// `text.length` when every byte is inside.
    function firstInvalid(bytes calldata text, bytes1 lowest) internal pure returns (uint256 position) {
        uint256 length = text.length;
        // Unchecked: position < length, which is itself below 2^256.
        for (; position < length;) {
            bytes1 char = text[position];
            if (char < lowest || char > 0x7e) return position;
            unchecked {
                ++position;
            }
        }
    }
}
