/**
 * TypeScript types read off an `as const` ABI (src/chain/abis.ts), so the typed clients call contract functions
 * by name with checked arguments and typed results, without casts. It covers the Solidity types these
 * contracts use (integers, address, bool, bytes, bytesN, string, enums as uint8, arrays and structs), as
 * ethers v6 decodes them: integers as bigint, addresses and bytes as hex strings, structs as objects.
 */

/** One parameter of an ABI entry. */
interface AbiParameter {
  readonly type: string;
  readonly name?: string;
  readonly components?: readonly AbiParameter[];
}

/** One function of an ABI. */
interface AbiFunction {
  readonly type: "function";
  readonly name: string;
  readonly inputs: readonly AbiParameter[];
  readonly outputs: readonly AbiParameter[];
}

/** The value ethers decodes for a Solidity type (arrays and structs included). */
type Decoded<P extends AbiParameter> = P extends { readonly type: `${infer Element}[]` }
  ? Decoded<Omit<P, "type"> & { readonly type: Element }>[]
  : P extends { readonly type: "tuple"; readonly components: infer Components extends readonly AbiParameter[] }
    ? { [Field in Components[number] as Field["name"] & string]: Decoded<Field> }
    : P["type"] extends `uint${string}` | `int${string}`
      ? bigint
      : P["type"] extends "bool"
        ? boolean
        : string;

/** The value ethers accepts for a Solidity type: numbers as bigint or number. */
type Encodable<P extends AbiParameter> = P extends { readonly type: `${infer Element}[]` }
  ? readonly Encodable<Omit<P, "type"> & { readonly type: Element }>[]
  : P extends { readonly type: "tuple"; readonly components: infer Components extends readonly AbiParameter[] }
    ? { [Field in Components[number] as Field["name"] & string]: Encodable<Field> }
    : P["type"] extends `uint${string}` | `int${string}`
      ? bigint | number
      : P["type"] extends "bool"
        ? boolean
        : string;

type Functions<Abi extends readonly unknown[]> = Extract<Abi[number], AbiFunction>;

/** The names of an ABI's functions. */
export type FunctionName<Abi extends readonly unknown[]> = Functions<Abi>["name"];

type FunctionNamed<Abi extends readonly unknown[], Name extends string> = Extract<
  Functions<Abi>,
  { readonly name: Name }
>;

/** Each parameter's value, as a tuple (a mapped type over a type parameter keeps the tuple's shape). */
type EncodableAll<Params> = {
  readonly [I in keyof Params]: Params[I] extends AbiParameter ? Encodable<Params[I]> : never;
};
type DecodedAll<Params> = {
  -readonly [I in keyof Params]: Params[I] extends AbiParameter ? Decoded<Params[I]> : never;
};

/** The arguments of a function, as a tuple. */
export type FunctionArgs<Abi extends readonly unknown[], Name extends string> = EncodableAll<
  FunctionNamed<Abi, Name>["inputs"]
>;

type Outputs<Abi extends readonly unknown[], Name extends string> = FunctionNamed<Abi, Name>["outputs"];

/** What a function returns: nothing, its one value, or a tuple of its values. */
export type FunctionResult<Abi extends readonly unknown[], Name extends string> =
  Outputs<Abi, Name> extends readonly []
    ? void
    : Outputs<Abi, Name> extends readonly [infer Only extends AbiParameter]
      ? Decoded<Only>
      : DecodedAll<Outputs<Abi, Name>>;
