/**
 * Two error families (docs/architecture.md §2.2): the user's mistakes (exit 2, one line, no stack) and bugs (exit 1).
 * Messages name what, where (file, row, feature, field), what was expected and what was found.
 */

/** The command line itself is wrong: unknown option, bad value, missing required input. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input file or its content is wrong: missing, unreadable, malformed, inconsistent. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export function isUserError(error: unknown): error is UsageError | InputError {
  return error instanceof UsageError || error instanceof InputError;
}

/** Formats one value as it was found, for "expected …, found …" messages. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty value' : JSON.stringify(value);
  return String(value);
}
