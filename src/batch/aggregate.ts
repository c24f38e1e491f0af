/**
 * National and regional aggregates of a batch, computed from the units' components by each
 * indicator's REG_AGG in the UN metadata (docs/batch.md, docs/methods.md):
 * - 11.2.1 SP_TRN_PUBL and 11.7.1 EN_ACS_URB_OPENSP: "weighted by population" — 100 × Σ served ÷
 *   Σ population, which is the population-weighted mean of the city shares;
 * - 11.3.1 EN_LND_CNSPOP: "weighted by population" — Σ wᵢ·LCRPGRᵢ ÷ Σ wᵢ with wᵢ the population at the
 *   end of the period; the pooled ratio of the summed built-up areas and populations is given beside it
 *   as a labelled alternative (averaging ratios is ambiguous, REC_USE_LIM);
 * - 11.7.1 EN_URB_OPENSP: REG_AGG is "N/A"; ours is the population-weighted mean (weights from the same
 *   zone's EN_ACS_URB_OPENSP population), with the area-weighted (pooled) share beside it.
 * Survey indicators (11.1.1, 1.4.2) are one design per unit and are never averaged from units; degurba
 * has no series. Cities with no value are left out of a mean and listed with the reason.
 */
import type { Observation } from '../core/observation.js';
import { computeLandConsumption, type LcrFormula } from '../indicators/land-consumption/formula.js';

export interface AggregateMember {
  readonly unit: string;
  readonly zone: string;
  readonly value: number | null;
  readonly weight: number | null;
}

export interface Aggregate {
  readonly level: string;
  readonly area: string;
  readonly indicator: string;
  readonly series: string;
  readonly timePeriod: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number | null;
  readonly unit: string;
  readonly method: string;
  /** Summed numerators and denominators, and the labelled alternative where there is one. */
  readonly components: Readonly<Record<string, number | null>>;
  readonly members: readonly AggregateMember[];
  readonly excluded: readonly { readonly unit: string; readonly zone: string; readonly reason: string }[];
}

