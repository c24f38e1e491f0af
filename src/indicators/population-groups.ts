/**
 * `--population-group DIMENSION=CODE=FILE`: a population layer of one group (SEX=F, AGE=Y_GE65,
 * DISABILITY_STATUS=PD), giving one observation per group with that SDMX dimension set (11.2.1, 11.7.1).
 */
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
