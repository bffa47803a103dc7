// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAttestationRegistry} from "./interfaces/IAttestationRegistry.sol";
import {IAttestationRegistryReader} from "./interfaces/IAttestationRegistryReader.sol";
import {EpochRecords} from "./libraries/EpochRecords.sol";
import {PackedProof} from "./libraries/PackedProof.sol";
import {PrintableAscii} from "./libraries/PrintableAscii.sol";
import {SolvencyMath} from "./libraries/SolvencyMath.sol";
import {SumTree} from "./libraries/SumTree.sol";
import {Sibling} from "./types/Sibling.sol";

/// @title AttestationRegistry
/// @notice Append-only registry of Merkle sum tree attestations for every exchange on a chain.
/// @dev No upgradeability and no owner: each exchange's admin controls only that exchange.
contract AttestationRegistry is IAttestationRegistry, EIP712 {
    using EnumerableSet for EnumerableSet.AddressSet;

    uint256 private constant MAX_ASSETS = 64;
    uint256 private constant MAX_AUDITORS = 16;
    /// @dev Version 2 of the message: the asset decimals and the auditor's term joined version 1's fields, so
    /// a re-denominated asset list or a past term invalidates every signature made before the change.
    bytes32 private constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint256 exchangeId,uint256 epoch,bytes32 root,uint256 leafCount,uint256 asOf,bytes32[] assets,uint8[] decimals,uint256[] liabilities,uint256[] reserves,string uri,uint256 auditorTerm)"
    );
    uint256 private constant MAX_DECIMALS = 36;
    uint256 private constant MAX_NAME_LENGTH = 64;
    uint256 private constant MAX_URI_LENGTH = 4096;

    /// @dev The first slot holds everything a post writes, so a post writes one exchange slot (it also reads
    /// the publisher generation, beside `pendingAdmin` in the second).
    /// The widths are bounded where they are written: epochs count up by one (2^32 posts would cost more
    /// gas than exists), asOf is at most block.timestamp, asset lists are capped at 2^16 - 1.
    struct ExchangeState {
        address admin;
        uint32 latestEpoch;
        uint40 lastAsOf;
        uint16 assetListId;
        uint8 assetCount;
        address pendingAdmin;
        // Counts admin handovers: each accepted handover starts an empty publisher set (O(1), however many
        // publishers the previous admin named). 2^32 handovers would cost more gas than exists.
        uint32 publisherGeneration;
        string name;
    }

    struct AssetList {
        bytes32[] symbols;
        uint8[] decimals;
    }

    uint256 private _exchangeCount;
    mapping(uint256 exchangeId => ExchangeState) private _exchanges;
    mapping(uint256 exchangeId => mapping(uint256 assetListId => AssetList)) private _assetLists;
    // Epochs themselves are not in storage: each is the code of a data contract (EpochRecords). Only
    // revocation, the one change an epoch can undergo, is a storage bit: bit (epoch % 256) of word epoch / 256.
    mapping(uint256 exchangeId => mapping(uint256 word => uint256 bits)) private _revoked;
    mapping(uint256 exchangeId => mapping(uint256 generation => EnumerableSet.AddressSet)) private _publishers;

    struct Auditors {
        address[] accounts;
        // Nonzero while the account is an auditor: the term it was added in. Signatures count only in the
        // term they were given in, so removing an auditor retires its signatures even if it comes back.
        mapping(address account => uint32) term;
        uint32 lastTerm;
        uint8 threshold;
    }

    struct EpochAudit {
        uint64 auditedAt;
        address[] signers;
        mapping(address auditor => uint32) signedInTerm;
    }

    mapping(uint256 exchangeId => Auditors) private _auditors;
    mapping(uint256 exchangeId => mapping(uint256 epoch => EpochAudit)) private _audits;

    constructor() EIP712("Solvent AttestationRegistry", "2") {}

    /// @notice Not for callers: while a post stages an epoch record, serves its bytes to the record's init
    /// code; at any other time reverts with no data, as a call to a missing function would.
    /// @dev Left out of IAttestationRegistry, since no caller should use it (contracts/test/AttestationRegistry.t.sol
    /// tests both behaviours). It must stay a fallback. The init code (EpochRecords.INIT_CODE) asks its creator
    /// for the bytes with an empty call, which only a fallback answers. Calling a named function instead would
    /// put a selector into the init code, which is fixed and part of every record's CREATE2 address: a longer
    /// init code changes INIT_CODE_HASH and so the address of every epoch record, an on-chain format change
    /// (docs/spec.md, "Epoch records") that every reader deriving record addresses, such as
    /// src/chain/epoch-record.ts, would have to follow.
    fallback() external {
        EpochRecords.serve();
    }

    modifier onlyAdmin(uint256 exchangeId) {
        address admin = _exchanges[exchangeId].admin;
        if (admin == address(0)) revert UnknownExchange(exchangeId);
        if (admin != msg.sender) revert NotAdmin(exchangeId, msg.sender);
        _;
    }

    // ---------------------------------------------------------------- exchanges

    /// @inheritdoc IAttestationRegistry
    function registerExchange(
        string calldata name,
        bytes32[] calldata assets,
        uint8[] calldata decimals
    ) external returns (uint256 exchangeId) {
        _checkName(bytes(name));
        exchangeId = ++_exchangeCount;
        ExchangeState storage state = _exchanges[exchangeId];
        state.admin = msg.sender;
        state.name = name;
        emit ExchangeRegistered(exchangeId, msg.sender, name);
        _setAssets(exchangeId, state, assets, decimals);
        _setPublisher(exchangeId, msg.sender, true);
    }

    /// @inheritdoc IAttestationRegistry
    function setPublisher(uint256 exchangeId, address account, bool allowed) external onlyAdmin(exchangeId) {
        if (account == address(0)) revert ZeroAddress();
        _setPublisher(exchangeId, account, allowed);
    }

    /// @inheritdoc IAttestationRegistry
    function setAssets(
        uint256 exchangeId,
        bytes32[] calldata assets,
        uint8[] calldata decimals
    ) external onlyAdmin(exchangeId) returns (uint256 assetListId) {
        return _setAssets(exchangeId, _exchanges[exchangeId], assets, decimals);
    }

    /// @inheritdoc IAttestationRegistry
    function transferAdmin(uint256 exchangeId, address newAdmin) external onlyAdmin(exchangeId) {
        _exchanges[exchangeId].pendingAdmin = newAdmin;
        emit AdminTransferStarted(exchangeId, msg.sender, newAdmin);
    }

    /// @inheritdoc IAttestationRegistry
    function acceptAdmin(uint256 exchangeId) external {
        ExchangeState storage state = _requireExchange(exchangeId);
        if (state.pendingAdmin != msg.sender) revert NotPendingAdmin(exchangeId, msg.sender);
        address previousAdmin = state.admin;
        state.admin = msg.sender;
        state.pendingAdmin = address(0);
        emit AdminTransferred(exchangeId, previousAdmin, msg.sender);
        // A handover hands over posting too: no publisher the old admin named (itself included) keeps a
        // right the new admin did not grant, so none can post a junk epoch ahead of the new admin's. A new,
        // empty set replaces the old one at once, however large; the new admin can post at once, as a
        // registering admin can.
        ++state.publisherGeneration;
        emit PublishersCleared(exchangeId, previousAdmin, msg.sender);
        _setPublisher(exchangeId, msg.sender, true);
    }

    // ---------------------------------------------------------------- epochs

    /// @inheritdoc IAttestationRegistry
    function postAttestation(
        uint256 exchangeId,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256[] calldata liabilities,
        uint256[] calldata reserves,
        string calldata uri
    ) external returns (uint256 epoch) {
        return _post(exchangeId, root, leafCount, asOf, liabilities, reserves, uri);
    }

    /// @inheritdoc IAttestationRegistry
    function postAttestationCountersigned(
        uint256 exchangeId,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256[] calldata liabilities,
        uint256[] calldata reserves,
        string calldata uri,
        Cosignature[] calldata cosignatures
    ) external returns (uint256 epoch) {
        epoch = _post(exchangeId, root, leafCount, asOf, liabilities, reserves, uri);
        _countersign(exchangeId, epoch, cosignatures);
    }

    function _post(
        uint256 exchangeId,
        bytes32 root,
        uint256 leafCount,
        uint256 asOf,
        uint256[] calldata liabilities,
        uint256[] calldata reserves,
        string calldata uri
    ) private returns (uint256 epoch) {
        ExchangeState storage state = _requireExchange(exchangeId);
        if (!_currentPublishers(state, exchangeId).contains(msg.sender)) revert NotPublisher(exchangeId, msg.sender);
        if (root == bytes32(0)) revert ZeroRoot();
        if (leafCount == 0 || leafCount > type(uint64).max) revert InvalidLeafCount(leafCount);
        if (asOf <= state.lastAsOf) revert AsOfNotIncreasing(asOf, state.lastAsOf);
        if (asOf > block.timestamp) revert AsOfInFuture(asOf, block.timestamp);

        uint256 assetCount = state.assetCount;
        if (liabilities.length != assetCount) revert LiabilityCountMismatch(assetCount, liabilities.length);
        if (reserves.length != assetCount) revert ReserveCountMismatch(assetCount, reserves.length);
        if (bytes(uri).length > MAX_URI_LENGTH) revert UriTooLong(bytes(uri).length, MAX_URI_LENGTH);
        // RFC 3986: a uri is printable ASCII without spaces (anything else is percent-encoded).
        uint256 badByte = PrintableAscii.firstInvalid(bytes(uri), 0x21);
        if (badByte != bytes(uri).length) revert InvalidUriCharacter(badByte, bytes(uri)[badByte]);

        uint256[] memory amounts = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            uint256 liability = liabilities[a];
            uint256 reserve = reserves[a];
            if (liability > SumTree.MAX_AMOUNT) revert AmountOutOfRange(liability);
            if (reserve > SumTree.MAX_AMOUNT) revert AmountOutOfRange(reserve);
            amounts[a] = (liability << 128) | reserve;
        }
        epoch = state.latestEpoch + 1;
        uint256 assetListId = state.assetListId;
        bytes memory code = EpochRecords.encode(root, leafCount, asOf, block.timestamp, assetListId, amounts, uri);
        if (!EpochRecords.write(exchangeId, epoch, code)) revert EpochNotStored(exchangeId, epoch);

        // Casts are safe: epoch was counted up in 32 bits with Solidity's overflow check (2^32 posts would
        // cost more gas than exists, and the check reverts rather than wraps), and asOf <= block.timestamp.
        state.latestEpoch = uint32(epoch);
        state.lastAsOf = uint40(asOf);
        emit AttestationPosted(
            exchangeId,
            epoch,
            root,
            leafCount,
            asOf,
            assetListId,
            liabilities,
            reserves,
            uri,
            msg.sender
        );
    }

    /// @inheritdoc IAttestationRegistry
    function revokeAttestation(
        uint256 exchangeId,
        uint256 epoch,
        string calldata reason
    ) external onlyAdmin(exchangeId) {
        if (epoch == 0 || epoch > _exchanges[exchangeId].latestEpoch) revert UnknownAttestation(exchangeId, epoch);
        if (_isRevoked(exchangeId, epoch)) revert RevokedAttestation(exchangeId, epoch);
        _revoked[exchangeId][epoch >> 8] |= 1 << (epoch & 255);
        emit AttestationRevoked(exchangeId, epoch, reason);
    }

    // ---------------------------------------------------------------- auditors

    /// @inheritdoc IAttestationRegistry
    function setAuditor(uint256 exchangeId, address auditor, bool allowed) external onlyAdmin(exchangeId) {
        if (auditor == address(0)) revert ZeroAddress();
        Auditors storage set = _auditors[exchangeId];
        if ((set.term[auditor] != 0) == allowed) revert AuditorUnchanged(exchangeId, auditor, allowed);
        if (allowed) {
            if (set.accounts.length == MAX_AUDITORS) revert TooManyAuditors(MAX_AUDITORS);
            uint32 term = set.lastTerm + 1;
            set.lastTerm = term;
            set.term[auditor] = term;
            set.accounts.push(auditor);
        } else {
            delete set.term[auditor];
            address[] storage accounts = set.accounts;
            uint256 last = accounts.length - 1;
            for (uint256 i; i <= last; ++i) {
                if (accounts[i] == auditor) {
                    accounts[i] = accounts[last];
                    accounts.pop();
                    break;
                }
            }
        }
        emit AuditorSet(exchangeId, auditor, allowed);
    }

    /// @inheritdoc IAttestationRegistry
    function setAuditThreshold(uint256 exchangeId, uint256 threshold) external onlyAdmin(exchangeId) {
        if (threshold == 0 || threshold > MAX_AUDITORS) revert InvalidThreshold(threshold);
        // Cast is safe: threshold <= MAX_AUDITORS.
        _auditors[exchangeId].threshold = uint8(threshold);
        emit AuditThresholdSet(exchangeId, threshold);
    }

    /// @inheritdoc IAttestationRegistry
    function countersign(uint256 exchangeId, uint256 epoch, Cosignature[] calldata cosignatures) external {
        _countersign(exchangeId, epoch, cosignatures);
    }

    /// @inheritdoc IAttestationRegistry
    function attestationDigest(uint256 exchangeId, uint256 epoch, address auditor) external view returns (bytes32) {
        uint256 term = _auditors[exchangeId].term[auditor];
        if (term == 0) revert NotAuditor(exchangeId, auditor);
        return _attestationDigest(_attestationFields(exchangeId, epoch, _attestation(exchangeId, epoch)), term);
    }

    /// @inheritdoc IAttestationRegistryReader
    function auditorTerm(uint256 exchangeId, address auditor) external view returns (uint256) {
        return _auditors[exchangeId].term[auditor];
    }

    /// @inheritdoc IAttestationRegistryReader
    function auditors(uint256 exchangeId) external view returns (address[] memory accounts, uint256 threshold) {
        Auditors storage set = _auditors[exchangeId];
        return (set.accounts, set.threshold);
    }

    /// @inheritdoc IAttestationRegistryReader
    function isAuditor(uint256 exchangeId, address account) external view returns (bool) {
        return _auditors[exchangeId].term[account] != 0;
    }

    /// @inheritdoc IAttestationRegistryReader
    function audit(uint256 exchangeId, uint256 epoch) external view returns (AuditInfo memory info) {
        _requireAttestation(exchangeId, epoch);
        EpochAudit storage epochAudit = _audits[exchangeId][epoch];
        Auditors storage set = _auditors[exchangeId];
        uint256 signerCount = epochAudit.signers.length;
        uint256 counting = _countingSigners(set, epochAudit);
        address[] memory signers = new address[](counting);
        uint256 kept;
        for (uint256 i; i < signerCount; ++i) {
            address signer = epochAudit.signers[i];
            if (_counts(set, epochAudit, signer)) signers[kept++] = signer;
        }
        info = AuditInfo({
            audited: epochAudit.auditedAt != 0,
            auditedAt: epochAudit.auditedAt,
            threshold: set.threshold,
            signers: signers
        });
    }

    function _countersign(uint256 exchangeId, uint256 epoch, Cosignature[] calldata cosignatures) private {
        Attestation memory posted = _attestation(exchangeId, epoch);
        if (posted.status == Status.Revoked) revert RevokedAttestation(exchangeId, epoch);
        bytes memory epochFields = _attestationFields(exchangeId, epoch, posted);
        Auditors storage set = _auditors[exchangeId];
        EpochAudit storage epochAudit = _audits[exchangeId][epoch];
        for (uint256 i; i < cosignatures.length; ++i) {
            address auditor = cosignatures[i].auditor;
            uint32 term = set.term[auditor];
            if (term == 0) revert NotAuditor(exchangeId, auditor);
            uint32 signedInTerm = epochAudit.signedInTerm[auditor];
            // Already counted: skipped, so whoever submits one signature of a pending batch first cannot
            // make the whole batch revert.
            if (signedInTerm == term) continue;
            // OpenZeppelin's checker refuses high-s and malformed ECDSA signatures and asks ERC-1271 signers.
            bytes32 digest = _attestationDigest(epochFields, term);
            if (!SignatureChecker.isValidSignatureNow(auditor, digest, cosignatures[i].signature)) {
                revert InvalidCosignature(exchangeId, epoch, auditor);
            }
            if (signedInTerm == 0) epochAudit.signers.push(auditor);
            epochAudit.signedInTerm[auditor] = term;
            emit AttestationCountersigned(exchangeId, epoch, auditor);
        }
        uint256 threshold = set.threshold;
        if (epochAudit.auditedAt != 0 || threshold == 0) return;
        uint256 counting = _countingSigners(set, epochAudit);
        if (counting >= threshold) {
            epochAudit.auditedAt = uint64(block.timestamp);
            emit AttestationAudited(exchangeId, epoch, counting, threshold);
        }
    }

    function _countingSigners(
        Auditors storage set,
        EpochAudit storage epochAudit
    ) private view returns (uint256 counting) {
        uint256 signerCount = epochAudit.signers.length;
        for (uint256 i; i < signerCount; ++i) {
            if (_counts(set, epochAudit, epochAudit.signers[i])) ++counting;
        }
    }

    /// @dev A signature counts while its signer is an auditor in the same term it signed in.
    function _counts(Auditors storage set, EpochAudit storage epochAudit, address signer) private view returns (bool) {
        uint32 term = set.term[signer];
        return term != 0 && epochAudit.signedInTerm[signer] == term;
    }

    /// @dev The epoch's part of the EIP-712 struct encoding, everything but the auditor's term: computed once
    /// per countersign and shared by its signatures. EIP-712 encodes an array of atomic values as the hash of
    /// their 32-byte encodings, which is what abi.encodePacked produces for bytes32[], uint8[] and uint256[].
    function _attestationFields(
        uint256 exchangeId,
        uint256 epoch,
        Attestation memory posted
    ) private pure returns (bytes memory) {
        return
            abi.encode(
                ATTESTATION_TYPEHASH,
                exchangeId,
                epoch,
                posted.root,
                posted.leafCount,
                posted.asOf,
                keccak256(abi.encodePacked(posted.assets)),
                keccak256(abi.encodePacked(posted.decimals)),
                keccak256(abi.encodePacked(posted.liabilities)),
                keccak256(abi.encodePacked(posted.reserves)),
                keccak256(bytes(posted.uri))
            );
    }

    /// @dev The digest an auditor signs: the epoch's fields followed by the auditor's term.
    function _attestationDigest(bytes memory epochFields, uint256 term) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encodePacked(epochFields, term)));
    }

    // ---------------------------------------------------------------- verification

    /// @inheritdoc IAttestationRegistry
    function verifyInclusion(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) external view returns (bool) {
        return _inclusionFailure(exchangeId, epoch, accountKey, balances, index, siblings).length == 0;
    }

    /// @inheritdoc IAttestationRegistry
    function checkInclusion(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) external view {
        bytes memory failure = _inclusionFailure(exchangeId, epoch, accountKey, balances, index, siblings);
        if (failure.length != 0) {
            // Safe: re-raises an ABI-encoded custom error held in memory, exactly `failure.length` bytes.
            assembly ("memory-safe") {
                revert(add(failure, 32), mload(failure))
            }
        }
    }

    /// @inheritdoc IAttestationRegistry
    function verifyInclusionPacked(bytes calldata packed) external view returns (bool) {
        (uint256 exchangeId, uint256 epoch, uint256 index, uint256 assetCount, uint256 depth, bool ok) = PackedProof
            .header(packed);
        if (!ok) return false;
        bytes memory record = _loadRecord(exchangeId, epoch);
        if (record.length == 0 || _isRevoked(exchangeId, epoch)) return false;
        (bytes32 storedRoot, uint256 leafCount, , , , uint256 storedCount) = EpochRecords.head(record);
        if (assetCount != storedCount || depth != SumTree.depth(leafCount) || index >= leafCount) return false;
        bytes32 root;
        uint256[] memory sums;
        (root, sums, ok) = PackedProof.process(packed, assetCount, depth, index);
        if (!ok || root != storedRoot) return false;
        for (uint256 a; a < assetCount; ++a) {
            (uint256 liability, ) = EpochRecords.amountOf(record, a);
            if (sums[a] != liability) return false;
        }
        return true;
    }

    /// @dev Runs every check of the spec in order; returns the encoded error of the first that fails, or
    /// empty bytes when the proof is valid. One code path serves both the bool and the reverting variant.
    function _inclusionFailure(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 accountKey,
        uint256[] calldata balances,
        uint256 index,
        Sibling[] calldata siblings
    ) private view returns (bytes memory) {
        bytes memory record = _loadRecord(exchangeId, epoch);
        if (record.length == 0) return abi.encodeWithSelector(UnknownAttestation.selector, exchangeId, epoch);
        if (_isRevoked(exchangeId, epoch))
            return abi.encodeWithSelector(RevokedAttestation.selector, exchangeId, epoch);

        (bytes32 storedRoot, uint256 leafCount, , , , uint256 assetCount) = EpochRecords.head(record);
        if (balances.length != assetCount)
            return abi.encodeWithSelector(BalanceCountMismatch.selector, assetCount, balances.length);
        uint256 depth = SumTree.depth(leafCount);
        if (siblings.length != depth)
            return abi.encodeWithSelector(ProofLengthMismatch.selector, depth, siblings.length);
        if (index >= leafCount) return abi.encodeWithSelector(LeafIndexOutOfRange.selector, index, leafCount);

        (bytes32 root, uint256[] memory sums, bytes memory failure) = SumTree.processProof(
            accountKey,
            balances,
            index,
            siblings
        );
        if (failure.length != 0) return failure;
        if (root != storedRoot) return abi.encodeWithSelector(RootMismatch.selector, storedRoot, root);
        for (uint256 a; a < assetCount; ++a) {
            (uint256 liability, ) = EpochRecords.amountOf(record, a);
            if (sums[a] != liability) return abi.encodeWithSelector(TotalMismatch.selector, a, liability, sums[a]);
        }
        return "";
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc IAttestationRegistryReader
    function exchangeCount() external view returns (uint256) {
        return _exchangeCount;
    }

    /// @inheritdoc IAttestationRegistryReader
    function exchange(uint256 exchangeId) external view returns (ExchangeInfo memory info) {
        ExchangeState storage state = _requireExchange(exchangeId);
        AssetList storage list = _assetLists[exchangeId][state.assetListId];
        info = ExchangeInfo({
            name: state.name,
            admin: state.admin,
            pendingAdmin: state.pendingAdmin,
            latestEpoch: state.latestEpoch,
            lastAsOf: state.lastAsOf,
            assetListId: state.assetListId,
            assets: list.symbols,
            decimals: list.decimals
        });
    }

    /// @inheritdoc IAttestationRegistryReader
    function adminOf(uint256 exchangeId) external view returns (address) {
        return _requireExchange(exchangeId).admin;
    }

    /// @inheritdoc IAttestationRegistryReader
    function isPublisher(uint256 exchangeId, address account) external view returns (bool) {
        return _currentPublishers(_exchanges[exchangeId], exchangeId).contains(account);
    }

    /// @inheritdoc IAttestationRegistryReader
    function publishers(uint256 exchangeId) external view returns (address[] memory) {
        return _currentPublishers(_exchanges[exchangeId], exchangeId).values();
    }

    /// @inheritdoc IAttestationRegistryReader
    function assetList(
        uint256 exchangeId,
        uint256 assetListId
    ) external view returns (bytes32[] memory assets, uint8[] memory decimals) {
        ExchangeState storage state = _requireExchange(exchangeId);
        if (assetListId == 0 || assetListId > state.assetListId) revert UnknownAssetList(exchangeId, assetListId);
        AssetList storage list = _assetLists[exchangeId][assetListId];
        return (list.symbols, list.decimals);
    }

    /// @inheritdoc IAttestationRegistryReader
    function latestEpoch(uint256 exchangeId) external view returns (uint256) {
        return _exchanges[exchangeId].latestEpoch;
    }

    /// @inheritdoc IAttestationRegistryReader
    function attestation(uint256 exchangeId, uint256 epoch) external view returns (Attestation memory) {
        return _attestation(exchangeId, epoch);
    }

    /// @inheritdoc IAttestationRegistryReader
    function latestAttestation(uint256 exchangeId) external view returns (uint256 epoch, Attestation memory) {
        epoch = _exchanges[exchangeId].latestEpoch;
        return (epoch, _attestation(exchangeId, epoch));
    }

    /// @inheritdoc IAttestationRegistryReader
    function status(uint256 exchangeId, uint256 epoch) external view returns (Status) {
        if (epoch == 0 || epoch > _exchanges[exchangeId].latestEpoch) return Status.None;
        return _isRevoked(exchangeId, epoch) ? Status.Revoked : Status.Active;
    }

    /// @inheritdoc IAttestationRegistryReader
    function isFresh(uint256 exchangeId, uint256 maxAge) external view returns (bool) {
        ExchangeState storage state = _exchanges[exchangeId];
        uint256 epoch = state.latestEpoch;
        // lastAsOf is never after the block that stored it, so the subtraction cannot underflow.
        return epoch != 0 && !_isRevoked(exchangeId, epoch) && block.timestamp - state.lastAsOf <= maxAge;
    }

    /// @inheritdoc IAttestationRegistryReader
    function assetPosition(
        uint256 exchangeId,
        uint256 epoch,
        bytes32 asset
    ) external view returns (uint256 liabilities, uint256 reserves) {
        bytes memory record = _requireAttestation(exchangeId, epoch);
        (, , , , uint256 assetListId, ) = EpochRecords.head(record);
        (bool found, uint256 index) = SolvencyMath.indexOf(_assetLists[exchangeId][assetListId].symbols, asset);
        if (!found) revert UnknownAsset(exchangeId, epoch, asset);
        return EpochRecords.amountOf(record, index);
    }

    // ---------------------------------------------------------------- internals

    function _requireExchange(uint256 exchangeId) private view returns (ExchangeState storage state) {
        state = _exchanges[exchangeId];
        if (state.admin == address(0)) revert UnknownExchange(exchangeId);
    }

    function _requireAttestation(uint256 exchangeId, uint256 epoch) private view returns (bytes memory record) {
        record = _loadRecord(exchangeId, epoch);
        if (record.length == 0) revert UnknownAttestation(exchangeId, epoch);
    }

    /// @dev The epoch's record, or empty bytes when the registry never posted that epoch. Storage decides
    /// what exists, not the code found at the record's address: every read checks the epoch number first.
    function _loadRecord(uint256 exchangeId, uint256 epoch) private view returns (bytes memory) {
        if (epoch == 0 || epoch > _exchanges[exchangeId].latestEpoch) return "";
        return EpochRecords.load(exchangeId, epoch);
    }

    function _setPublisher(uint256 exchangeId, address account, bool allowed) private {
        EnumerableSet.AddressSet storage set = _currentPublishers(_exchanges[exchangeId], exchangeId);
        if (allowed) set.add(account);
        else set.remove(account);
        emit PublisherSet(exchangeId, account, allowed);
    }

    /// @dev The publishers named since the last admin handover; the sets of earlier admins stay in storage
    /// but are never read again.
    function _currentPublishers(
        ExchangeState storage state,
        uint256 exchangeId
    ) private view returns (EnumerableSet.AddressSet storage) {
        return _publishers[exchangeId][state.publisherGeneration];
    }

    /// @dev 1 to 64 bytes of printable ASCII, no space at either end (see `InvalidNameCharacter`).
    function _checkName(bytes calldata name) private pure {
        uint256 length = name.length;
        if (length == 0 || length > MAX_NAME_LENGTH) revert InvalidName(length);
        uint256 at = PrintableAscii.firstInvalid(name, 0x20);
        // A space is printable, but "Acme" and "Acme " must not read as one name.
        if (at == length && name[0] == " ") at = 0;
        if (at == length && name[length - 1] == " ") at = length - 1;
        if (at != length) revert InvalidNameCharacter(at, name[at]);
    }

    function _isRevoked(uint256 exchangeId, uint256 epoch) private view returns (bool) {
        return (_revoked[exchangeId][epoch >> 8] >> (epoch & 255)) & 1 == 1;
    }

    function _attestation(uint256 exchangeId, uint256 epoch) private view returns (Attestation memory view_) {
        bytes memory record = _requireAttestation(exchangeId, epoch);
        (
            bytes32 root,
            uint256 leafCount,
            uint256 asOf,
            uint256 postedAt,
            uint256 assetListId,
            uint256 assetCount
        ) = EpochRecords.head(record);
        AssetList storage list = _assetLists[exchangeId][assetListId];
        uint256[] memory liabilities = new uint256[](assetCount);
        uint256[] memory reserves = new uint256[](assetCount);
        for (uint256 a; a < assetCount; ++a) {
            (liabilities[a], reserves[a]) = EpochRecords.amountOf(record, a);
        }
        view_ = Attestation({
            root: root,
            leafCount: leafCount,
            asOf: asOf,
            postedAt: postedAt,
            status: _isRevoked(exchangeId, epoch) ? Status.Revoked : Status.Active,
            assetListId: assetListId,
            assets: list.symbols,
            decimals: list.decimals,
            liabilities: liabilities,
            reserves: reserves,
            uri: EpochRecords.uriOf(record, assetCount)
        });
    }

    function _setAssets(
        uint256 exchangeId,
        ExchangeState storage state,
        bytes32[] calldata assets,
        uint8[] calldata decimals
    ) private returns (uint256 assetListId) {
        uint256 count = assets.length;
        if (count == 0 || count > MAX_ASSETS) revert InvalidAssetCount(count);
        if (decimals.length != count) revert AssetListLengthMismatch(count, decimals.length);
        for (uint256 a; a < count; ++a) {
            if (!_isValidSymbol(assets[a])) revert InvalidAssetSymbol(a, assets[a]);
            if (decimals[a] > MAX_DECIMALS) revert InvalidDecimals(a, decimals[a]);
            for (uint256 b; b < a; ++b) {
                if (assets[b] == assets[a]) revert DuplicateAsset(assets[a]);
            }
        }
        assetListId = uint256(state.assetListId) + 1;
        if (assetListId > type(uint16).max) revert TooManyAssetLists(exchangeId);
        // Casts are safe: assetListId was bounded just above, count <= MAX_ASSETS.
        state.assetListId = uint16(assetListId);
        state.assetCount = uint8(count);
        AssetList storage list = _assetLists[exchangeId][assetListId];
        list.symbols = assets;
        list.decimals = decimals;
        emit AssetsSet(exchangeId, assetListId, assets, decimals);
    }

    /// @dev 1 to 31 bytes of 0x21-0x7e followed only by zero bytes: one symbol has one encoding.
    function _isValidSymbol(bytes32 symbol) private pure returns (bool) {
        uint256 length;
        while (length < 32 && symbol[length] != 0) {
            bytes1 char = symbol[length];
            if (char < 0x21 || char > 0x7e) return false;
            ++length;
        }
        if (length == 0 || length == 32) return false;
        // Everything after the first zero byte must be zero too.
        return uint256(symbol) << (8 * length) == 0;
    }
}
