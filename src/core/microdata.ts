/** Survey microdata held by column, each value dictionary-encoded (as read by io/microdata.ts). */

export interface MicrodataColumn {
  readonly name: string;
  /** Per row: index into `dictionary`, or −1 for an empty / NA answer. */
  readonly ids: Int32Array;
  /** Distinct raw values, trimmed. */
  readonly dictionary: readonly string[];
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
