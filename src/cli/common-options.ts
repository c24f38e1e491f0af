/** The options every indicator subcommand accepts (CONTRACT §3), declared once as data. */
import type { OptionSpec } from '../indicators/define.js';
import { OUTPUT_FORMATS } from '../io/writers/index.js';

/** Cells held at once per band: coverage (8 B) + carry (8 B) + values; 4 M cells ≈ 100 MB. */
export const DEFAULT_MAX_CELLS = 4_000_000;

export const DEFAULT_DATAFLOW = 'IAEG-SDGs:DF_SDG_GLH(1.24)';

export const GEOSPATIAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '--zones <FILE>', description: 'city / urban-area boundaries: GeoJSON or Shapefile (.shp with .dbf/.prj), any CRS the file declares' },
  { flags: '--zone-id <FIELD>', description: 'attribute holding the zone id (default: id, then the feature id, then the feature index)' },
  { flags: '--zones-crs <CRS>', description: 'CRS of the zones when the file declares none (EPSG:<code>, ESRI:<code>, WKT or PROJ string)' },
  { flags: '--raster-crs <CRS>', description: 'CRS of the rasters when a file declares none or a wrong one, e.g. ESRI:54009' },
  { flags: '--max-cells <N>', description: 'largest number of raster cells held in memory at once per window (bounds memory)', defaultValue: DEFAULT_MAX_CELLS, type: 'positive-integer' },
];

export const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  { flags: '--format <format>', description: 'output format', choices: OUTPUT_FORMATS, defaultValue: 'json' },
  { flags: '-o, --out <FILE>', description: 'write the result there (atomically: temp file + rename); default stdout' },
  { flags: '--ref-area <CODE>', description: 'SDMX REF_AREA, an M49 code (e.g. 404 for Kenya)', defaultValue: '_Z' },
  { flags: '--time-period <P>', description: 'SDMX TIME_PERIOD for indicators whose inputs carry no year' },
  { flags: '--nature <CODE>', description: 'SDMX NATURE of the values: C computed from national data; E estimated; M modelled (e.g. from global gridded products)', defaultValue: 'C' },
  { flags: '--source-detail <TEXT>', description: 'SDMX SOURCE_DETAIL, e.g. "GHS-BUILT-S R2023A; Census 2019" (default: the input files)' },
  { flags: '--dataflow <ID>', description: 'SDMX-CSV DATAFLOW column', defaultValue: DEFAULT_DATAFLOW },
  { flags: '--explain', description: 'print each step of the computation, with its numbers and formula, to stderr' },
  { flags: '--quiet', description: 'no progress or info on stderr (errors still print)' },
];
