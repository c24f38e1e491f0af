/**
 * Population points (dwellings, households, block centroids with a count of persons) counted by
 * zone: each point inside a zone (even–odd test in the zones' CRS, docs/methods.md §2.2) is classified once
 * in the working CRS — served or not — and its persons added to every zone that holds it.
 */
import { toPointTransform, type Crs } from '../core/crs.js';
import type { PopulationPoints } from '../core/transit.js';
import type { ZoneLayer } from '../core/zones.js';
import { isPointInRings } from '../kernels/point-in-polygon.js';

export function visitZonePoints<T>(
  points: PopulationPoints, zones: ZoneLayer, working: Crs,
  classify: (x: number, y: number) => T, add: (zoneIndex: number, persons: number, classification: T) => void,
): void {
  const toZones = toPointTransform(points.crs, zones.crs);
  const toWorking = toPointTransform(points.crs, working);
  const rings = zones.features.map((z) => z.polygons.flat());
  for (let i = 0; i < points.counts.length; i++) {
    const px = points.xy[2 * i], py = points.xy[2 * i + 1];
    const [zx, zy] = toZones ? toZones(px, py) : [px, py];
    let classification: T | undefined;
    zones.features.forEach((zone, z) => {
      const b = zone.bounds;
      if (zx < b.minX || zx > b.maxX || zy < b.minY || zy > b.maxY || !isPointInRings(rings[z], zx, zy)) return;
      if (classification === undefined) {
        const [x, y] = toWorking ? toWorking(px, py) : [px, py];
        classification = classify(x, y);
      }
      add(z, points.counts[i], classification);
    });
  }
}
