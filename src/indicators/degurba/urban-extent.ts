/**
 * Urban extent by built-up density (docs/methods.md §4; UN-Habitat / Atlas of Urban Expansion, as in
 * Trends.Earth): each built-up pixel is urban, suburban or rural by the built-up share of the circle
 * around it (1 km², radius 564 m by default); open pixels near urban or suburban built-up are fringe
 * open space; open patches enclosed by those and no larger than 200 ha are captured open space.
 * Urban extent = urban + suburban built-up + fringe + captured open space.
 */
import { fillEach } from '../../core/typed-array.js';
import { computeComponents } from '../../kernels/components.js';
import { computeCircularSums } from '../../kernels/focal.js';

export const URBAN_EXTENT_CODES = {
  urbanBuiltUp: 1, suburbanBuiltUp: 2, ruralBuiltUp: 3, fringeOpenSpace: 4, capturedOpenSpace: 5, ruralOpenSpace: 6,
} as const;

export interface UrbanExtentParameters {
  readonly radiusM: number;
  /** Urban when the neighbourhood built-up share is strictly above this. */
  readonly urbanShare: number;
  /** Suburban from this share (inclusive) up to the urban share (inclusive). */
  readonly suburbanShare: number;
  /** Fringe: open pixels strictly closer than this to urban or suburban built-up (centre to centre). */
  readonly fringeM: number;
  /** Enclosed open patches up to this area (inclusive) are captured. */
  readonly capturedMaxHa: number;
  /** A pixel is built-up when its own built-up share reaches this. */
  readonly builtPixelShare: number;
}

export const URBAN_EXTENT_DEFAULTS: UrbanExtentParameters = {
  radiusM: 564, urbanShare: 0.5, suburbanShare: 0.25, fringeM: 100, capturedMaxHa: 200, builtPixelShare: 0.5,
};

export interface UrbanExtentResult {
  readonly classes: Uint8Array;
  /** 8-connected parts of the urban extent, labelled 1..count. */
  readonly extent: { readonly labels: Int32Array; readonly count: number };
  /** Neighbourhood built-up share per pixel. */
  readonly neighbourhoodShare: Float64Array;
}

/** `builtShare` holds each pixel's built-up share (0–1); `cellSizeM` the (square) pixel size. */
export function computeUrbanExtent(builtShare: Float64Array, rows: number, cols: number, cellSizeM: number, p: UrbanExtentParameters): UrbanExtentResult {
  const n = rows * cols;
  const built = new Float64Array(n);
  for (let i = 0; i < n; i++) built[i] = builtShare[i] >= p.builtPixelShare ? 1 : 0;
  // Share of built-up pixels in the circle (pixels beyond the grid edge are not counted).
  const { sums, counts } = computeCircularSums(built, rows, cols, p.radiusM / cellSizeM);
  const neighbourhoodShare = new Float64Array(n);
  for (let i = 0; i < n; i++) neighbourhoodShare[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
  const classes = new Uint8Array(n);
  const nearUrban = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (built[i] === 0) continue;
    const share = neighbourhoodShare[i];
    classes[i] = share > p.urbanShare ? URBAN_EXTENT_CODES.urbanBuiltUp : share >= p.suburbanShare ? URBAN_EXTENT_CODES.suburbanBuiltUp : URBAN_EXTENT_CODES.ruralBuiltUp;
    if (classes[i] !== URBAN_EXTENT_CODES.ruralBuiltUp) nearUrban[i] = 1;
  }
  const fringe = computeCircularSums(nearUrban, rows, cols, p.fringeM / cellSizeM, true).sums;
  for (let i = 0; i < n; i++) if (classes[i] === 0 && fringe[i] > 0) classes[i] = URBAN_EXTENT_CODES.fringeOpenSpace;
  // Patches of everything else; a patch not touching the grid edge is enclosed by the extent.
  const other = fillEach(new Uint8Array(n), (i) => (classes[i] === 0 || classes[i] === URBAN_EXTENT_CODES.ruralBuiltUp ? 1 : 0));
  const patches = computeComponents(other, rows, cols, 4);
  const size = new Float64Array(patches.count + 1);
  const touchesEdge = new Uint8Array(patches.count + 1);
  for (let i = 0; i < n; i++) {
    const k = patches.labels[i];
    if (k === 0) continue;
    size[k]++;
    const r = (i / cols) | 0, c = i - r * cols;
    if (r === 0 || c === 0 || r === rows - 1 || c === cols - 1) touchesEdge[k] = 1;
  }
  const maxCells = (p.capturedMaxHa * 10_000) / (cellSizeM * cellSizeM);
  const inExtent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = patches.labels[i];
    const code = classes[i];
    if (k === 0) {
      inExtent[i] = code === 1 || code === 2 || code === 4 ? 1 : 0;
      continue;
    }
    const captured = !touchesEdge[k] && size[k] <= maxCells + 1e-9;
    // Isolated (rural) built-up pixels inside a captured patch stay built-up but belong to the extent.
    if (code === 0) classes[i] = captured ? URBAN_EXTENT_CODES.capturedOpenSpace : URBAN_EXTENT_CODES.ruralOpenSpace;
    inExtent[i] = captured ? 1 : 0;
  }
  const extent = computeComponents(inExtent, rows, cols, 8);
  return { classes, extent, neighbourhoodShare };
}
