/** The options every indicator subcommand accepts, declared once as typed tables. */
import { choice, crs, layerName, file, flag, number, output, text } from './options.js';
import { OUTPUT_FORMATS } from '../core/output-formats.js';

/** Cells held at once per band: coverage (8 B) + carry (8 B) + values; 4 M cells ≈ 100 MB. */
export const DEFAULT_MAX_CELLS = 4_000_000;

/** The SDMX-CSV DATAFLOW column's default: the version the UN SDMX endpoint answered in October 2026 (docs/methods.md G19). */
export const DEFAULT_DATAFLOW = 'IAEG-SDGs:DF_SDG_GLH(1.26)';

/** Where the zones come from, and how large a raster window may be. */
export const GEOSPATIAL_OPTIONS = {
  zones: file({ help: 'city / urban-area boundaries: GeoJSON, Shapefile (.shp with .dbf/.prj, or a .zip holding one), FlatGeobuf (.fgb) or GeoPackage (.gpkg; --zones-layer picks one of several), any CRS the file declares' }),
  zoneId: text({ help: 'attribute holding the zone id (default: id, then the feature id, then the feature index)', placeholder: 'FIELD' }),
  geocodeField: text({ help: 'attribute holding each zone\'s map code (e.g. an admin code), written as the open-sdg GeoCode column and labels.GeoCode in JSON', placeholder: 'FIELD' }),
  refAreaField: text({ help: 'attribute holding each zone\'s SDMX REF_AREA (an M49 code, checked); overrides --ref-area zone by zone', placeholder: 'FIELD' }),
  zonesCrs: crs('zones', 'CRS of --zones when the file declares none (EPSG:<code>, ESRI:<code>, WKT or PROJ string)'),
  zonesLayer: layerName('zones', 'the layer of --zones to read when the file is a GeoPackage of several'),
  rasterCrs: crs('raster', 'CRS of the rasters when a file declares none or a wrong one, e.g. ESRI:54009'),
  band: number({ help: 'the band to read from multi-band rasters (a raster of several bands is refused without it)', integer: true, min: 1, placeholder: 'N' }),
  maxCells: number({ help: 'largest number of raster cells held in memory at once per window, and in the cache of decoded blocks (bounds memory)', default: DEFAULT_MAX_CELLS, integer: true, min: 1, max: 2 ** 31 - 1, placeholder: 'N', unit: 'cells' }),
  threads: number({ help: 'threads (default: the cores, at most 4): from 2, N − 1 threads read and decode the blocks of raster files of 16 MB or more, tile folders and VRTs while the main one computes the zones, and inputs of 16 MB or more are hashed on a thread of their own; 1: everything on the main thread; results are identical', integer: true, min: 1, max: 256, placeholder: 'N' }),
} as const;

/** Where the result goes, and the SDMX attributes around it. */
export const OUTPUT_OPTIONS = {
  format: choice(OUTPUT_FORMATS, { help: 'output format', default: 'json', placeholder: 'format' }),
  out: output({ help: 'write the result there (atomically: temp file + rename); default stdout', short: 'o' }),
  refArea: text({ help: 'SDMX REF_AREA, an M49 code (e.g. 404 for Kenya)', default: '_Z', placeholder: 'CODE' }),
  timePeriod: text({ help: 'SDMX TIME_PERIOD for indicators whose inputs carry no year', placeholder: 'P' }),
  nature: text({ help: 'SDMX NATURE of the values: C computed from national data; E estimated; M modelled (e.g. from global gridded products)', default: 'C', placeholder: 'CODE' }),
  sourceDetail: text({ help: 'SDMX SOURCE_DETAIL, e.g. "GHS-BUILT-S R2023A; Census 2019" (default: the input file names)', placeholder: 'TEXT' }),
  custBreakdownMap: file({ help: 'CSV label,code: each zone id or subgroup (headSex=F) → its SDMX CUST_BREAKDOWN code (C01–C5000, checked); default: generated C01… in order, the name in CUST_BREAKDOWN_LB' }),
  compositeBreakdownMap: file({ help: 'CSV label,code: zones or subgroups → SDMX COMPOSITE_BREAKDOWN codes of the SDG code list (checked), CUST_BREAKDOWN then _T' }),
  dataflow: text({ help: 'SDMX-CSV DATAFLOW column', default: DEFAULT_DATAFLOW, placeholder: 'ID' }),
  csvSafe: flag({ help: 'tidy and open-sdg CSV safe to open in a spreadsheet: a text cell starting with =, +, -, @ gets a leading apostrophe (off by default: SDMX-CSV and exact values are never altered)' }),
  explain: flag({ help: 'print each step of the computation, with its numbers and formula, to stderr' }),
  quiet: flag({ help: 'no progress or info on stderr (errors still print)' }),
  hash: flag({ help: 'record each input\'s SHA-256 in provenance (read while the run computes); --no-hash records sha256 null and the size only', negate: true }),
} as const;

/** Options of a subcommand that writes a document of its own (degurba): no SDMX, no format. */
export const DOCUMENT_OUTPUT_OPTIONS = {
  out: OUTPUT_OPTIONS.out,
  explain: OUTPUT_OPTIONS.explain,
  quiet: OUTPUT_OPTIONS.quiet,
  hash: OUTPUT_OPTIONS.hash,
} as const;
