/**
 * Where a population cell is judged served (11.2.1, 11.7.1): at its centre, or at the centres of
 * n × n equal sub-cells (`--subcells n`), the served fraction of the cell being the share of them
 * that are served — approaching the exact covered share of the service area (docs/methods.md G10) as n grows.
 */
import type { PointTransform } from '../core/crs.js';
import type { Grid } from '../core/grid.js';

/** Calls `visit` with each of the n × n sub-cell centres of cell (row, col), in the working CRS. */
export function forEachSubcellCentre(grid: Grid, row: number, col: number, subcells: number, toWorking: PointTransform | null, visit: (x: number, y: number) => void): void {
  for (let sr = 0; sr < subcells; sr++) {
    for (let sc = 0; sc < subcells; sc++) {
      const cx = grid.originX + (col + (sc + 0.5) / subcells) * grid.cellWidth;
      const cy = grid.originY - (row + (sr + 0.5) / subcells) * grid.cellHeight;
      const [x, y] = toWorking ? toWorking(cx, cy) : [cx, cy];
      visit(x, y);
    }
  }
}

/** The rule recorded in COMMENT_OBS (`served-rule=`). */
export const toServedRule = (subcells: number): string => (subcells > 1 ? `subcells-${subcells}x${subcells}` : 'cell-centre');
