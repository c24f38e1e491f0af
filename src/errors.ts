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

/**
 * An input problem confined to one zone (an invalid polygon, a zone outside the raster). A single run
 * stops on it (exit 2); a batch unit records a flagged null observation for the zone and goes on.
 */
export class ZoneError extends InputError {
  constructor(message: string, readonly zoneId: string, readonly flag: 'invalid-zone-geometry' | 'zone-outside-raster' | 'zone-not-projectable') {
    super(message);
  }
}

export function isUserError(error: unknown): error is UsageError | InputError {
  return error instanceof UsageError || error instanceof InputError;
}

/** Longest echo of a value from a file in a message (the first line stays readable). */
const MAX_ECHO = 60;

/**
 * Formats one value as it was found, for "expected …, found …" messages: quoted, control characters
 * escaped (JSON), and cut to a readable length.
 */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty value' : JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value);
  if (typeof value === 'object') return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
  const text = String(value);
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

/** Names from a file (columns, fields), quoted and escaped, at most `max` of them: `"a", "b", … and 12 more`. */
export function describeList(names: readonly string[], max = 6): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max).map((n) => describeFound(n));
  return names.length > max ? `${shown.join(', ')} … and ${names.length - max} more` : shown.join(', ');
}

/**
 * Text for the terminal: C0/C1 control characters (escape sequences, carriage returns, bells) shown
 * as `\x1b`, so that file content can never drive the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
