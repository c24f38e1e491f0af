/**
 * `--population` and `--population-group DIMENSION=CODE=FILE`: the total population and the
 * population of each group (SEX=F, AGE=Y_GE65, DISABILITY_STATUS=PD), giving one observation per
 * group with that SDMX dimension set (11.2.1, 11.7.1). Each layer is a count raster or, with
 * `--population-field`, points / polygons with a count of persons.
 */
import { describeSource, type InputOpener, type InputSource } from '../core/inputs.js';
import type { RasterSource } from '../core/raster.js';
import type { PopulationPoints } from '../core/transit.js';
import { UsageError } from '../errors.js';
import { crs, layerName, groupFiles, text, type GroupSource } from './options.js';

/** The options of a population input, shared by 11.2.1 and 11.7.1. */
export const POPULATION_FIELD_OPTIONS = {
  populationField: text({ help: 'when --population is points or polygons (GeoJSON / Shapefile): the attribute with each feature\'s number of persons; polygons count at their centroid', placeholder: 'FIELD' }),
  populationGroup: groupFiles({ help: 'the population of one group (raster, or points with --population-field), e.g. SEX=F=female.tif, AGE=Y_GE65=over65.tif, DISABILITY_STATUS=PD=disabled.tif; one observation per group' }),
  populationCrs: crs('population', 'CRS of population points / polygons (--population, --population-group) when the file declares none'),
  populationLayer: layerName('population', 'the layer of population points / polygons to read when the file is a GeoPackage of several'),
} as const;

/** One population layer: the total (dimension null, code _T) or a group; a count raster or points. */
export interface PopulationLayer {
  readonly dimension: string | null;
  readonly code: string;
  readonly path: string;
  readonly raster?: RasterSource;
  /** Dwellings, households or block centroids with their number of persons. */
  readonly points?: PopulationPoints;
}

export interface PopulationInputs {
  readonly population: InputSource;
  readonly populationField: string | undefined;
  readonly populationGroup: readonly GroupSource[];
}

/** `--population` then each `--population-group`, opened as rasters or as points (--population-field). */
export async function openPopulationLayers(inputs: InputOpener, options: PopulationInputs): Promise<PopulationLayer[]> {
  const field = options.populationField;
  const open = async (role: string, source: InputSource): Promise<Pick<PopulationLayer, 'raster' | 'points'>> => {
    if (await inputs.isRaster(source)) return { raster: await inputs.openRaster(role, source) };
    if (!field) throw new UsageError(`--population-field: ${describeSource(source)} is a vector layer, so name the attribute holding each feature's number of persons`);
    return { points: await inputs.readPopulationPoints(role, source, field) };
  };
  const layers: PopulationLayer[] = [{ dimension: null, code: '_T', path: describeSource(options.population), ...(await open('population', options.population)) }];
  for (const g of options.populationGroup) {
    layers.push({ dimension: g.dimension, code: g.code, path: describeSource(g.source), ...(await open(`population:${g.dimension}=${g.code}`, g.source)) });
  }
  return layers;
}
