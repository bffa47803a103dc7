// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Solvent reserve wallets
/// @notice Which wallets hold an exchange's reserves. A wallet on this chain is added only with its own
/// EIP-712 signature (EOA or ERC-1271) and backs at most one exchange at a time, so two exchanges cannot
/// count the same coins. For assets that live on this chain (the native coin and ERC-20 tokens mapped to
/// the exchange's asset symbols) the contract reads the wallets' live balances: reserves anyone can check.
/// Wallets on other chains are recorded with their signed message for off-chain checking.
/// A wallet withdraws its consent itself, at any time and without the exchange: with `leave` from the
/// wallet, or with a signed `LeaveReserves` that anyone relays (`leaveWithSignature`).
interface IReserveWallets {
    /// @notice A wallet on another chain, recorded for off-chain checking.
    /// @param asset Asset symbol the wallet holds, as in the exchange's asset list.
    /// @param chain Chain name, e.g. "bitcoin".
    /// @param wallet The address as that chain writes it.
    /// @param message The message the wallet signed, naming the exchange.
    /// @param signature The signature in that chain's format (e.g. base64 for Bitcoin's signmessage).
    struct ForeignWallet {
        bytes32 asset;
        string chain;
        string wallet;
        string message;
        bytes signature;
    }

    /// @notice `account` is not the exchange's admin in the registry.
    /// @param exchangeId The exchange.
    /// @param account The caller.
    error NotExchangeAdmin(uint256 exchangeId, address account);

    /// @notice An address argument is zero where an account is needed.
    error ZeroWallet();

    /// @notice The wallet already backs exchange `exchangeId` (a wallet backs at most one exchange).
    /// @param wallet The wallet.
    /// @param exchangeId The exchange it backs now.
    error WalletInUse(address wallet, uint256 exchangeId);

    /// @notice The signature is not the wallet's signature of its `ReserveWallet` typed data.
    /// @param wallet The wallet the signature is said to be from.
    error InvalidWalletSignature(address wallet);

    /// @notice The wallet backs no exchange, so it has nothing to leave.
    /// @param wallet The wallet.
    error NotReserveWallet(address wallet);

    /// @notice The wallet does not back this exchange.
    /// @param exchangeId The exchange.
    /// @param wallet The wallet named.
    error UnknownWallet(uint256 exchangeId, address wallet);

    /// @notice An exchange has at most `max` wallets of a kind.
    /// @param max The limit per kind (64).
    error TooManyWallets(uint256 max);

    /// @notice No foreign wallet of the exchange matches this chain and address.
    /// @param exchangeId The exchange.
    /// @param chain The chain name given.
    /// @param wallet The address given.
    error UnknownForeignWallet(uint256 exchangeId, string chain, string wallet);

    /// @notice A foreign wallet needs a chain, an address, a message and a signature, each at most 1024 bytes.
    error InvalidForeignWallet();

    /// @notice A foreign wallet's chain and address are printable ASCII without spaces (0x21-0x7e), its
    /// message printable ASCII (0x20-0x7e): readers decode them as text and show them to customers.
    /// @param field "chain", "wallet" or "message".
    /// @param position The offending byte's position in the field.
    /// @param character The offending byte.
    error InvalidForeignWalletCharacter(string field, uint256 position, bytes1 character);

    /// @notice The symbol is not in the exchange's current asset list (the same error as the feed's).
    /// @param exchangeId The exchange.
    /// @param asset The symbol given.
    error AssetNotListed(uint256 exchangeId, bytes32 asset);

    /// @notice The token's `decimals()` could not be read or is above 36.
    /// @param token The token given.
    error UnsupportedToken(address token);

    /// @notice `wallet` now backs the exchange; its signature used `nonce`.
    /// @param exchangeId The exchange.
    /// @param wallet The wallet added.
    /// @param nonce The nonce its signature used (its next signature must use nonce + 1).
    event ReserveWalletAdded(uint256 indexed exchangeId, address indexed wallet, uint256 nonce);

    /// @notice `wallet` no longer backs the exchange.
    /// @param exchangeId The exchange.
    /// @param wallet The wallet removed.
    event ReserveWalletRemoved(uint256 indexed exchangeId, address indexed wallet);

    /// @notice `wallet` withdrew its consent and no longer backs the exchange (the exchange's own removal
    /// is `ReserveWalletRemoved`).
    /// @param exchangeId The exchange it backed.
    /// @param wallet The wallet that left.
    /// @param nonce The nonce the withdrawal used up (its next signature must use nonce + 1).
    event ReserveWalletLeft(uint256 indexed exchangeId, address indexed wallet, uint256 nonce);

    /// @notice A wallet on another chain was recorded.
    /// @param exchangeId The exchange.
    /// @param asset The asset symbol the wallet holds.
    /// @param chain The chain name, e.g. "bitcoin".
    /// @param wallet The address as that chain writes it.
    /// @param message The message the wallet signed.
    /// @param signature The signature in that chain's format.
    event ForeignWalletAdded(
        uint256 indexed exchangeId,
        bytes32 indexed asset,
        string chain,
        string wallet,
        string message,
        bytes signature
    );

    /// @notice A wallet on another chain was removed.
    /// @param exchangeId The exchange.
    /// @param chain The chain name.
    /// @param wallet The address as that chain writes it.
    event ForeignWalletRemoved(uint256 indexed exchangeId, string chain, string wallet);

    /// @notice The exchange's asset `asset` is `token` on this chain (zero: no longer tracked on-chain).
    /// @param exchangeId The exchange.
    /// @param asset The asset symbol.
    /// @param token The ERC-20 address, `NATIVE_COIN`, or zero.
    /// @param decimals The token's decimals (18 for the native coin, 0 for zero).
    event AssetTokenSet(uint256 indexed exchangeId, bytes32 indexed asset, address token, uint8 decimals);

