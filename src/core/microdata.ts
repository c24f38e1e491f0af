/** Survey microdata held by column (as read by io/microdata.ts). */

/** A coded column: each value dictionary-encoded. */
export interface CodedColumn {
  readonly kind: 'code';
  readonly name: string;
  /** Per row: index into `dictionary`, or −1 for an empty / NA answer. */
  readonly ids: Int32Array;
  /** Distinct raw values, trimmed. */
  readonly dictionary: readonly string[];
  /** A labelled file's value labels (.dta, .sav): the value's text → its label, and the set's name. */
  readonly labels?: { readonly file: string; readonly set: string; readonly byValue: ReadonlyMap<string, string> };
}

/** A numeric column: NaN where empty; the first value that is not a number is kept for the message. */
export interface NumericColumn {
  readonly kind: 'number';
  readonly name: string;
  readonly values: Float64Array;
  readonly firstInvalid: { readonly row: number; readonly text: string } | null;
}

export type MicrodataColumn = CodedColumn | NumericColumn;

export interface ColumnRequest {
  readonly name: string;
  readonly kind: 'code' | 'number';
}

export interface Microdata {
  readonly path: string;
  readonly rows: number;
  readonly header: readonly string[];
  readonly columns: ReadonlyMap<string, MicrodataColumn>;
}

/** Row number in the file for messages (header is row 1). */
export function toFileRow(index: number): number {
  return index + 2;
}
