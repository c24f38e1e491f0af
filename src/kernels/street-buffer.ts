/**
 * Street lines to street areas: each segment a rectangle of the street's width (flat caps), and at each
 * bend the outer bevel triangle between the two rectangles (GEOS/shapely `buffer(w/2, cap_style=flat,
 * join_style=bevel)`). The pieces overlap; the union-area sweep counts them once.
 */
export function computeStreetPolygons(line: Float64Array, widthM: number): Float64Array[] {
  const half = widthM / 2;
  const n = line.length / 2;
  const pieces: Float64Array[] = [];
  const normals: [number, number][] = [];
  for (let i = 0; i + 1 < n; i++) {
    const ax = line[2 * i], ay = line[2 * i + 1], bx = line[2 * i + 2], by = line[2 * i + 3];
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0) {
      normals.push([0, 0]);
      continue;
    }
    const nx = (-(by - ay) / length) * half, ny = ((bx - ax) / length) * half;
    normals.push([nx, ny]);
    pieces.push(Float64Array.from([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny, ax + nx, ay + ny]));
  }
  for (let i = 1; i + 1 < n; i++) {
    const [pnx, pny] = normals[i - 1];
    const [nnx, nny] = normals[i];
    if ((pnx === 0 && pny === 0) || (nnx === 0 && nny === 0)) continue;
    const vx = line[2 * i], vy = line[2 * i + 1];
    // Turning left (positive cross product) opens the gap on the right side, and the reverse.
    const cross = pnx * nny - pny * nnx;
    if (cross === 0) continue;
    const side = cross > 0 ? -1 : 1;
    pieces.push(Float64Array.from([vx, vy, vx + side * pnx, vy + side * pny, vx + side * nnx, vy + side * nny, vx, vy]));
  }
  return pieces;
}
