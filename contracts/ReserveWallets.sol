// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IAttestationRegistryReader} from "./interfaces/IAttestationRegistryReader.sol";
import {IReserveWallets} from "./interfaces/IReserveWallets.sol";
import {Decimals} from "./libraries/Decimals.sol";
import {PrintableAscii} from "./libraries/PrintableAscii.sol";
import {SolvencyMath} from "./libraries/SolvencyMath.sol";

/// @title ReserveWallets
/// @notice Reserve wallets of the registry's exchanges and their live on-chain balances.
/// @dev Admin rights come from the registry, so an admin handover there carries over here.
contract ReserveWallets is IReserveWallets, EIP712 {
    /// @inheritdoc IReserveWallets
    address public constant NATIVE_COIN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    uint256 private constant MAX_WALLETS = 64;
    uint256 private constant MAX_FIELD_LENGTH = 1024;
    uint256 private constant MAX_TOKEN_DECIMALS = 36;
    uint256 private constant MAX_AMOUNT = type(uint128).max;
    bytes32 private constant WALLET_TYPEHASH = keccak256(
        "ReserveWallet(uint256 exchangeId,address wallet,uint256 nonce)"
    );
    bytes32 private constant LEAVE_TYPEHASH = keccak256(
        "LeaveReserves(uint256 exchangeId,address wallet,uint256 nonce)"
    );

    struct AssetToken {
        address token;
        uint8 decimals;
    }

    IAttestationRegistryReader private immutable _registry;
    /// @inheritdoc IReserveWallets
    mapping(address wallet => uint256) public nonces;
    /// @inheritdoc IReserveWallets
    mapping(address wallet => uint256 exchangeId) public walletExchange;
    mapping(uint256 exchangeId => address[]) private _wallets;
    mapping(uint256 exchangeId => ForeignWallet[]) private _foreignWallets;
    mapping(uint256 exchangeId => mapping(bytes32 asset => AssetToken)) private _tokens;

    modifier onlyAdmin(uint256 exchangeId) {
        if (_registry.adminOf(exchangeId) != msg.sender) revert NotExchangeAdmin(exchangeId, msg.sender);
        _;
    }

    constructor(IAttestationRegistryReader registry_) EIP712("Solvent ReserveWallets", "1") {
        _registry = registry_;
    }

    /// @inheritdoc IReserveWallets
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IReserveWallets
    function addWallet(uint256 exchangeId, address wallet, bytes calldata signature) external onlyAdmin(exchangeId) {
        if (wallet == address(0)) revert ZeroWallet();
        uint256 backing = walletExchange[wallet];
        if (backing != 0) revert WalletInUse(wallet, backing);
        address[] storage list = _wallets[exchangeId];
        if (list.length == MAX_WALLETS) revert TooManyWallets(MAX_WALLETS);
        uint256 nonce = nonces[wallet];
        if (!SignatureChecker.isValidSignatureNow(wallet, _walletDigest(exchangeId, wallet, nonce), signature)) {
            revert InvalidWalletSignature(wallet);
        }
        nonces[wallet] = nonce + 1;
        walletExchange[wallet] = exchangeId;
        list.push(wallet);
        emit ReserveWalletAdded(exchangeId, wallet, nonce);
    }

    /// @inheritdoc IReserveWallets
    function removeWallet(uint256 exchangeId, address wallet) external onlyAdmin(exchangeId) {
        if (wallet == address(0) || walletExchange[wallet] != exchangeId) revert UnknownWallet(exchangeId, wallet);
        _remove(exchangeId, wallet);
        emit ReserveWalletRemoved(exchangeId, wallet);
    }

    /// @inheritdoc IReserveWallets
    function leave() external {
        _leave(msg.sender);
    }

    /// @inheritdoc IReserveWallets
    function leaveWithSignature(address wallet, bytes calldata signature) external {
        uint256 exchangeId = walletExchange[wallet];
        if (exchangeId == 0) revert NotReserveWallet(wallet);
        bytes32 digest = _leaveDigest(exchangeId, wallet, nonces[wallet]);
        if (!SignatureChecker.isValidSignatureNow(wallet, digest, signature)) revert InvalidWalletSignature(wallet);
        _leave(wallet);
    }

    /// @inheritdoc IReserveWallets
    function addForeignWallet(uint256 exchangeId, ForeignWallet calldata foreign) external onlyAdmin(exchangeId) {
        if (
            !_isField(bytes(foreign.chain)) ||
            !_isField(bytes(foreign.wallet)) ||
            !_isField(bytes(foreign.message)) ||
            !_isField(foreign.signature)
        ) revert InvalidForeignWallet();
        // Readers decode these as text and show them to customers: the same rule as the registry's uris for
        // the chain and the address, and printable ASCII with spaces for the signed message.
        _requirePrintable("chain", bytes(foreign.chain), 0x21);
        _requirePrintable("wallet", bytes(foreign.wallet), 0x21);
        _requirePrintable("message", bytes(foreign.message), 0x20);
        _requireAsset(exchangeId, foreign.asset);
        ForeignWallet[] storage list = _foreignWallets[exchangeId];
        if (list.length == MAX_WALLETS) revert TooManyWallets(MAX_WALLETS);
        list.push(foreign);
        emit ForeignWalletAdded(
            exchangeId,
            foreign.asset,
            foreign.chain,
            foreign.wallet,
            foreign.message,
            foreign.signature
        );
    }

    /// @inheritdoc IReserveWallets
    function removeForeignWallet(
        uint256 exchangeId,
        string calldata chain,
        string calldata wallet
    ) external onlyAdmin(exchangeId) {
        ForeignWallet[] storage list = _foreignWallets[exchangeId];
        bytes32 chainHash = keccak256(bytes(chain));
        bytes32 walletHash = keccak256(bytes(wallet));
        uint256 count = list.length;
        for (uint256 i; i < count; ++i) {
            if (keccak256(bytes(list[i].chain)) == chainHash && keccak256(bytes(list[i].wallet)) == walletHash) {
                if (i != count - 1) list[i] = list[count - 1];
                list.pop();
                emit ForeignWalletRemoved(exchangeId, chain, wallet);
                return;
            }
        }
        revert UnknownForeignWallet(exchangeId, chain, wallet);
    }

    /// @inheritdoc IReserveWallets
    function setAssetToken(uint256 exchangeId, bytes32 asset, address token) external onlyAdmin(exchangeId) {
        _requireAsset(exchangeId, asset);
        uint8 tokenDecimals;
        if (token == NATIVE_COIN) {
            tokenDecimals = 18;
        } else if (token != address(0)) {
            tokenDecimals = _readDecimals(token);
        }
        _tokens[exchangeId][asset] = AssetToken({token: token, decimals: tokenDecimals});
        emit AssetTokenSet(exchangeId, asset, token, tokenDecimals);
    }

    /// @inheritdoc IReserveWallets
    function walletDigest(uint256 exchangeId, address wallet, uint256 nonce) external view returns (bytes32) {
        return _walletDigest(exchangeId, wallet, nonce);
    }

    /// @inheritdoc IReserveWallets
    function leaveDigest(uint256 exchangeId, address wallet, uint256 nonce) external view returns (bytes32) {
        return _leaveDigest(exchangeId, wallet, nonce);
    }

    /// @inheritdoc IReserveWallets
    function wallets(uint256 exchangeId) external view returns (address[] memory) {
        return _wallets[exchangeId];
    }

    /// @inheritdoc IReserveWallets
    function foreignWallets(uint256 exchangeId) external view returns (ForeignWallet[] memory) {
        return _foreignWallets[exchangeId];
    }

    /// @inheritdoc IReserveWallets
    function assetToken(uint256 exchangeId, bytes32 asset) external view returns (address token, uint8 decimals) {
        AssetToken storage mapped = _tokens[exchangeId][asset];
        return (mapped.token, mapped.decimals);
    }

    /// @inheritdoc IReserveWallets
    function onChainReserves(
        uint256 exchangeId,
        bytes32 asset,
        uint8 decimals
    ) external view returns (uint256 amount, bool tracked) {
        AssetToken memory mapped = _tokens[exchangeId][asset];
        if (mapped.token == address(0)) return (0, false);
        address[] storage list = _wallets[exchangeId];
        uint256 count = list.length;
        for (uint256 i; i < count; ++i) {
            amount += _balanceOf(mapped.token, list[i]);
            // Each balance is capped below 2^128 and at most 64 are added, so the sum cannot overflow
            // before this cap applies.
            if (amount > MAX_AMOUNT) amount = MAX_AMOUNT;
        }
        // Capped again after the conversion: a 0-decimal token read in 36 decimals scales by 10^36, and the
        // reader's decimals are any uint8. The documented bound is what keeps every reader's arithmetic safe.
        amount = Decimals.convert(amount, mapped.decimals, decimals);
        return (amount > MAX_AMOUNT ? MAX_AMOUNT : amount, true);
    }

    /// @dev The wallet stops backing its exchange. Its nonce moves on, so neither a withdrawal nor any
    /// consent it signed and nobody used yet can be replayed: rejoining takes a new signature.
    function _leave(address wallet) private {
        uint256 exchangeId = walletExchange[wallet];
        if (exchangeId == 0) revert NotReserveWallet(wallet);
        uint256 nonce = nonces[wallet];
        nonces[wallet] = nonce + 1;
        _remove(exchangeId, wallet);
        emit ReserveWalletLeft(exchangeId, wallet, nonce);
    }

    /// @dev Takes the wallet out of its exchange's list; the caller checked that it backs `exchangeId`.
    function _remove(uint256 exchangeId, address wallet) private {
        delete walletExchange[wallet];
        address[] storage list = _wallets[exchangeId];
        uint256 last = list.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (list[i] == wallet) {
                list[i] = list[last];
                list.pop();
                break;
            }
        }
    }

    function _walletDigest(uint256 exchangeId, address wallet, uint256 nonce) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(WALLET_TYPEHASH, exchangeId, wallet, nonce)));
    }

    function _leaveDigest(uint256 exchangeId, address wallet, uint256 nonce) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(LEAVE_TYPEHASH, exchangeId, wallet, nonce)));
    }

    function _balanceOf(address token, address wallet) private view returns (uint256 balance) {
        if (token == NATIVE_COIN) {
            balance = wallet.balance;
        } else {
            (bool ok, bytes memory data) = token.staticcall(abi.encodeCall(IERC20.balanceOf, (wallet)));
            if (!ok || data.length != 32) return 0;
            balance = abi.decode(data, (uint256));
        }
        if (balance > MAX_AMOUNT) balance = MAX_AMOUNT;
    }

    function _readDecimals(address token) private view returns (uint8) {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeCall(IERC20Metadata.decimals, ()));
        if (!ok || data.length != 32) revert UnsupportedToken(token);
        uint256 value = abi.decode(data, (uint256));
        if (value > MAX_TOKEN_DECIMALS) revert UnsupportedToken(token);
        // Cast is safe: value <= MAX_TOKEN_DECIMALS.
        return uint8(value);
    }

    function _requireAsset(uint256 exchangeId, bytes32 asset) private view {
        (bool listed, ) = SolvencyMath.indexOf(_registry.exchange(exchangeId).assets, asset);
        if (!listed) revert AssetNotListed(exchangeId, asset);
    }

    function _requirePrintable(string memory field, bytes calldata text, bytes1 lowest) private pure {
        uint256 position = PrintableAscii.firstInvalid(text, lowest);
        if (position != text.length) revert InvalidForeignWalletCharacter(field, position, text[position]);
    }

    function _isField(bytes memory value) private pure returns (bool) {
        return value.length != 0 && value.length <= MAX_FIELD_LENGTH;
    }
}
