import { InputError, type SourceLocation } from "../errors.js";
import { MAX_AMOUNT } from "../spec/encoding.js";

/**
 * Exact conversion of display amounts ("1.5" BTC) to base units (150000000n) and back.
 * Strings only: a Number or parseFloat would round amounts above 2^53.
 */

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** Why a display amount is not acceptable, or undefined when it is. */
export function displayAmountProblem(text: string, decimals: number): string | undefined {
  if (text === "") return "is empty; write 0 for a zero balance";
  if (/\s/.test(text)) return `${JSON.stringify(text)} contains spaces; write the number alone`;
  if (text.startsWith("-")) return `${JSON.stringify(text)} is negative; balances cannot be below zero`;
  if (!DECIMAL.test(text)) {
    return `${JSON.stringify(text)} is not a plain decimal number (digits with an optional point; no sign, exponent or hex)`;
  }
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    return `${JSON.stringify(text)} has ${fraction.length} fractional digits but the asset has ${decimals} decimals`;
  }
  return undefined;
}

/** Base units of a display amount already accepted by displayAmountProblem. */
export function toBaseUnits(text: string, decimals: number): bigint {
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole + fraction.padEnd(decimals, "0"));
}

/**
 * Base units of a display amount, or an InputError that starts with `what` (e.g. the asset symbol)
 * when the text is not a plain decimal within the asset's decimals or reaches 2^128 base units.
 */
export function parseDisplayAmount(text: string, decimals: number, what: string, location?: SourceLocation): bigint {
  const problem = displayAmountProblem(text, decimals);
  if (problem !== undefined) throw new InputError(`${what}: ${problem}`, location);
  const units = toBaseUnits(text, decimals);
  if (units > MAX_AMOUNT)
    throw new InputError(`${what}: ${text} is ${units} base units, which is not below 2^128`, location);
  return units;
}

/** Display form of base units: no exponent, trailing zeros of the fraction dropped. */
export function formatAmount(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
