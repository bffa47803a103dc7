import { InputError } from "../errors.js";
import type { Hex } from "../spec/bytes.js";

/**
 * Typed, path-aware reads from parsed JSON. Integers must be decimal strings: a JSON number may already
 * have lost precision in JSON.parse, so it is refused rather than trusted.
 */
export class JsonFields {
  constructor(
    private readonly file: string,
    private readonly path: string,
    private readonly value: unknown,
  ) {}

  static parse(text: string, file: string): JsonFields {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`not valid JSON (${(error as Error).message}); is this the right file?`, { file });
    }
    return new JsonFields(file, "", value);
  }

  fail(message: string): never {
    throw new InputError(`${this.path === "" ? "" : `${this.path}: `}${message}`, { file: this.file });
  }

  get raw(): unknown {
    return this.value;
  }

  has(key: string): boolean {
    return this.object()[key] !== undefined;
  }

  field(key: string): JsonFields {
    const object = this.object();
    if (object[key] === undefined) this.at(key).fail("is missing");
    return this.at(key);
  }

  optional(key: string): JsonFields | undefined {
    return this.has(key) ? this.field(key) : undefined;
  }

  items(): JsonFields[] {
    if (!Array.isArray(this.value)) this.fail("must be a list");
    return (this.value as unknown[]).map((item, i) => new JsonFields(this.file, `${this.path}[${i}]`, item));
  }

  string(): string {
    if (typeof this.value !== "string") this.fail(`must be a string, got ${JSON.stringify(this.value)}`);
    return this.value as string;
  }

  /** A non-negative integer written as a decimal string without sign, spaces or leading zeros. */
  bigint(): bigint {
    if (typeof this.value === "number") {
      this.fail(
        `must be a decimal string such as "${this.value}" (numbers may lose precision in JSON), got the number ${this.value}`,
      );
    }
    const text = this.string();
    if (!/^(0|[1-9][0-9]*)$/.test(text))
      this.fail(`must be a whole number in decimal digits, got ${JSON.stringify(text)}`);
    return BigInt(text);
  }

  smallInteger(max: number): number {
    if (typeof this.value !== "number" || !Number.isInteger(this.value) || this.value < 0 || this.value > max) {
      this.fail(`must be a whole number from 0 to ${max}, got ${JSON.stringify(this.value)}`);
    }
    return this.value as number;
  }

  hex(byteLength: number): Hex {
    const text = this.string();
    if (!new RegExp(`^0x[0-9a-fA-F]{${byteLength * 2}}$`).test(text)) {
      this.fail(`must be 0x followed by ${byteLength * 2} hex digits, got ${JSON.stringify(text)}`);
    }
    return text.toLowerCase() as Hex;
  }

  private object(): Record<string, unknown> {
    if (typeof this.value !== "object" || this.value === null || Array.isArray(this.value))
      this.fail("must be an object");
    return this.value as Record<string, unknown>;
  }

  private at(key: string): JsonFields {
    return new JsonFields(this.file, this.path === "" ? key : `${this.path}.${key}`, this.object()[key]);
  }
}
