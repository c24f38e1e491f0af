/** Even–odd point-in-polygon over all rings of a (multi)polygon: holes and parts need no special case. */
import type { Ring } from '../core/zones.js';

export function isPointInRings(rings: readonly Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const { xy } of rings) {
    const n = xy.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
