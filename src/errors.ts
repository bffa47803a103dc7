/**
 * Three kinds of failure:
 * - InputError: the caller's data is wrong; the message says what and what to do (as in OpenZeppelin's merkle-tree).
 * - UnreachableError: the chain could not be asked (an RPC endpoint down or not answering); neither the
 *   caller's data nor a bug, so commands exit 3, as for any failure, but say it plainly.
 * - InvariantError: the library itself is broken; never the user's fault.
 */

/** Where in a file a problem is, for messages like `balances.csv:12:3`. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class InputError extends Error {
  override readonly name = "InputError";
  readonly location: SourceLocation;

  constructor(message: string, location: SourceLocation = {}) {
    super(formatLocation(location) + message);
    this.location = location;
  }
}

export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

export class InvariantError extends Error {
  override readonly name = "InvariantError";
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(`internal error (please report): ${message}`);
}

function formatLocation({ file, line, column }: SourceLocation): string {
  if (file === undefined && line === undefined) return "";
  const parts = [file ?? "<input>"];
  if (line !== undefined) parts.push(String(line));
  if (line !== undefined && column !== undefined) parts.push(String(column));
  return parts.join(":") + ": ";
}
