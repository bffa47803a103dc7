/**
 * Runtime code without solc's trailing CBOR metadata, whose length is the code's last two bytes: the metadata
 * hashes the sources, comments included, and never runs.
 */
export function withoutMetadata(code: string): string {
  const hex = code.toLowerCase();
  if (hex.length < 6) return hex;
  const metadataBytes = parseInt(hex.slice(-4), 16) + 2;
  return metadataBytes * 2 > hex.length - 2 ? hex : hex.slice(0, hex.length - metadataBytes * 2);
}
