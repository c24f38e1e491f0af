/**
 * Reads an SDMX-ML 2.1 structure-specific data message back into SDMX-CSV rows, for `validate`:
 * each `Obs` with the dimensions and attributes of its `Series`, the DSD reference (`Ref agencyID id
 * version`) in the DATAFLOW column, and the line each `Obs` is on. saxes parses (streaming, with
 * line numbers); an XML error is a problem at its line, not an exception.
 */
import { SaxesParser, type SaxesAttributeNS } from 'saxes';

export interface SdmxMlRecords {
  /** DATAFLOW, the DSD's dimensions, TIME_PERIOD, OBS_VALUE, its attributes: SDMX-CSV order. */
  readonly header: string[];
  readonly rows: string[][];
  /** Each row's lines: of each column, the line of the element it came from (`Series` or `Obs`). */
  readonly lines: Record<string, number>[];
  /** Structural problems: not XML, not structure-specific data, components the DSD does not have. */
  readonly problems: { line: number; column: string; message: string }[];
}

/** The components of a DSD, in its order: its dimensions and its attributes. */
export interface DsdComponents {
  readonly dimensions: readonly string[];
  readonly attributes: readonly string[];
}

export function readSdmxMlRecords(text: string, { dimensions, attributes }: DsdComponents): SdmxMlRecords {
  const header = ['DATAFLOW', ...dimensions, 'TIME_PERIOD', 'OBS_VALUE', ...attributes];
  const known = new Set(header.slice(1));
  const records: SdmxMlRecords = { header, rows: [], lines: [], problems: [] };
  const parser = new SaxesParser({ xmlns: true, position: true });
  let structure = '';
  let root = '';
  let series: Record<string, string> | null = null;
  let seriesLine = 0;
  const valuesOf = (attributes: Record<string, SaxesAttributeNS>, element: string): Record<string, string> => {
    const values: Record<string, string> = {};
    for (const a of Object.values(attributes)) {
      if (a.uri !== '') continue; // xsi:type and friends belong to XML, not to the DSD
      if (!known.has(a.local)) records.problems.push({ line: parser.line, column: a.local, message: `not a dimension or attribute of the SDG DSD (on ${element})` });
      values[a.local] = a.value;
    }
    return values;
  };
  parser.on('opentag', (tag) => {
    if (!root) root = tag.local;
    if (tag.local === 'Ref' && !structure) {
      const a = (name: string) => tag.attributes[name]?.value ?? '';
      structure = `${a('agencyID')}:${a('id')}(${a('version')})`;
    } else if (tag.local === 'Series' && tag.uri === '') {
      series = valuesOf(tag.attributes, 'Series');
      seriesLine = parser.line;
    } else if (tag.local === 'Obs' && tag.uri === '') {
      const own = valuesOf(tag.attributes, 'Obs');
      const values = { ...series, ...own };
      records.rows.push(header.map((name) => (name === 'DATAFLOW' ? structure : values[name] ?? '')));
      records.lines.push(Object.fromEntries(header.map((name) => [name, series && name in series && !(name in own) ? seriesLine : parser.line])));
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'Series') series = null;
  });
  let broken = false;
  parser.on('error', (error) => {
    if (broken) return; // the first XML error says it; what follows it is noise
    broken = true;
    records.problems.push({ line: parser.line, column: '*', message: `not well-formed XML: ${error.message.replace(/^[^:]*:\d+:\d+: /, '').slice(0, 120)}` });
  });
  parser.write(text).close();
  if (root !== 'StructureSpecificData' && records.problems.length === 0) {
    records.problems.push({ line: 1, column: root || '*', message: `expected an SDMX-ML 2.1 StructureSpecificData message, found ${root ? `<${root}>` : 'no element'}` });
  }
  return records;
}
