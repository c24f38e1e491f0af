/** `urban-sdg degurba`: classify, then write the class GeoTIFF, the polygons, the preview and the summary. */
import type { Crs } from '../core/crs.js';
import { InputError } from '../errors.js';
import { runDegurba, type DegurbaRun } from '../indicators/degurba/index.js';
import { writeGeoTiff } from '../io/geotiff-writer.js';
import { createFileInputOpener } from '../io/open-inputs.js';
import { encodeIndexedPng } from '../io/png.js';
import { writeAtomically, writeFileAtomically } from '../io/writers/index.js';
import { buildProvenance } from '../metadata/build.js';
import { createStderrLog } from './log.js';
import type { RunEnvironment } from './run-indicator.js';

/** GHS-SMOD legend colours (GHSL Data Package 2023), by class code. */
const CLASS_COLOURS: Record<number, [number, number, number]> = {
  // urban extent: 1 urban, 2 suburban, 3 rural built-up, 4 fringe, 5 captured, 6 rural open space (Trends.Earth-like)
  30: [255, 0, 0], 23: [115, 38, 0], 22: [168, 112, 0], 21: [255, 255, 0], 13: [55, 86, 35], 12: [171, 205, 102], 11: [205, 245, 122], 10: [122, 182, 245],
  3: [255, 0, 0], 2: [255, 255, 0], 1: [171, 205, 102], 0: [122, 182, 245],
};

const EXTENT_COLOURS: Record<number, [number, number, number]> = {
  1: [190, 30, 45], 2: [247, 148, 29], 3: [255, 222, 23], 4: [0, 140, 70], 5: [141, 198, 63], 6: [230, 230, 210],
};

function toGeoTiffCrs(crs: Crs): { epsg?: number; geographic?: boolean; wkt?: string } {
  if (crs.epsg !== undefined) return { epsg: crs.epsg, geographic: crs.geographic };
  if (crs.wkt) return { wkt: crs.wkt };
  throw new InputError(`--classes-out: the grid's CRS (${crs.id}) has no EPSG code or WKT to write into the GeoTIFF; give the input an EPSG/ESRI code with --raster-crs`);
}

async function writeOutputs(run: DegurbaRun, options: Record<string, unknown>): Promise<void> {
  const { grid, classes } = run;
  const classesOut = options.classesOut as string | undefined;
  if (classesOut) {
    const crs = toGeoTiffCrs(run.crs);
    await writeAtomically(classesOut, (temporary) => writeGeoTiff(temporary, { grid, crs, dataType: 'uint8', tileSize: 256 }, (row0, rows, out) => {
      out.set(classes.subarray(row0 * grid.cols, (row0 + rows) * grid.cols));
    }));
  }
  const polygonsOut = options.polygonsOut as string | undefined;
  if (polygonsOut) {
    const crsName = String(run.parameters.polygonsCrs);
    const collection = { type: 'FeatureCollection', ...(crsName === 'EPSG:4326' ? {} : { crs: { type: 'name', properties: { name: crsName } } }), features: run.features };
    await writeFileAtomically(polygonsOut, `${JSON.stringify(collection)}\n`);
  }
  const preview = options.preview as string | undefined;
  if (preview) {
    const codes = [...new Set(classes)].sort((a, b) => a - b);
    const index = new Map(codes.map((code, k) => [code, k]));
    const indexes = Uint8Array.from(classes, (code) => index.get(code) ?? 0);
    const scale = Math.max(1, Math.floor(800 / Math.max(grid.rows, grid.cols)));
    const colours = run.method === 'urban-extent' ? EXTENT_COLOURS : CLASS_COLOURS;
    await writeFileAtomically(preview, encodeIndexedPng(indexes, grid.rows, grid.cols, codes.map((code) => colours[code] ?? [0, 0, 0]), scale));
  }
}

export async function runDegurbaCommand(options: Record<string, unknown>, env: RunEnvironment): Promise<void> {
  const log = createStderrLog({ quiet: Boolean(options.quiet), explain: Boolean(options.explain), interactive: env.interactive, write: env.writeErr });
  const opener = createFileInputOpener({ rasterCrs: options.rasterCrs as string | undefined, zonesCrs: options.zonesCrs as string | undefined, zoneId: options.zoneId as string | undefined });
  try {
    const run = await runDegurba({ options, inputs: opener, log, maxCells: Number(options.maxCells) });
    for (const warning of run.warnings) log.warn(warning);
    await writeOutputs(run, options);
    const summary = {
      tool: 'degurba',
      method: run.method,
      ...(run.level === null ? {} : { level: run.level }),
      grid: { crs: run.crs.id, cellSizeM: run.grid.cellWidth, rows: run.grid.rows, cols: run.grid.cols, originX: run.grid.originX, originY: run.grid.originY },
      classes: run.classSummary,
      ...(run.method === 'degurba'
        ? {
          urbanCentres: run.features.filter((f) => f.properties.class === 'urban-centre').map((f) => f.properties),
          urbanClusters: run.features.filter((f) => f.properties.class === 'urban-cluster').map((f) => f.properties),
        }
        : { urbanExtents: run.features.map((f) => f.properties) }),
      ...(run.units ? { units: run.units } : {}),
      provenance: buildProvenance(env.version, run.parameters, await opener.describeInputs(), env.clock),
    };
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    const out = options.out as string | undefined;
    if (out) await writeFileAtomically(out, text);
    else env.writeOut(text);
  } finally {
    await opener.closeAll();
  }
}