/** One observation of a unit, with the aggregation areas its zone belongs to (level → area). */
export interface AggregateInput {
  readonly unit: string;
  readonly indicator: string;
  readonly observation: Observation;
  readonly areas: Readonly<Record<string, string>>;
  /** The unit's 11.3.1 LCR formula (provenance parameters), for the pooled alternative. */
  readonly lcrFormula?: LcrFormula;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function keyOf(o: Observation): string {
  return JSON.stringify([o.series, o.timePeriod, Object.entries(o.dimensions).sort()]);
}

type Rule = (members: readonly AggregateInput[], weights: ReadonlyMap<AggregateInput, number | null>) => Pick<Aggregate, 'value' | 'method' | 'components' | 'members' | 'excluded'>;

/** 100 × Σ served ÷ Σ population (= the population-weighted mean of the shares). */
const pooledAccess: Rule = (members) => {
  let served = 0;
  let total = 0;
  const used: AggregateMember[] = [];
  const excluded: Aggregate['excluded'][number][] = [];
  for (const m of members) {
    const s = num(m.observation.components.populationServed);
    const t = num(m.observation.components.populationTotal);
    if (s === null || t === null || t <= 0) {
      excluded.push({ unit: m.unit, zone: m.observation.zone, reason: m.observation.flags.join(', ') || 'no population' });
      continue;
    }
    served += s;
    total += t;
    used.push({ unit: m.unit, zone: m.observation.zone, value: m.observation.value, weight: t });
  }
  return { value: total > 0 ? (100 * served) / total : null, method: 'population-weighted (100 × Σ population served ÷ Σ population; UN metadata REG_AGG)', components: { populationServed: served, populationTotal: total }, members: used, excluded };
};

/** Σ wᵢ·valueᵢ ÷ Σ wᵢ over members with a value and a positive weight. */
function weightedMean(members: readonly AggregateInput[], weights: ReadonlyMap<AggregateInput, number | null>) {
  let sum = 0;
  let weightTotal = 0;
  const used: AggregateMember[] = [];
  const excluded: Aggregate['excluded'][number][] = [];
  for (const m of members) {
    const value = num(m.observation.value);
    const weight = weights.get(m) ?? null;
    if (value === null || weight === null || !(weight > 0)) {
      excluded.push({ unit: m.unit, zone: m.observation.zone, reason: value === null ? m.observation.flags.join(', ') || 'no value' : 'no population weight' });
      continue;
    }
    sum += weight * value;
    weightTotal += weight;
    used.push({ unit: m.unit, zone: m.observation.zone, value, weight });
  }
  return { value: weightTotal > 0 ? sum / weightTotal : null, weightTotal, used, excluded };
}

const landConsumption: Rule = (members, weights) => {
  const mean = weightedMean(members, weights);
  // The pooled alternative sums the components of every zone that has them (zones set aside have none).
  const sums = { builtUpM2Start: 0, builtUpM2End: 0, populationStart: 0, populationEnd: 0 };
  const keys = Object.keys(sums) as (keyof typeof sums)[];
  const pooledMembers = members.filter((m) => keys.every((k) => num(m.observation.components[k]) !== null));
  for (const m of pooledMembers) for (const k of keys) sums[k] += Number(m.observation.components[k]);
  const first = pooledMembers[0]?.observation.components;
  const formulas = new Set(pooledMembers.map((m) => m.lcrFormula ?? 'official'));
  const pooled = first && formulas.size === 1 && num(first.yearStart) !== null && num(first.yearEnd) !== null
    ? computeLandConsumption({ ...sums, yearStart: Number(first.yearStart), yearEnd: Number(first.yearEnd) }, [...formulas][0])
    : null;
  return {
    value: mean.value,
    method: 'population-weighted mean of city LCRPGR, weights = population at the end of the period (UN metadata REG_AGG); pooledLcrPgr = the ratio of the summed components (alternative)',
    components: { ...sums, pooledZones: pooledMembers.length, weightTotal: mean.weightTotal, pooledLcr: pooled?.lcr ?? null, pooledPgr: pooled?.pgr ?? null, pooledLcrPgr: pooled?.value ?? null },
    members: mean.used,
    excluded: mean.excluded,
  };
};

const openSpaceShare: Rule = (members, weights) => {
  const mean = weightedMean(members, weights);
  let area = 0;
  let open = 0;
  for (const m of members) {
    const zoneArea = num(m.observation.components.zoneAreaM2);
    const value = num(m.observation.value);
    if (zoneArea === null || value === null) continue;
    area += zoneArea;
    open += (value / 100) * zoneArea;
  }
  return {
    value: mean.value,
    method: 'population-weighted mean of city shares (ours: UN metadata REG_AGG is N/A); areaWeightedPct = 100 × Σ open public space ÷ Σ city area (alternative)',
    components: { weightTotal: mean.weightTotal, zoneAreaM2: area, openPublicSpaceM2: open, areaWeightedPct: area > 0 ? (100 * open) / area : null },
    members: mean.used,
    excluded: mean.excluded,
  };
};

const RULES: Readonly<Record<string, Rule>> = {
  SP_TRN_PUBL: pooledAccess,
  EN_ACS_URB_OPENSP: pooledAccess,
  EN_LND_CNSPOP: landConsumption,
  EN_URB_OPENSP: openSpaceShare,
};

/** Population weight of each input: its own population, or that of the same zone's access observation (11.7.1). */
function toWeights(inputs: readonly AggregateInput[]): Map<AggregateInput, number | null> {
  // The same unit, zone, period and dimensions, whatever the series.
  const place = (i: AggregateInput) => JSON.stringify([i.unit, i.observation.zone, i.observation.timePeriod, Object.entries(i.observation.dimensions).sort()]);
  const access = new Map(inputs.filter((i) => i.observation.series === 'EN_ACS_URB_OPENSP').map((i) => [place(i), num(i.observation.components.populationTotal)]));
  return new Map(inputs.map((i) => {
    const c = i.observation.components;
    if (i.observation.series === 'EN_LND_CNSPOP') return [i, num(c.populationEnd)];
    if (i.observation.series === 'EN_URB_OPENSP') return [i, access.get(place(i)) ?? null];
    return [i, num(c.populationTotal)];
  }));
}

/** Aggregates for every level, area, series, period and dimensions, in a fixed order. */
export function computeAggregates(inputs: readonly AggregateInput[], levels: readonly string[]): Aggregate[] {
  const weights = toWeights(inputs);
  const groups = new Map<string, { level: string; area: string; members: AggregateInput[] }>();
  for (const input of inputs) {
    if (!(input.observation.series in RULES)) continue;
    for (const level of levels) {
      const area = input.areas[level];
      if (area === undefined) continue;
      const key = JSON.stringify([level, area, input.indicator, keyOf(input.observation)]);
      const group = groups.get(key) ?? { level, area, members: [] };
      group.members.push(input);
      groups.set(key, group);
    }
  }
  const rank = (level: string) => levels.indexOf(level);
  return [...groups.values()]
    .sort((a, b) => rank(a.level) - rank(b.level) || (a.area < b.area ? -1 : a.area > b.area ? 1 : 0))
    .map(({ level, area, members }) => {
      const o = members[0].observation;
      return { level, area, indicator: members[0].indicator, series: o.series, timePeriod: o.timePeriod, dimensions: o.dimensions, unit: o.unit, ...RULES[o.series](members, weights) };
    });
}
