/** Urban-centre and urban-cluster outlines as GeoJSON-ready polygons in the requested CRS. */
import type { Crs } from '../../core/crs.js';
import type { Grid } from '../../core/grid.js';
import { computeLabelPolygons } from '../../kernels/polygonize.js';
import { toOutlineCoordinates } from '../../pipeline/cell-outlines.js';

export type FeatureClass = 'urban-centre' | 'urban-cluster' | 'urban-extent';

/** Labelled cells; populations per label when known. */
export interface LabelledRegions {
  readonly labels: Int32Array;
  readonly count: number;
  readonly populations?: Float64Array;
}

export interface ClusterFeature {
  readonly type: 'Feature';
  readonly properties: {
    readonly id: string;
    readonly class: FeatureClass;
    readonly population: number | null;
    readonly areaKm2: number;
    readonly densityPerKm2: number | null;
    readonly cells: number;
  };
  readonly geometry: { readonly type: 'MultiPolygon'; readonly coordinates: number[][][][] };
}

const ID_PREFIX: Record<FeatureClass, string> = { 'urban-centre': 'UC', 'urban-cluster': 'UCL', 'urban-extent': 'UE' };

export function computeClusterFeatures(
  clusters: LabelledRegions, kind: FeatureClass, grid: Grid, gridCrs: Crs, outputCrs: Crs, cellAreaKm2: number,
): ClusterFeature[] {
  const polygons = computeLabelPolygons(clusters.labels, grid.rows, grid.cols, clusters.count);
  const cells = new Int32Array(clusters.count + 1);
  for (const label of clusters.labels) if (label !== 0) cells[label]++;
  const prefix = ID_PREFIX[kind];
  return polygons.map((parts, k) => {
    const id = k + 1;
    const coordinates = toOutlineCoordinates(parts, grid, gridCrs, outputCrs);
    const areaKm2 = cells[id] * cellAreaKm2;
    const population = clusters.populations ? clusters.populations[id] : null;
    return {
      type: 'Feature' as const,
      properties: { id: `${prefix}-${id}`, class: kind, population, areaKm2, densityPerKm2: population === null ? null : population / areaKm2, cells: cells[id] },
      geometry: { type: 'MultiPolygon' as const, coordinates },
    };
  });
}
