/** The `--explain` walk-through of one 11.3.1 period, with the numbers a trainer would write on the board. */
import type { RunLog } from '../../core/inputs.js';
import type { LandConsumptionResult, LandConsumptionTotals, LcrFormula } from './formula.js';

function fmt(x: number | null, digits = 6): string {
  return x === null ? 'undefined' : Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : x.toPrecision(digits);
}

export function explainPeriod(log: RunLog, zone: string, t: LandConsumptionTotals, r: LandConsumptionResult, formula: LcrFormula): void {
  const years = t.yearEnd - t.yearStart;
  log.explain(`Zone ${zone}, ${t.yearStart}→${t.yearEnd} (t = ${years} years):`);
  log.explain(`  built-up V_${t.yearStart} = ${fmt(t.builtUpM2Start)} m², V_${t.yearEnd} = ${fmt(t.builtUpM2End)} m²`);
  log.explain(`  population P_${t.yearStart} = ${fmt(t.populationStart)}, P_${t.yearEnd} = ${fmt(t.populationEnd)}`);
  if (formula === 'official') log.explain(`  LCR = (V_${t.yearEnd} − V_${t.yearStart}) / V_${t.yearStart} / t = (${fmt(t.builtUpM2End)} − ${fmt(t.builtUpM2Start)}) / ${fmt(t.builtUpM2Start)} / ${years} = ${fmt(r.lcr)} per year`);
  else log.explain(`  LCR = ln(V_${t.yearEnd} / V_${t.yearStart}) / t = ln(${fmt(t.builtUpM2End)} / ${fmt(t.builtUpM2Start)}) / ${years} = ${fmt(r.lcr)} per year`);
  log.explain(`  PGR = ln(P_${t.yearEnd} / P_${t.yearStart}) / t = ln(${fmt(t.populationEnd)} / ${fmt(t.populationStart)}) / ${years} = ${fmt(r.pgr)} per year`);
  log.explain(`  LCRPGR = LCR / PGR = ${fmt(r.lcr)} / ${fmt(r.pgr)} = ${fmt(r.value)}`);
  log.explain(`  built-up per person: ${fmt(r.builtUpPerCapitaM2Start)} → ${fmt(r.builtUpPerCapitaM2End)} m²; built-up change ${fmt(r.builtUpChangePct)} %`);
  if (r.flags.length > 0) log.explain(`  flags: ${r.flags.join(', ')} (docs/methods.md §10.5: a negative or near-zero PGR makes the ratio misleading)`);
}
