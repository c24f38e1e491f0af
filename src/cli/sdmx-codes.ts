/**
 * The user's own SDMX codes for what urban-sdg reports per zone or subgroup (docs/methods.md G5):
 * REF_AREA and the open-sdg GeoCode from zone attributes (`--ref-area-field`, `--geocode-field`), and
 * code maps from a zone id or a survey subgroup label (`headSex=F`) to a CUST_BREAKDOWN code
 * (`--cust-breakdown-map`) or a COMPOSITE_BREAKDOWN code (`--composite-breakdown-map`). Every code is
 * checked against its SDG code list before anything is computed; with a map, every zone and subgroup
 * must be in one, so that a generated C01 can never collide with a code of the user's.
 */
import type { InputSource } from '../core/inputs.js';
import type { Observation } from '../core/observation.js';
import { describeFound, InputError, UsageError } from '../errors.js';
import { parseCsvRecords } from '../io/csv-records.js';
import { readWholeText } from '../io/read-text.js';
import type { BreakdownCodes } from '../io/writers/sdmx-csv.js';
import { GEOCODE_LABEL } from '../io/writers/open-sdg.js';
import { isKnownCode, SDG_CODE_LISTS } from '../metadata/code-lists.js';

const MAX_MAP_BYTES = 16 * 1024 ** 2;

/** A code map: a CSV with columns `label,code` (label = zone id or `variable=value`), or, from the library, an object. */
async function readCodeMap(source: InputSource | undefined, flag: string, dimension: string): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  if (source === undefined) return codes;
  const name = typeof source === 'string' ? source : `(in-memory ${flag})`;
  let pairs: [string, string, number][];
  if (typeof source === 'string') {
    const text = await readWholeText(source, MAX_MAP_BYTES, 'a code map (CSV label,code)', 'keep only the zones and subgroups of this run');
    const [header = [], ...body] = await parseCsvRecords(text, name);
    if (header[0]?.trim() !== 'label' || header[1]?.trim() !== 'code') throw new InputError(`${name} row 1: expected the columns label,code, found ${describeFound(header.join(',').slice(0, 60))}`);
    pairs = body.map((r, k): [string, string, number] => [(r[0] ?? '').trim(), (r[1] ?? '').trim(), k + 2]).filter(([label, code]) => label !== '' || code !== '');
  } else if (typeof source === 'object' && !Array.isArray(source)) {
    pairs = Object.entries(source).map(([label, code], k) => [label, String(code), k + 1]);
  } else {
    throw new InputError(`${name}: expected a CSV path or an object { label: code }`);
  }
  const { codelist } = SDG_CODE_LISTS.codeLists[dimension];
  for (const [label, code, row] of pairs) {
    if (!label) throw new InputError(`${name} row ${row}, column label: expected a zone id or a subgroup (headSex=F), found an empty value`);
    if (!isKnownCode(dimension, code) || code === '_T') throw new InputError(`${name} row ${row}, column code: expected a code of ${codelist}, found ${describeFound(code)}`);
    if (codes.has(label)) throw new InputError(`${name} row ${row}, column label: ${describeFound(label)} twice (expected each zone or subgroup once)`);
    codes.set(label, code);
  }
  return codes;
}

/** Reads `--cust-breakdown-map` and `--composite-breakdown-map` (undefined when neither is given). */
export async function readBreakdownCodes(cust: InputSource | undefined, composite: InputSource | undefined): Promise<BreakdownCodes | undefined> {
  if (cust === undefined && composite === undefined) return undefined;
  const codes = { cust: await readCodeMap(cust, '--cust-breakdown-map', 'CUST_BREAKDOWN'), composite: await readCodeMap(composite, '--composite-breakdown-map', 'COMPOSITE_BREAKDOWN') };
  for (const label of codes.cust.keys()) {
    if (codes.composite.has(label)) throw new UsageError(`${describeFound(label)} is in both --cust-breakdown-map and --composite-breakdown-map (expected one code per zone or subgroup)`);
  }
  return codes;
}

/** With a code map, every zone and subgroup the run reports must have a code. */
export function assertBreakdownsCoded(observations: readonly Observation[], codes: BreakdownCodes | undefined): void {
  if (!codes) return;
  for (const o of observations) {
    const label = o.labels?.CUST_BREAKDOWN ?? o.zone;
    if (label && !codes.cust.has(label) && !codes.composite.has(label)) {
      throw new InputError(`--cust-breakdown-map / --composite-breakdown-map: no code for ${describeFound(label)} (${o.series}); expected every zone and subgroup of the run`);
    }
  }
}

/** Each zone's attributes (read with the --zones polygons; resolveOptions requires them) as the observation reports them: REF_AREA (checked against CL_AREA) and the open-sdg GeoCode. */
export function withZoneFields(observations: readonly Observation[], fields: { geocode?: string; refArea?: string }, valuesOf: (field: string) => ReadonlyMap<string, string> | null): readonly Observation[] {
  const geocodes = fields.geocode ? valuesOf(fields.geocode) : null;
  const areas = fields.refArea ? valuesOf(fields.refArea) : null;
  for (const [zone, code] of areas ?? []) {
    if (!isKnownCode('REF_AREA', code)) throw new InputError(`--ref-area-field ${fields.refArea}: zone ${describeFound(zone)} has ${describeFound(code)}, expected an M49 area code of ${SDG_CODE_LISTS.codeLists.REF_AREA.codelist} (e.g. 404 for Kenya)`);
  }
  if (!geocodes && !areas) return observations;
  return observations.map((o) => {
    const geocode = geocodes?.get(o.zone);
    const area = areas?.get(o.zone);
    return {
      ...o,
      ...(area !== undefined ? { dimensions: { ...o.dimensions, REF_AREA: area } } : {}),
      ...(geocode !== undefined ? { labels: { ...o.labels, [GEOCODE_LABEL]: geocode } } : {}),
    };
  });
}
