/** Urban-centre and urban-cluster outlines as GeoJSON-ready polygons in the requested CRS. */
import { toPointTransform, type Crs } from '../../core/crs.js';
import type { Grid } from '../../core/grid.js';
import { computeDensifiedRing } from '../../kernels/densify.js';
import { computeLabelPolygons } from '../../kernels/polygonize.js';

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

/** Rounds to ~1 mm (1e-8°, or 1e-3 m) so that the files stay small and stable. */
function toPositions(xy: Float64Array, geographic: boolean): number[][] {
  const scale = geographic ? 1e8 : 1e3;
  const out: number[][] = [];
  for (let i = 0; i < xy.length; i += 2) out.push([Math.round(xy[i] * scale) / scale, Math.round(xy[i + 1] * scale) / scale]);
  return out;
}

const ID_PREFIX: Record<FeatureClass, string> = { 'urban-centre': 'UC', 'urban-cluster': 'UCL', 'urban-extent': 'UE' };

export function computeClusterFeatures(
  clusters: LabelledRegions, kind: FeatureClass, grid: Grid, gridCrs: Crs, outputCrs: Crs, cellAreaKm2: number,
): ClusterFeature[] {
  const polygons = computeLabelPolygons(clusters.labels, grid.rows, grid.cols, clusters.count);
  const cells = new Int32Array(clusters.count + 1);
  for (const label of clusters.labels) if (label !== 0) cells[label]++;
  const transform = toPointTransform(gridCrs, outputCrs);
  // Cell edges are straight in the grid CRS and curved in lon/lat: densify to ~1 cm.
  const tolerance = outputCrs.geographic ? 1e-7 : 0.01;
  const prefix = ID_PREFIX[kind];
  return polygons.map((parts, k) => {
    const id = k + 1;
    const coordinates = parts.map((rings) => rings.map((ring) => {
      const xy = new Float64Array(ring.length);
      for (let i = 0; i < ring.length; i += 2) {
        xy[i] = grid.originX + ring[i] * grid.cellWidth;
        xy[i + 1] = grid.originY - ring[i + 1] * grid.cellHeight;
      }
      return toPositions(transform ? computeDensifiedRing(xy, transform, tolerance) : xy, outputCrs.geographic);
    }));
    const areaKm2 = cells[id] * cellAreaKm2;
    const population = clusters.populations ? clusters.populations[id] : null;
    return {
      type: 'Feature' as const,
      properties: { id: `${prefix}-${id}`, class: kind, population, areaKm2, densityPerKm2: population === null ? null : population / areaKm2, cells: cells[id] },
      geometry: { type: 'MultiPolygon' as const, coordinates },
    };
  });
}
