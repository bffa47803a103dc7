import { isAddress } from "ethers";
import { InputError } from "../../errors.js";
import { formatAmount } from "../../io/decimal.js";
import { readTreeSummary } from "../../store/tree-folder.js";
import { parseReserves } from "../../ops/post-tree.js";
import { readAuditorTerm, signAttestation, signReserveWallet, type SignTarget } from "../../ops/sign.js";
import { DEFAULT_KEY_ENV, KEYSTORE_PASSWORD_ENV, loadSigningKey } from "../../ops/signing-key.js";
import { parseCommand } from "../args.js";
import { parseWholeNumber } from "../../command/options.js";
import type { Command } from "../command.js";
import { EXIT, toJson } from "../../command/output.js";

export const signCommand: Command = {
  summary: "sign, offline, an epoch as an auditor or a reserve wallet's statement; writes a signature file",
  help: `Usage:
  solvent sign attestation --tree <dir> --chain-id N --registry 0x… --exchange N --epoch N
                           (--term N | --rpc URL [--allow-http]) [--reserves BTC=1.5,…] [--uri TEXT] [--as 0x…]
                           --out <file>
  solvent sign wallet      --chain-id N --contract 0x… --exchange N [--nonce N] [--as 0x…] --out <file>

Signs EIP-712 typed data on this machine and writes a solvent-signature-v2 file to hand to the exchange
(or to submit yourself):
  attestation  an auditor vouches for one epoch: the tree summary's root, accounts, snapshot time, asset
               symbols and decimals, and liabilities, plus the reserves and uri the exchange posts, for
               this chain, registry, exchange and epoch number, in the auditor's current term. The term
               changes each time the exchange adds the auditor again, and a signature never counts outside
               its term: give it with --term N (offline), or let --rpc URL read it from the registry.
               Submit with: npx hardhat solvent countersign --signatures <file>
               (or the exchange passes it to 'npx hardhat solvent post --signatures' to post and audit at once).
  wallet       a wallet states that it holds reserves of the exchange. --contract is the ReserveWallets
               address; --nonce is the wallet's next nonce (0 the first time). The exchange adds it
               with: npx hardhat solvent wallet --signature <file>

The key: $${DEFAULT_KEY_ENV} (0x + 64 hex digits), another variable with --key-env NAME, or an encrypted
JSON keystore with --keystore <file> and its password in $${KEYSTORE_PASSWORD_ENV}. Keys are never
taken as arguments. With --as 0x… the key signs for an ERC-1271 contract (a smart wallet) it controls.

Options:
  --tree <dir>       folder written by 'solvent build' (attestation)
  --term N           your auditor term for the exchange (the registry's auditorTerm(exchange, you))
  --rpc URL          read the term from the registry on this chain instead (one eth_call); https, or
                     plain http on this machine only
  --allow-http       with --rpc: accept plain http to another machine (test networks only)
  --reserves LIST    reserves in display units as posted, SYMBOL=AMOUNT,… (default: 0 each)
  --uri TEXT         the uri posted with the epoch (default: empty)
  --out <file>       where to write the signature file
  --json             print the signature document as JSON only
`.replaceAll("$$", "$"),
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      tree: { type: "string" },
      "chain-id": { type: "string" },
      registry: { type: "string" },
      contract: { type: "string" },
      exchange: { type: "string" },
      epoch: { type: "string" },
      nonce: { type: "string" },
      reserves: { type: "string" },
      uri: { type: "string" },
      as: { type: "string" },
      term: { type: "string" },
      rpc: { type: "string" },
      "allow-http": { type: "boolean" },
      out: { type: "string" },
      keystore: { type: "string" },
      "key-env": { type: "string" },
    });
    const [kind, ...extra] = positionals;
    if ((kind !== "attestation" && kind !== "wallet") || extra.length > 0)
      throw new InputError("say what to sign: 'solvent sign attestation …' or 'solvent sign wallet …'; see --help");
    const required = (name: keyof typeof values): string => {
      const value = values[name];
      if (typeof value !== "string" || value === "") throw new InputError(`--${name} is required; see --help`);
      return value;
    };
    const address = (name: "registry" | "contract" | "as"): string => {
      const value = required(name);
      if (!isAddress(value)) throw new InputError(`--${name} ${JSON.stringify(value)} is not an address`);
      return value;
    };
    const chainId = parseWholeNumber(required("chain-id"), "chain-id");
    const exchangeId = parseWholeNumber(required("exchange"), "exchange");
    const out = required("out");
    const key = await loadSigningKey({
      ...(values.keystore ? { keystore: values.keystore } : {}),
      ...(values["key-env"] ? { keyEnv: values["key-env"] } : {}),
    });
    const base = { chainId, key, out, ...(values.as !== undefined ? { as: address("as") } : {}) };

    if (kind === "attestation") {
      const summary = await readTreeSummary(required("tree"));
      const target: SignTarget = { ...base, contract: address("registry") };
      const reserves = parseReserves(values.reserves ?? "", summary.assets);
      const epoch = parseWholeNumber(required("epoch"), "epoch");
      const auditorTerm = await termOf(values, {
        chainId,
        registry: target.contract,
        exchangeId,
        auditor: target.as ?? key.address,
      });
      const document = await signAttestation(target, {
        summary,
        exchangeId,
        epoch,
        reserves,
        uri: values.uri ?? "",
        auditorTerm,
      });
      if (values.json) {
        io.stdout(toJson({ ok: true, out, ...document }));
        return EXIT.ok;
      }
      io.stdout(
        [
          `Signed epoch ${epoch} of exchange ${exchangeId} as ${document.signer}${document.signer !== document.signedBy ? ` (key ${document.signedBy})` : ""} → ${out}`,
          `  chain ${chainId}, registry ${target.contract}, auditor term ${auditorTerm}`,
          ...(values.term !== undefined
            ? [
                `  ! signed offline for term ${auditorTerm}: make sure it is your current term (the exchange's auditor list, or --rpc);`,
                "    a signature for a term you do not hold yet could count if the exchange re-added you in it",
              ]
            : []),
          `  root ${summary.root}, ${summary.leafCount} accounts, snapshot ${new Date(Number(summary.asOf) * 1000).toISOString()}`,
          ...summary.assets.map(
            (a, i) =>
              `  ${`${a.symbol}:${a.decimals}`.padEnd(9)} liabilities ${formatAmount(summary.totals[i]!, a.decimals)}, reserves ${formatAmount(reserves[i]!, a.decimals)}`,
          ),
          "",
        ].join("\n"),
      );
      return EXIT.ok;
    }
    const nonce = values.nonce === undefined ? 0n : parseWholeNumber(values.nonce, "nonce");
    const document = await signReserveWallet({ ...base, contract: address("contract") }, { exchangeId, nonce });
    if (values.json) {
      io.stdout(toJson({ ok: true, out, ...document }));
      return EXIT.ok;
    }
    io.stdout(
      `Signed: wallet ${document.signer} holds reserves of exchange ${exchangeId} (nonce ${nonce}, chain ${chainId}) → ${out}\n`,
    );
    return EXIT.ok;
  },
};

/** The auditor's term: --term, or read from the registry with --rpc; never guessed. */
async function termOf(
  values: { term?: string | undefined; rpc?: string | undefined; "allow-http"?: boolean | undefined },
  where: { chainId: bigint; registry: string; exchangeId: bigint; auditor: string },
): Promise<bigint> {
  if (values.term !== undefined && values.rpc !== undefined) throw new InputError("give --term or --rpc, not both");
  if (values.term !== undefined) {
    const term = parseWholeNumber(values.term, "term");
    if (term === 0n) throw new InputError("--term must be 1 or more: term 0 means not an auditor");
    return term;
  }
  if (values.rpc === undefined) {
    throw new InputError(
      `--term N or --rpc URL is required: your term as an auditor of exchange ${where.exchangeId} (the registry's auditorTerm(${where.exchangeId}, ${where.auditor}))`,
    );
  }
  const term = await readAuditorTerm(values.rpc, where, { allowHttp: values["allow-http"] === true });
  if (term === 0n)
    throw new InputError(
      `${where.auditor} is not a current auditor of exchange ${where.exchangeId} on this registry; ask the exchange to add it first`,
    );
  return term;
}
