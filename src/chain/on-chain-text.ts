import { getBytes } from "ethers";

/**
 * Text that someone other than the reader wrote on-chain (an exchange's name, an epoch's uri), read as the
 * bytes it is. The contract stores whatever bytes a caller sent, and ethers refuses to decode a `string`
 * that is not UTF-8: one outsider's name would make every read that touches it throw. So such outputs are
 * declared `bytes` in the ABI the clients read with (the encoding is the same) and decoded here leniently.
 */

/** Decoded text, and whether its bytes were valid UTF-8 (if not, the invalid parts read as U+FFFD). */
export interface OnChainText {
  text: string;
  utf8: boolean;
}

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8", { fatal: false });

/** The text of `bytes` (0x hex or raw): U+FFFD in place of whatever is not UTF-8, never an error. */
export function decodeOnChainText(bytes: string | Uint8Array): OnChainText {
  const raw = typeof bytes === "string" ? getBytes(bytes) : bytes;
  try {
    return { text: strict.decode(raw), utf8: true };
  } catch {
    return { text: lenient.decode(raw), utf8: false };
  }
}

interface AbiParameterLike {
  readonly type: string;
  readonly components?: readonly AbiParameterLike[];
  readonly [key: string]: unknown;
}

/**
 * The ABI with every `string` a function returns declared as `bytes` instead: the same encoding, read
 * without decoding. Only outputs change, so the selectors (which hash the inputs) stay the same; events
 * are left alone, since their topic hashes the field types (read their strings with decodeOnChainText).
 */
export function stringsReadAsBytes<Abi extends readonly unknown[]>(abi: Abi): Abi {
  const asBytes = (parameter: AbiParameterLike): AbiParameterLike => ({
    ...parameter,
    type: parameter.type.replace(/^string(?=$|\[)/, "bytes"),
    ...(parameter.components ? { components: parameter.components.map(asBytes) } : {}),
  });
  return abi.map((entry) => {
    const item = entry as { type: string; outputs?: AbiParameterLike[] };
    return item.type === "function" && item.outputs ? { ...item, outputs: item.outputs.map(asBytes) } : entry;
  }) as unknown as Abi;
}
