/**
 * Builds a SurveyDesign from microdata columns (docs/methods.md §7): weights (all 1 when not mapped),
 * strata and PSUs (each row its own PSU when not mapped; PSUs nested within strata, R `nest=TRUE`),
 * optional fpc. Weights must be positive numbers; each problem names the file, row and column.
 */
import { toFileRow, type CodedColumn, type Microdata, type MicrodataColumn } from '../core/microdata.js';
import { describeFound, InputError } from '../errors.js';
import type { LonelyPsuPolicy, SurveyDesign } from '../kernels/survey.js';

/** Numeric values of a numeric column (NaN where missing); a value that is not a number names its row. */
export function toNumbers(data: Microdata, column: MicrodataColumn, what: string): Float64Array {
  if (column.kind !== 'number') throw new Error(`column ${column.name} was read as codes, not numbers`);
  if (column.firstInvalid) {
    throw new InputError(`${data.path} row ${toFileRow(column.firstInvalid.row)}, column ${column.name}: expected ${what}, found ${describeFound(column.firstInvalid.text)}`);
  }
  return column.values;
}

/** Index of a coded column's stratum / PSU labels, as codes. */
function codedColumn(column: MicrodataColumn | undefined, role: string): CodedColumn | undefined {
  if (column && column.kind !== 'code') throw new Error(`column ${column.name} (${role}) was read as numbers, not codes`);
  return column;
}

export interface DesignColumns {
  readonly weight?: string;
  /** Weights are divided by this (DHS stores hv005 × 1e6). */
  readonly weightScale?: number;
  readonly strata?: string;
  readonly psu?: string;
  readonly fpc?: string;
}

export function buildSurveyDesign(data: Microdata, columns: DesignColumns, lonelyPsu: LonelyPsuPolicy): SurveyDesign {
  const rows = data.rows;
  const column = (name: string | undefined) => (name ? data.columns.get(name) : undefined);
  const weights = new Float64Array(rows).fill(1);
  const weightColumn = column(columns.weight);
  if (weightColumn) {
    // Zero weights are valid (R svydesign keeps such rows: they hold their stratum's PSUs but add
    // nothing to the estimates); negative, infinite or missing weights are not.
    const raw = toNumbers(data, weightColumn, 'a sampling weight ≥ 0');
    const scale = columns.weightScale ?? 1;
    for (let i = 0; i < rows; i++) {
      if (!(raw[i] >= 0) || raw[i] === Infinity) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${weightColumn.name}: expected a sampling weight ≥ 0, found ${Number.isNaN(raw[i]) ? 'an empty value' : raw[i]}`);
      weights[i] = raw[i] / scale;
    }
  }
  const strataColumn = codedColumn(column(columns.strata), 'strata');
  const psuColumn = codedColumn(column(columns.psu), 'psu');
  const stratumOf = new Int32Array(rows);
  const stratumLabels: string[] = [];
  if (strataColumn) {
    const remap = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const id = strataColumn.ids[i];
      if (id === -1) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${strataColumn.name}: expected a stratum, found an empty value`);
      let h = remap.get(id);
      if (h === undefined) {
        h = remap.size;
        remap.set(id, h);
        stratumLabels.push(strataColumn.dictionary[id]);
      }
      stratumOf[i] = h;
    }
  } else {
    stratumLabels.push('(all)');
  }
  const psu = new Int32Array(rows);
  const psuStratumList: number[] = [];
  const psuKeys = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    let key: string;
    if (psuColumn) {
      const id = psuColumn.ids[i];
      if (id === -1) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${psuColumn.name}: expected a PSU (cluster) id, found an empty value`);
      key = `${stratumOf[i]}\u0000${id}`;
    } else {
      key = String(i);
    }
    let p = psuKeys.get(key);
    if (p === undefined) {
      p = psuStratumList.length;
      psuKeys.set(key, p);
      psuStratumList.push(stratumOf[i]);
    }
    psu[i] = p;
  }
  const strataCount = stratumLabels.length;
  const psuStratum = Int32Array.from(psuStratumList);
  const stratumPsuCount = new Int32Array(strataCount);
  for (const h of psuStratum) stratumPsuCount[h]++;
  let stratumFpc: Float64Array | null = null;
  const fpcColumn = column(columns.fpc);
  if (fpcColumn) {
    const fpc = toNumbers(data, fpcColumn, 'the number of PSUs in the population of the stratum');
    stratumFpc = new Float64Array(strataCount).fill(Number.NaN);
    for (let i = 0; i < rows; i++) {
      const h = stratumOf[i];
      if (!(fpc[i] >= stratumPsuCount[h])) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${fpcColumn.name}: expected the stratum's population number of PSUs (≥ ${stratumPsuCount[h]} sampled), found ${fpc[i]}`);
      if (!Number.isNaN(stratumFpc[h]) && stratumFpc[h] !== fpc[i]) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${fpcColumn.name}: expected one value per stratum (${stratumFpc[h]}), found ${fpc[i]}`);
      stratumFpc[h] = fpc[i];
    }
  }
  return { rows, weights, psu, psuStratum, psuCount: psuStratum.length, strataCount, stratumPsuCount, stratumFpc, lonelyPsu, stratumLabels };
}
