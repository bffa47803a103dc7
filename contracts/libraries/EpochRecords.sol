// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title EpochRecords
/// @notice Each posted epoch stored once, as the code of a small data contract.
/// @dev A storage slot costs 22,100 gas to fill; contract code costs 200 gas a byte after a 32,000 base. An
/// epoch never changes once posted, so its record is written as code and read with EXTCODECOPY: one cold
/// account access instead of one cold slot per field and per asset. The data contract's address is derived,
/// not stored: CREATE2 from the registry with salt keccak256(exchangeId, epoch) and a fixed init code, which
/// asks its creator for the bytes to deploy. The registry serves them from transient storage for the length
/// of the post (`stage`, `serve`), so only the registry can create a record, and only while posting.
///
/// Code layout, big-endian:
///   0x00 (STOP: calling a record does nothing) ‖ root (32) ‖ leafCount (8) ‖ asOf (8) ‖ postedAt (8)
///   ‖ assetListId (4) ‖ K (1) ‖ K × (liability (16) ‖ reserve (16)) ‖ uri (the rest)
/// `load` copies the code after the STOP byte into memory; the readers below take that copy.
library EpochRecords {
    /// @dev The init code of every record, 22 bytes: staticcall(gas, caller, 0, 0, 0, 0), copy the return
    /// data, revert if the call failed, else return the data as the new contract's code. The caller is the
    /// registry (the contract running CREATE2), and the empty call reaches its fallback, which `serve`s the
    /// staged record. Nothing in it depends on the record, so one hash serves every address; changing a byte
    /// moves every record (a format change: docs/spec.md, "Epoch records"; src/chain/epoch-record.ts holds
    /// the same bytes as EPOCH_RECORD_INIT_CODE, and a test checks the two agree).
    ///
    ///   offset  bytes  opcode          stack after (top first)   why
    ///   0x00    5f     PUSH0           0                         retSize: the size is unknown, so copy later
    ///   0x01    5f     PUSH0           0 0                       retOffset
    ///   0x02    5f     PUSH0           0 0 0                     argsSize: empty calldata reaches the fallback
    ///   0x03    5f     PUSH0           0 0 0 0                   argsOffset
    ///   0x04    33     CALLER          caller 0 0 0 0            address: the registry deploying the record
    ///   0x05    5a     GAS             gas caller 0 0 0 0        forward all the gas there is
    ///   0x06    fa     STATICCALL      success                   ask for the bytes; the registry can change nothing
    ///   0x07    3d     RETURNDATASIZE  size success              length of the record served
    ///   0x08    5f     PUSH0           0 size success            source offset in the return data
    ///   0x09    5f     PUSH0           0 0 size success          memory offset (memory is empty)
    ///   0x0a    3e     RETURNDATACOPY  success                   the record, to memory at 0
    ///   0x0b    3d     RETURNDATASIZE  size success              its length again, for RETURN
    ///   0x0c    90     SWAP1           success size              the condition on top for JUMPI
    ///   0x0d    6013   PUSH1 0x13      0x13 success size         where the success path starts
    ///   0x0f    57     JUMPI           size                      served: go and deploy it
    ///   0x10    5f     PUSH0           0 size                    failed (nothing staged): revert size 0
    ///   0x11    5f     PUSH0           0 0 size                  revert offset 0
    ///   0x12    fd     REVERT          (ends)                    CREATE2 yields 0, and `write` returns false
    ///   0x13    5b     JUMPDEST        size                      the success path
    ///   0x14    5f     PUSH0           0 size                    offset of the record in memory
    ///   0x15    f3     RETURN          (ends)                    memory[0, size) becomes the record's code
    ///
    /// PUSH0 needs Shanghai or later. The record's code starts with 0x00 (STOP), never 0xEF (EIP-3541).
    bytes internal constant INIT_CODE = hex"5f5f5f5f335afa3d5f5f3e3d906013575f5ffd5b5ff3";
    /// @dev keccak256(INIT_CODE), the init code hash of every record's CREATE2 address.
    bytes32 internal constant INIT_CODE_HASH = keccak256(INIT_CODE);

    /// @dev Bytes before the amounts in a loaded record (the STOP byte is not loaded).
    uint256 internal constant HEAD_BYTES = 61;

    /// @dev Transient slot of the staged record's length; its words follow in the next slots.
    /// keccak256("solvent.EpochRecords.staged") - 1, written out because assembly takes only literals
    /// (contracts/test/EpochRecords.t.sol checks the formula). Internal only so that tests can read it.
    uint256 internal constant STAGED_SLOT = 0x2cbef2291b816d835f80a49700fb10551079f18eeb255b98082cc18a275e1d5b;

    /// @dev The record as it will be deployed. `amounts[a]` is liability << 128 | reserve.
    function encode(
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256 postedAt,
        uint256 assetListId,
        uint256[] memory amounts,
        string calldata uri
    ) internal pure returns (bytes memory) {
        // Callers bound every field to its width; the casts only drop zero bits.
        return
            abi.encodePacked(
                bytes1(0),
                root,
                uint64(leafCount),
                uint64(asOf),
                uint64(postedAt),
                uint32(assetListId),
                uint8(amounts.length),
                amounts,
                uri
            );
    }

    /// @dev Deploys `code` as the record of (exchangeId, epoch). Returns false if nothing was deployed.
    function write(uint256 exchangeId, uint256 epoch, bytes memory code) internal returns (bool written) {
        bytes memory initCode = INIT_CODE;
        bytes32 salt = _salt(exchangeId, epoch);
        // Safe: reads `code` and `initCode` within their lengths; transient slots STAGED_SLOT.. are this
        // library's alone and are cleared again before returning, so nothing stays staged after a post.
        assembly ("memory-safe") {
            let length := mload(code)
            tstore(STAGED_SLOT, length)
            for {
                let i := 0
            } lt(i, length) {
                i := add(i, 32)
            } {
                tstore(add(STAGED_SLOT, add(1, shr(5, i))), mload(add(add(code, 32), i)))
            }
            let record := create2(0, add(initCode, 32), mload(initCode), salt)
            tstore(STAGED_SLOT, 0)
            written := iszero(iszero(record))
        }
    }

    /// @dev Answers the init code's call while a record is staged: returns its bytes and ends the call.
    /// Reverts with no data otherwise, as a call to a missing function would.
    function serve() internal view {
        // Safe: writes only at the free memory pointer and then ends the call (return/revert), so no
        // Solidity code runs after it with memory it did not expect.
        assembly ("memory-safe") {
            let length := tload(STAGED_SLOT)
            if iszero(length) {
                revert(0, 0)
            }
            let out := mload(0x40)
            for {
                let i := 0
            } lt(i, length) {
                i := add(i, 32)
            } {
                mstore(add(out, i), tload(add(STAGED_SLOT, add(1, shr(5, i)))))
            }
            return(out, length)
        }
    }

    /// @dev Where the record of (exchangeId, epoch) lives, whether or not it was written.
    function location(uint256 exchangeId, uint256 epoch) internal view returns (address) {
        return
            address(
                uint160(
                    uint256(
                        keccak256(
                            abi.encodePacked(bytes1(0xff), address(this), _salt(exchangeId, epoch), INIT_CODE_HASH)
                        )
                    )
                )
            );
    }

    /// @dev The record after its STOP byte; empty if (exchangeId, epoch) was never posted.
    function load(uint256 exchangeId, uint256 epoch) internal view returns (bytes memory record) {
        address at = location(exchangeId, epoch);
        uint256 size = at.code.length;
        if (size == 0) return record;
        // Safe: allocates exactly size - 1 bytes (rounded up to a word) at the free memory pointer before
        // copying into it.
        assembly ("memory-safe") {
            record := mload(0x40)
            let length := sub(size, 1)
            mstore(record, length)
            extcodecopy(at, add(record, 32), 1, length)
            mstore(0x40, add(add(record, 32), and(add(length, 31), not(31))))
        }
    }

    /// @dev The fixed-width fields of a loaded record. `record` must be non-empty (as `load` returns it for
    /// a posted epoch): every record is at least HEAD_BYTES long.
    function head(
        bytes memory record
    )
        internal
        pure
        returns (
            bytes32 root,
            uint256 leafCount,
            uint256 asOf,
            uint256 postedAt,
            uint256 assetListId,
            uint256 assetCount
        )
    {
        // Safe: reads the first 64 bytes of the record's data, all written by `encode` (HEAD_BYTES = 61; the
        // last 3 bytes of the second word are amounts and are shifted out).
        assembly ("memory-safe") {
            root := mload(add(record, 32))
            let word := mload(add(record, 64))
            leafCount := shr(192, word)
            asOf := shr(192, shl(64, word))
            postedAt := shr(192, shl(128, word))
            assetListId := shr(224, shl(192, word))
            assetCount := byte(28, word)
        }
    }

    /// @dev Liability and reserve of asset `a` (a < K) of a loaded record.
    function amountOf(bytes memory record, uint256 a) internal pure returns (uint256 liability, uint256 reserve) {
        // Safe: a < K, so the word read lies inside the record's amounts.
        assembly ("memory-safe") {
            let word := mload(add(add(record, add(32, HEAD_BYTES)), shl(5, a)))
            liability := shr(128, word)
            reserve := and(word, 0xffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev The uri of a loaded record with K assets.
    function uriOf(bytes memory record, uint256 assetCount) internal pure returns (string memory) {
        uint256 start = HEAD_BYTES + 32 * assetCount;
        bytes memory out = new bytes(record.length - start);
        // Safe: copies exactly out.length bytes from inside the record into the new `out`.
        assembly ("memory-safe") {
            mcopy(add(out, 32), add(add(record, 32), start), mload(out))
        }
        return string(out);
    }

    function _salt(uint256 exchangeId, uint256 epoch) private pure returns (bytes32) {
        return keccak256(abi.encode(exchangeId, epoch));
    }
}
