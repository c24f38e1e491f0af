/** The output formats of `--format` (kept apart from the writers so that `--help` loads none of them). */
export const OUTPUT_FORMATS = ['json', 'csv', 'sdmx-csv', 'sdmx-ml', 'open-sdg'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
