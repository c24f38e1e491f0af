/**
 * `--population-group DIMENSION=CODE=FILE`: a population layer of one group (SEX=F, AGE=Y_GE65,
 * DISABILITY_STATUS=PD), giving one observation per group with that SDMX dimension set (11.2.1, 11.7.1).
 * Each layer is a count raster or, with `--population-field`, points / polygons with a count of persons.
 */
import type { InputOpener } from '../core/inputs.js';
import type { RasterSource } from '../core/raster.js';
import type { PopulationPoints } from '../core/transit.js';
import { UsageError } from '../errors.js';

export interface PopulationGroup {
  readonly dimension: string;
  readonly code: string;
  readonly path: string;
}

export function parsePopulationGroups(values: readonly string[]): PopulationGroup[] {
  return values.map((value) => {
    const match = /^([A-Z_]+)=([^=]+)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--population-group: expected DIMENSION=CODE=FILE (e.g. SEX=F=female.tif, AGE=Y_GE65=over65.tif), found ${JSON.stringify(value)}`);
    return { dimension: match[1], code: match[2], path: match[3] };
  });
}

/** One population layer: the total (dimension null, code _T) or a group; a count raster or points. */
export interface PopulationLayer {
  readonly dimension: string | null;
  readonly code: string;
  readonly path: string;
  readonly raster?: RasterSource;
  /** Dwellings, households or block centroids with their number of persons. */
  readonly points?: PopulationPoints;
}

const isRasterPath = (path: string) => /\.tiff?$/i.test(path);

/** `--population` then each `--population-group`, opened as rasters (.tif) or points (--population-field). */
export async function openPopulationLayers(inputs: InputOpener, options: Readonly<Record<string, unknown>>): Promise<PopulationLayer[]> {
  const field = options.populationField as string | undefined;
  const open = async (role: string, path: string): Promise<Pick<PopulationLayer, 'raster' | 'points'>> => {
    if (isRasterPath(path)) return { raster: await inputs.openRaster(role, path) };
    if (!field) throw new UsageError(`--population-field: ${path} is a vector layer, so name the attribute holding each feature's number of persons`);
    return { points: await inputs.readPopulationPoints(role, path, field) };
  };
  const total = String(options.population);
  const layers: PopulationLayer[] = [{ dimension: null, code: '_T', path: total, ...(await open('population', total)) }];
  for (const g of parsePopulationGroups((options.populationGroup as string[] | undefined) ?? [])) {
    layers.push({ ...g, ...(await open(`population:${g.dimension}=${g.code}`, g.path)) });
  }
  return layers;
}
