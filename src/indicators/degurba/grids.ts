/** Checks that Degree of Urbanisation input grids can be classified together on a 1 km grid. */
import type { RasterSource } from '../../core/raster.js';
import { InputError } from '../../errors.js';

export function assertSameGrid(reference: RasterSource, other: RasterSource, role: string): void {
  const a = reference.info, b = other.info;
  if (a.crs.id !== b.crs.id) throw new InputError(`${b.path}: the ${role} grid is in ${b.crs.id}, the population grid in ${a.crs.id} (expected the same CRS; reproject with gdalwarp)`);
  const g = a.grid, h = b.grid;
  if (g.cellWidth !== h.cellWidth || g.cellHeight !== h.cellHeight) throw new InputError(`${b.path}: the ${role} grid has ${h.cellWidth} × ${h.cellHeight} cells, the population grid ${g.cellWidth} × ${g.cellHeight} (expected the same cell size)`);
  if (g.originX !== h.originX || g.originY !== h.originY || g.cols !== h.cols || g.rows !== h.rows) {
    throw new InputError(`${b.path}: the ${role} grid is not aligned with the population grid (origin ${h.originX}, ${h.originY} and ${h.cols} × ${h.rows} cells; expected ${g.originX}, ${g.originY} and ${g.cols} × ${g.rows})`);
  }
}

/** How many input cells make one 1 km cell along each axis; the grid must be in metres. */
export function aggregationFactor(raster: RasterSource): number {
  const { grid, crs, path } = raster.info;
  if (crs.geographic || crs.metresPerUnit !== 1) {
    throw new InputError(`${path}: the grid is not in metres (found ${crs.id}, ${crs.geographic ? 'degrees' : `units of ${crs.metresPerUnit} m`}); the Degree of Urbanisation needs an equal-area grid in metres — reproject, e.g. gdalwarp -t_srs ESRI:54009 -tr 1000 1000 -r sum`);
  }
  if (grid.cellWidth !== grid.cellHeight) throw new InputError(`${path}: cells are not square (${grid.cellWidth} × ${grid.cellHeight} m; expected square cells)`);
  const factor = 1000 / grid.cellWidth;
  if (Math.abs(factor - Math.round(factor)) > 1e-9 || factor < 1) {
    throw new InputError(`${path}: cells of ${grid.cellWidth} m do not divide the 1 km classification grid (expected 1000 m or a divisor such as 100, 250 or 500 m)`);
  }
  return Math.round(factor);
}
