/** The observation formats of `--format`: JSON, tidy CSV, SDMX-CSV, SDMX-ML, open-sdg CSV. */
import type { IndicatorOutput } from '../../core/observation.js';
import { formatOpenSdgCsv } from './open-sdg.js';
import { formatSdmxCsv, type SdmxOptions } from './sdmx-csv.js';
import { formatSdmxMl } from './sdmx-ml.js';
import { formatTidyCsv } from './tidy-csv.js';

import type { OutputFormat } from '../../core/output-formats.js';

/** SDMX-CSV always carries exact values; tidy and open-sdg CSV are defused for spreadsheets on request. */
export function formatOutput(output: IndicatorOutput, format: OutputFormat, sdmx: SdmxOptions, spreadsheetSafe = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(output, null, 2)}\n`;
    case 'csv':
      return formatTidyCsv(output, spreadsheetSafe);
    case 'sdmx-csv':
      return formatSdmxCsv(output, sdmx);
    case 'sdmx-ml':
      return formatSdmxMl(output, sdmx);
    case 'open-sdg':
      return formatOpenSdgCsv(output, { periods: sdmx.periods ?? 'full', spreadsheetSafe });
  }
}
