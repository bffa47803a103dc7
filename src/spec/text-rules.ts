import { InputError } from "../errors.js";

/**
 * The registry's rules for the text an exchange writes (docs/spec.md, "The registry"), checked before a
 * transaction is sent so the error says what to change. The contract enforces the same rules.
 */

export const MAX_NAME_LENGTH = 64;
export const MAX_URI_LENGTH = 4096;

/** The first character outside `lowest`..0x7e, as position and code point, or undefined. */
function firstOutside(text: string, lowest: number): { position: number; codePoint: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < lowest || code > 0x7e) return { position: i, codePoint: text.codePointAt(i)! };
  }
  return undefined;
}

const codePoint = (value: number) => `U+${value.toString(16).toUpperCase().padStart(4, "0")}`;

/** Throws an InputError unless the registry would accept `name`: 1 to 64 printable ASCII characters, no space at either end. */
export function validateExchangeName(name: string): void {
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) {
    throw new InputError(`an exchange name needs 1 to ${MAX_NAME_LENGTH} characters, got ${name.length}`);
  }
  const bad = firstOutside(name, 0x20);
  if (bad !== undefined) {
    throw new InputError(
      `exchange name ${JSON.stringify(name)}: character ${bad.position + 1} (${codePoint(bad.codePoint)}) is not printable ASCII; names are ASCII letters, digits, punctuation and inner spaces, so customers can compare them by eye`,
    );
  }
  if (name.startsWith(" ") || name.endsWith(" ")) {
    throw new InputError(`exchange name ${JSON.stringify(name)} starts or ends with a space: remove it`);
  }
}

/** Throws an InputError unless the registry would accept `uri`: empty, or up to 4,096 printable ASCII characters without spaces. */
export function validateUri(uri: string): void {
  if (uri.length > MAX_URI_LENGTH) {
    throw new InputError(`a uri has at most ${MAX_URI_LENGTH} characters, got ${uri.length}`);
  }
  const bad = firstOutside(uri, 0x21);
  if (bad !== undefined) {
    throw new InputError(
      `uri ${JSON.stringify(uri)}: character ${bad.position + 1} (${codePoint(bad.codePoint)}) is not allowed; percent-encode it (RFC 3986: a uri is printable ASCII without spaces)`,
    );
  }
}
