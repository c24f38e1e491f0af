/**
 * Classification of local units (docs/methods.md §3.6, flexurba DoU_classify_units): by the share of the
 * unit's population living in urban-centre cells and in rural cells, each cell counting by the exact
 * fraction of it inside the unit. City: ≥ 50 % in urban centres; rural area: > 50 % in rural cells;
 * otherwise town or semi-dense area. A unit without population is classified by its land area.
 */
import type { Crs } from '../../core/crs.js';
import type { Grid } from '../../core/grid.js';
import { createMemoryRaster } from '../../core/memory-raster.js';
import type { ZoneLayer } from '../../core/zones.js';
import { computeZonalSums } from '../../pipeline/zonal.js';

export interface UnitClass {
  readonly id: string;
  readonly class: 'city' | 'town-semi-dense' | 'rural';
  readonly population: number;
  readonly urbanCentreSharePct: number | null;
  readonly ruralSharePct: number | null;
  /** What the shares are of: population, or land area for units with nobody living there. */
  readonly basis: 'population' | 'area';
}

export async function classifyUnits(
  units: ZoneLayer, grid: Grid, crs: Crs, population: Float64Array, isCentre: (i: number) => boolean, isRural: (i: number) => boolean, maxCells: number,
): Promise<UnitClass[]> {
  const n = population.length;
  const layer = (name: string, f: (i: number) => number) => createMemoryRaster(name, grid, crs, Float64Array.from({ length: n }, (_, i) => f(i)));
  const layers = [
    { raster: layer('population', (i) => population[i]), quantity: 'value' as const, scale: 1 },
    { raster: layer('population in urban centres', (i) => (isCentre(i) ? population[i] : 0)), quantity: 'value' as const, scale: 1 },
    { raster: layer('population in rural cells', (i) => (isRural(i) ? population[i] : 0)), quantity: 'value' as const, scale: 1 },
    { raster: layer('urban-centre cells', (i) => (isCentre(i) ? 1 : 0)), quantity: 'mask-times-area' as const, scale: 1 },
    { raster: layer('rural cells', (i) => (isRural(i) ? 1 : 0)), quantity: 'mask-times-area' as const, scale: 1 },
  ];
  const sums = await computeZonalSums(units, layers, { maxCells });
  return units.features.map((unit, k) => {
    const [total, centre, rural, centreArea, ruralArea] = sums[k];
    const byPopulation = total.sum > 0;
    const whole = byPopulation ? total.sum : total.coveredAreaM2;
    const centreShare = whole > 0 ? (byPopulation ? centre.sum : centreArea.sum) / whole : null;
    const ruralShare = whole > 0 ? (byPopulation ? rural.sum : ruralArea.sum) / whole : null;
    const unitClass = centreShare !== null && centreShare >= 0.5 ? 'city' : ruralShare !== null && ruralShare > 0.5 ? 'rural' : 'town-semi-dense';
    return {
      id: unit.id,
      class: unitClass,
      population: total.sum,
      urbanCentreSharePct: centreShare === null ? null : 100 * centreShare,
      ruralSharePct: ruralShare === null ? null : 100 * ruralShare,
      basis: byPopulation ? 'population' : 'area',
    };
  });
}
