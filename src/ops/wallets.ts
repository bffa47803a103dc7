import type { ReserveWalletsClient } from "../chain/reserve-wallets-client.js";
import { InputError } from "../errors.js";
import { readSignatureFile } from "../io/signature-file.js";

/**
 * Reads a wallet's signature file (`solvent sign wallet`) and checks, before anything is sent, that it is a
 * reserve-wallet statement for this ReserveWallets contract, chain and exchange, under the wallet's next
 * nonce; returns the wallet and its signature.
 */
export async function readWalletSignature(
  file: string,
  expected: { wallets: ReserveWalletsClient; chainId: bigint; exchangeId: bigint },
): Promise<{ wallet: string; signature: string }> {
  const document = await readSignatureFile(file);
  const { wallets, chainId, exchangeId } = expected;
  if (document.kind !== "reserve-wallet")
    throw new InputError(`is a ${document.kind} signature, not a wallet's`, { file });
  if (document.chainId !== chainId || document.contract !== wallets.address) {
    throw new InputError(
      `was signed for ReserveWallets ${document.contract} on chain ${document.chainId}, not ${wallets.address} on chain ${chainId}`,
      { file },
    );
  }
  if (document.message.exchangeId !== exchangeId)
    throw new InputError(`names exchange ${document.message.exchangeId}, not ${exchangeId}`, { file });
  const nonce = await wallets.nonce(document.signer);
  if (document.message.nonce !== nonce) {
    throw new InputError(
      `uses nonce ${document.message.nonce} but the wallet's next nonce is ${nonce}; sign again with --nonce ${nonce}`,
      { file },
    );
  }
  return { wallet: document.signer, signature: document.signature };
}
