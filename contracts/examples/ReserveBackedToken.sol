// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IReserveBackedToken} from "../interfaces/IReserveBackedToken.sol";
import {Decimals} from "../libraries/Decimals.sol";

/// @title ReserveBackedToken
/// @notice Example consumer of a Solvent reserves feed: a wrapped asset with a proof-of-reserve circuit
/// breaker on minting. Works with any AggregatorV3Interface feed that reports reserves.
contract ReserveBackedToken is IReserveBackedToken, ERC20, Ownable {
    AggregatorV3Interface public immutable reserveFeed;
    uint8 private immutable _decimals;
    uint8 private immutable _feedDecimals;
    uint256 public maxAge;

    constructor(string memory name_, string memory symbol_, uint8 decimals_, AggregatorV3Interface feed, uint256 maxAge_)
        ERC20(name_, symbol_)
        Ownable(msg.sender)
    {
        reserveFeed = feed;
        _decimals = decimals_;
        _feedDecimals = feed.decimals();
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    /// @notice Token decimals, set at deployment to match the wrapped asset.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IReserveBackedToken
    function setMaxAge(uint256 maxAge_) external onlyOwner {
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    /// @inheritdoc IReserveBackedToken
    function mint(address to, uint256 amount) external onlyOwner {
        uint256 supply = totalSupply() + amount;
        uint256 reserves = currentReserves();
        if (supply > reserves) revert InsufficientReserves(supply, reserves);
        _mint(to, amount);
    }

    /// @inheritdoc IReserveBackedToken
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }

    /// @inheritdoc IReserveBackedToken
    function currentReserves() public view returns (uint256) {
        int256 answer;
        uint256 startedAt;
        try reserveFeed.latestRoundData() returns (uint80, int256 answer_, uint256 startedAt_, uint256, uint80) {
            (answer, startedAt) = (answer_, startedAt_);
        } catch (bytes memory reason) {
            revert ReserveFeedUnavailable(reason);
        }
        if (answer <= 0) revert InvalidReserves(answer);
        // A snapshot from the future is as unusable as an old one.
        if (startedAt > block.timestamp || block.timestamp - startedAt > maxAge) revert StaleReserves(startedAt, maxAge);
        // Cast is safe: answer > 0.
        return Decimals.convert(uint256(answer), _feedDecimals, _decimals);
    }
}