    /// @notice The registry whose exchange admins manage wallets here.
    function registry() external view returns (address);

    /// @notice The placeholder token address that stands for this chain's native coin.
    function NATIVE_COIN() external view returns (address);

    /// @notice Adds a wallet on this chain to the exchange's reserves. Admin only.
    /// @param exchangeId The exchange.
    /// @param wallet The wallet: an EOA or an ERC-1271 contract that backs no exchange now.
    /// @param signature The wallet's EIP-712 signature of
    /// `ReserveWallet(uint256 exchangeId,address wallet,uint256 nonce)` with its current `nonces(wallet)`,
    /// under the domain {name: "Solvent ReserveWallets", version: "1", chainId, verifyingContract: this}.
    function addWallet(uint256 exchangeId, address wallet, bytes calldata signature) external;

    /// @notice Removes a wallet from the exchange's reserves. Admin only. Adding it again needs a new signature.
    /// @param exchangeId The exchange.
    /// @param wallet A wallet that backs the exchange.
    function removeWallet(uint256 exchangeId, address wallet) external;

    /// @notice The calling wallet (an EOA, or a smart wallet making the call) stops backing its exchange.
    /// Uses up the wallet's nonce, so no consent it signed before can add it again; another exchange may
    /// add it with a new signature.
    function leave() external;

    /// @notice Like `leave`, for a wallet that signs rather than calls; anyone may relay the signature.
    /// @param wallet The wallet that leaves its exchange.
    /// @param signature The wallet's EIP-712 signature (EOA, or ERC-1271 for a contract) of
    /// `LeaveReserves(uint256 exchangeId,address wallet,uint256 nonce)` with the exchange it backs now and
    /// its current `nonces(wallet)`, under the same domain as `addWallet`'s (see `leaveDigest`).
    function leaveWithSignature(address wallet, bytes calldata signature) external;

    /// @notice Records a wallet on another chain. Admin only. Not checked on-chain: the record lets anyone
    /// check the signature and the balance on that chain.
    /// @param exchangeId The exchange.
    /// @param foreign The wallet, its chain, asset and signed message.
    function addForeignWallet(uint256 exchangeId, ForeignWallet calldata foreign) external;

    /// @notice Removes a recorded wallet on another chain. Admin only.
    /// @param exchangeId The exchange.
    /// @param chain The chain name, as recorded.
    /// @param wallet The address, as recorded.
    function removeForeignWallet(uint256 exchangeId, string calldata chain, string calldata wallet) external;

    /// @notice Maps an asset symbol to a token on this chain: an ERC-20 address, `NATIVE_COIN`, or zero to
    /// stop tracking it. Admin only.
    /// @param exchangeId The exchange.
    /// @param asset A symbol in the exchange's current asset list.
    /// @param token An ERC-20 address, `NATIVE_COIN`, or zero.
    function setAssetToken(uint256 exchangeId, bytes32 asset, address token) external;

    /// @notice The EIP-712 digest a wallet signs to back the exchange.
    /// @param exchangeId The exchange.
    /// @param wallet The wallet that signs.
    /// @param nonce Its current `nonces(wallet)`.
    function walletDigest(uint256 exchangeId, address wallet, uint256 nonce) external view returns (bytes32);

    /// @notice The digest a wallet signs to stop backing the exchange (see `leaveWithSignature`).
    /// @param exchangeId The exchange the wallet backs.
    /// @param wallet The wallet that signs.
    /// @param nonce Its current `nonces(wallet)`.
    function leaveDigest(uint256 exchangeId, address wallet, uint256 nonce) external view returns (bytes32);

    /// @notice The nonce the wallet's next signature must use (it increases with every addition and every
    /// withdrawal).
    /// @param wallet The wallet.
    function nonces(address wallet) external view returns (uint256);

    /// @notice The exchange the wallet backs, 0 for none.
    /// @param wallet The wallet.
    function walletExchange(address wallet) external view returns (uint256);

    /// @notice The exchange's wallets on this chain.
    /// @param exchangeId The exchange.
    function wallets(uint256 exchangeId) external view returns (address[] memory);

    /// @notice The exchange's recorded wallets on other chains.
    /// @param exchangeId The exchange.
    function foreignWallets(uint256 exchangeId) external view returns (ForeignWallet[] memory);

    /// @notice The token an asset maps to on this chain (zero when untracked) and its decimals.
    /// @param exchangeId The exchange.
    /// @param asset The asset symbol.
    /// @return token The ERC-20 address or `NATIVE_COIN`, zero when untracked.
    /// @return decimals The token's decimals.
    function assetToken(uint256 exchangeId, bytes32 asset) external view returns (address token, uint8 decimals);

    /// @notice The live balance of `asset` across the exchange's wallets, in units of `decimals` decimals
    /// (rounded down), capped at 2^128 - 1 after the conversion. `tracked` is false when the asset has no
    /// token on this chain. Anyone can send tokens to a wallet, and the exchange chooses the token.
    /// @dev A token whose `balanceOf` reverts or returns garbage counts as holding nothing.
    /// @param exchangeId The exchange.
    /// @param asset The asset symbol.
    /// @param decimals The decimals to express the amount in.
    /// @return amount The summed balance, rounded down, capped at 2^128 - 1.
    /// @return tracked Whether the asset has a token on this chain.
    function onChainReserves(
        uint256 exchangeId,
        bytes32 asset,
        uint8 decimals
    ) external view returns (uint256 amount, bool tracked);
}
