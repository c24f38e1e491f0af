/** Street lines in a working metric CRS (densified so that curved projected edges stay faithful). */
import { toPointTransform, type Crs } from '../core/crs.js';
import type { StreetLayer } from '../core/transit.js';
import { computeDensifiedRing } from '../kernels/densify.js';

export function buildMetricLines(streets: StreetLayer, working: Crs): Float64Array[] {
  const transform = toPointTransform(streets.crs, working);
  return streets.lines.map((line) => (transform ? computeDensifiedRing(line, transform, 0.01) : line));
}
