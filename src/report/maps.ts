/**
 * The maps of a report, from the inputs recorded in each result's provenance (found and checked by
 * load.ts): zones coloured by the value (choropleth), built-up change between the first and last
 * epochs (11.3.1), transit stops with their catchments over population (11.2.1), open spaces and
 * streets (11.7.1), and the Degree of Urbanisation classes in GHS-SMOD colours. A map whose inputs
 * are missing or changed is replaced by a note saying so.
 */
import type { Geometry, MultiLineString, MultiPolygon } from 'geojson';
import { extent, max } from 'd3-array';
import { scaleSequential } from 'd3-scale';
import { interpolateRdBu, interpolateViridis, interpolateYlOrRd } from 'd3-scale-chromatic';
import { computeRowCellAreasM2 } from '../core/cell-area.js';
import { resolveCrs, type Crs } from '../core/crs.js';
import { toCellWindow, type Bounds, type CellWindow } from '../core/grid.js';
import type { InputOpener } from '../core/inputs.js';
import type { IndicatorOutput, Observation } from '../core/observation.js';
import type { RasterSource } from '../core/raster.js';
import { toLonLatExtent, toZonesBounds, type ZoneFeature, type ZoneLayer } from '../core/zones.js';
import { parseFilter } from '../indicators/public-space/layers.js';
import { centreLatitude, createFrame, toFramePlane, type MapFrame } from './frame.js';
import { locateInput, type ReportEntry } from './load.js';
import { readDensityGrid, toPictureUri } from './raster-image.js';
import type { LegendEntry, MapLayer, MapSpec, PolygonLayer } from './svg-map.js';
import { formatNumber } from './text.js';

/** A map, or the reason it is not drawn. */
export type MapResult = { readonly map: MapSpec } | { readonly title: string; readonly missing: string };

type Transform = (x: number, y: number) => [number, number];

const PALETTE_SIZE = 254;
/** Zones labelled with their value on a choropleth up to this many. */
const MAX_LABELS = 30;

function samplePalette(interpolate: (t: number) => string): string[] {
  return Array.from({ length: PALETTE_SIZE }, (_, k) => interpolate(k / (PALETTE_SIZE - 1)));
}

function toMultiPolygon(zone: ZoneFeature, toPlane: Transform): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: zone.polygons.map((rings) => rings.map((ring) => {
      const out: [number, number][] = [];
      for (let i = 0; i < ring.xy.length; i += 2) out.push(toPlane(ring.xy[i], ring.xy[i + 1]));
      return out;
    })),
  };
}

function toMultiLine(lines: readonly Float64Array[], toPlane: Transform): MultiLineString {
  return { type: 'MultiLineString', coordinates: lines.map((xy) => { const out: [number, number][] = []; for (let i = 0; i < xy.length; i += 2) out.push(toPlane(xy[i], xy[i + 1])); return out; }) };
}

function boxOf(geometries: readonly Geometry[]): Bounds {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    } else for (const d of c as unknown[]) visit(d);
  };
  for (const g of geometries) if ('coordinates' in g) visit(g.coordinates);
  return { minX, minY, maxX, maxY };
}

function widen(box: Bounds, share: number): Bounds {
  const dx = (box.maxX - box.minX) * share || 1;
  const dy = (box.maxY - box.minY) * share || 1;
  return { minX: box.minX - dx, maxX: box.maxX + dx, minY: box.minY - dy, maxY: box.maxY + dy };
}

/** The frame of a map: the raster's CRS when it is projected, else the zones'. */
function chooseFrame(zones: ZoneLayer, raster: RasterSource | null): MapFrame {
  const crs: Crs = raster && !raster.info.crs.geographic ? raster.info.crs : zones.crs;
  const toCrs = toFramePlane(createFrame(crs, 0), zones.crs);
  const b = toZonesBounds(zones);
  const [x0, y0] = toCrs(b.minX, b.minY);
  const [x1, y1] = toCrs(b.maxX, b.maxY);
  return createFrame(crs, crs.geographic ? (y0 + y1) / 2 : centreLatitude(crs, { minX: Math.min(x0, x1), maxX: Math.max(x0, x1), minY: Math.min(y0, y1), maxY: Math.max(y0, y1) }));
}

/** The zone ids of the observations, matched to the layer: the run's --zone-id, else the attribute whose values cover them. */
function matchZones(zones: ZoneLayer, observed: ReadonlySet<string>): Map<string, ZoneFeature> | null {
  const byId = new Map(zones.features.map((f) => [f.id, f]));
  if ([...observed].every((z) => byId.has(z))) return byId;
  const fields = new Set(zones.features.flatMap((f) => Object.keys(f.properties)));
  for (const field of [...fields].sort()) {
    const byField = new Map(zones.features.map((f) => [String(f.properties[field]), f]));
    if ([...observed].every((z) => byField.has(z))) return byField;
  }
  return null;
}

interface MapInputs {
  readonly opener: InputOpener;
  readonly entry: ReportEntry;
  readonly output: IndicatorOutput;
}

async function findInput(ctx: MapInputs, role: string): Promise<{ path: string } | { missing: string } | null> {
  const input = ctx.output.provenance.inputs.find((i) => i.role === role);
  return input ? locateInput(ctx.entry, input) : null;
}

async function readZonesOf(ctx: MapInputs): Promise<{ zones: ZoneLayer; byId: Map<string, ZoneFeature> } | { missing: string }> {
  const found = await findInput(ctx, 'zones');
  if (!found) return { missing: 'the result has no zones input (a population table run or a survey)' };
  if ('missing' in found) return found;
  const zones = await ctx.opener.readZones('zones', found.path);
  // Zones the run set aside (invalid polygons) are not in the layer as read.
  const byId = matchZones(zones, new Set(ctx.output.observations.filter((o) => !o.flags.includes('invalid-zone-geometry')).map((o) => o.zone)));
  if (!byId) return { missing: `the zones of ${found.path} do not carry the result's zone ids` };
  return { zones, byId };
}

async function openRasterOf(ctx: MapInputs, role: string): Promise<RasterSource | { missing: string } | null> {
  const found = await findInput(ctx, role);
  if (!found) return null;
  if ('missing' in found) return found;
  return ctx.opener.openRaster(role, found.path);
}

/** The area of one cell in the middle row of the window, km² (on the ellipsoid for a lon/lat raster, as the sums count it). */
function cellAreaKm2(raster: RasterSource, window: CellWindow): number {
  const { grid, crs } = raster.info;
  const middle = { ...grid, originY: grid.originY - (window.row0 + Math.floor(window.rows / 2)) * grid.cellHeight, rows: 1 };
  return computeRowCellAreasM2(middle, crs.geographic, crs.metresPerUnit)[0] / 1e6;
}

/** The raster's cells under `box` (frame plane; the raster is in the frame's CRS or lon/lat). */
function windowOf(raster: RasterSource, frame: MapFrame, box: Bounds): CellWindow | null {
  if (raster.info.crs.id !== frame.crs.id) return null;
  const k = frame.crs.geographic ? frame.toPlane(1, 0)[0] : 1;
  return toCellWindow(raster.info.grid, { minX: box.minX / k, maxX: box.maxX / k, minY: box.minY, maxY: box.maxY });
}

function rasterBoxInPlane(frame: MapFrame, box: Bounds): Bounds {
  const [minX, minY] = frame.toPlane(box.minX, box.minY);
  const [maxX, maxY] = frame.toPlane(box.maxX, box.maxY);
  return { minX, minY, maxX, maxY };
}

function zoneOutlines(zones: ZoneLayer, toPlane: Transform, stroke = '#222'): PolygonLayer {
  return { kind: 'polygons', features: zones.features.map((f) => ({ geometry: toMultiPolygon(f, toPlane), fill: 'none', title: f.id })), stroke, strokeWidthPx: 1.2 };
}

function headline(observations: readonly Observation[], series: string): Observation[] {
  const totals = observations.filter((o) => o.series === series && Object.values(o.dimensions).every((v) => v === '_T'));
  // The longest period (11.3.1's first→last year), else the latest.
  const span = (p: string) => { const [a, b] = p.split('-').map(Number); return Number.isFinite(b) ? b - a : 0; };
  const best = totals.reduce((m, o) => Math.max(m, span(o.timePeriod)), 0);
  const periods = [...new Set(totals.filter((o) => span(o.timePeriod) === best).map((o) => o.timePeriod))].sort();
  const chosen = periods[periods.length - 1];
  return totals.filter((o) => o.timePeriod === chosen);
}

interface Shaded {
  readonly observation: Observation;
  readonly label: string;
  readonly geometry: MultiPolygon;
}

/** A choropleth of one series: the zones coloured by the value (viridis, d3-scale-chromatic), labelled when few. */
function drawChoropleth(id: string, series: string, shaded: readonly Shaded[], frame: MapFrame, note?: string): MapResult {
  const first = shaded[0].observation;
  const values = shaded.map((s) => s.observation.value).filter((v): v is number => v !== null);
  const [lo, hi] = extent(values) as [number, number] | [undefined, undefined];
  const domain: [number, number] = lo === undefined || hi === undefined ? [0, 1] : [lo, hi];
  const scale = scaleSequential(interpolateViridis).domain(domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain);
  const unit = first.unit === 'PT' ? '%' : '';
  const digits = first.unit === 'RO' ? 2 : 1;
  const features = shaded.map((s) => ({ geometry: s.geometry, fill: s.observation.value === null ? `url(#${id}-nodata)` : scale(s.observation.value), title: `${s.label}: ${formatNumber(s.observation.value, digits + 1)}${unit}` }));
  const labels = shaded.length <= MAX_LABELS ? shaded.map((s) => `${s.label} ${formatNumber(s.observation.value, digits)}${unit}`) : undefined;
  const legend: LegendEntry[] = [
    { kind: 'ramp', colours: samplePalette(interpolateViridis).filter((_, k) => k % 32 === 0 || k === PALETTE_SIZE - 1), domain, label: `${series}, ${first.timePeriod}${unit ? ` (${unit})` : ''}` },
    ...(values.length < shaded.length ? [{ kind: 'swatch' as const, colour: '', hatched: true, label: 'no value (see flags)' }] : []),
  ];
  return { map: { id, title: `${series} by zone, ${first.timePeriod}`, frame, box: widen(boxOf(features.map((f) => f.geometry)), 0.05), layers: [{ kind: 'polygons', features, stroke: '#333', strokeWidthPx: 1, labels }], legend, note } };
}

function seriesOf(output: IndicatorOutput): string[] {
  return [...new Set(output.observations.map((o) => o.series))];
}

async function choropleths(ctx: MapInputs, idPrefix: string, zonesRead: { zones: ZoneLayer; byId: Map<string, ZoneFeature> }, raster: RasterSource | null): Promise<MapResult[]> {
  const { zones, byId } = zonesRead;
  const frame = chooseFrame(zones, raster);
  const toPlane = toFramePlane(frame, zones.crs);
  return seriesOf(ctx.output).flatMap((series) => {
    const shaded = headline(ctx.output.observations, series).filter((o) => byId.has(o.zone))
      .map((o) => ({ observation: o, label: o.zone, geometry: toMultiPolygon(byId.get(o.zone) as ZoneFeature, toPlane) }));
    return shaded.length ? [drawChoropleth(`${idPrefix}-${series}`, series, shaded, frame)] : [];
  });
}

/** The zones of one result in lon/lat, for an overview of many results (a batch). */
export interface ZonesInLonLat {
  readonly unit: string;
  readonly output: IndicatorOutput;
  readonly byId: ReadonlyMap<string, MultiPolygon>;
}

/** Every result's zones on one map, in a Lambert azimuthal equal-area CRS centred on them all. */
export function buildOverviewMaps(parts: readonly ZonesInLonLat[], idPrefix: string): MapResult[] {
  if (parts.length === 0) return [];
  const box = boxOf(parts.flatMap((p) => [...p.byId.values()]));
  const lat = ((box.minY + box.maxY) / 2).toFixed(6);
  const lon = ((box.minX + box.maxX) / 2).toFixed(6);
  const local = resolveCrs(`+proj=laea +lat_0=${lat} +lon_0=${lon} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`, 'local equal-area CRS');
  const frame: MapFrame = { ...createFrame(local, 0), description: `Lambert azimuthal equal-area centred on ${Number(lat).toFixed(3)}°, ${Number(lon).toFixed(3)}° (WGS 84)` };
  const toPlane = toFramePlane(frame, resolveCrs('EPSG:4326', 'map'));
  const project = (g: MultiPolygon): MultiPolygon => ({ type: 'MultiPolygon', coordinates: g.coordinates.map((rings) => rings.map((ring) => ring.map(([x, y]) => toPlane(x, y)))) });
  return [...new Set(parts.flatMap((p) => seriesOf(p.output)))].flatMap((code) => {
    const shaded = parts.flatMap((p) => headline(p.output.observations, code).filter((o) => p.byId.has(o.zone))
      .map((o) => ({ observation: o, label: o.zone, geometry: project(p.byId.get(o.zone) as MultiPolygon) })));
    if (shaded.length === 0) return [];
    const periods = [...new Set(shaded.map((s) => s.observation.timePeriod))].sort();
    return [drawChoropleth(`${idPrefix}-${code}`, code, shaded, frame, `All ${parts.length} results${periods.length > 1 ? `; periods ${periods.join(', ')}` : ''}.`)];
  });
}

/** 11.3.1: built-up share change (percentage points) between the first and last epochs, zones on top. */
async function builtChange(ctx: MapInputs, idPrefix: string, zonesRead: { zones: ZoneLayer }): Promise<MapResult> {
  const title = 'Built-up change between the first and last epochs';
  const years = ctx.output.provenance.inputs.filter((i) => i.role.startsWith('built:')).map((i) => Number(i.role.slice(6))).sort((a, b) => a - b);
  if (years.length < 2) return { title, missing: 'fewer than two built-up epochs recorded' };
  const start = await openRasterOf(ctx, `built:${years[0]}`);
  const end = await openRasterOf(ctx, `built:${years[years.length - 1]}`);
  if (!start || !end) return { title, missing: 'built-up rasters not recorded' };
  if ('missing' in start) return { title, missing: start.missing };
  if ('missing' in end) return { title, missing: end.missing };
  const frame = chooseFrame(zonesRead.zones, start);
  const toPlane = toFramePlane(frame, zonesRead.zones.crs);
  const outlines = zoneOutlines(zonesRead.zones, toPlane);
  const box = widen(boxOf(outlines.features.map((f) => f.geometry)), 0.1);
  const window = windowOf(start, frame, box);
  if (!window) return { title, missing: 'the built-up raster does not cover the zones in the map plane' };
  const area = cellAreaKm2(start, window);
  const [a, b] = [await readDensityGrid(start, window, area), await readDensityGrid(end, window, area)];
  const unit = String(ctx.output.provenance.parameters.builtUnit ?? 'm2');
  // A cell's built-up share in %: m² per km² ÷ 10⁴; share, percent and mask cells as their mean.
  const toPct = (density: number) => (unit === 'm2' ? density / 1e4 : unit === 'percent' ? density * area : density * area * 100);
  const change = new Float64Array(a.values.length);
  for (let k = 0; k < change.length; k++) change[k] = toPct(b.values[k]) - toPct(a.values[k]);
  // d3's max loops: spreading a picture's 200,000 values into Math.max overflows the stack.
  const m = Math.max(1e-9, max(change, (v) => (Number.isFinite(v) ? Math.abs(v) : undefined)) ?? 0);
  // Gains red, losses blue (RdBu reversed), zero white.
  const colours = samplePalette((t: number) => interpolateRdBu(1 - t));
  const href = toPictureUri(change, a.rows, a.cols, colours, (v) => Math.round(((v + m) / (2 * m)) * (PALETTE_SIZE - 1)));
  return {
    map: {
      id: `${idPrefix}-built-change`, title: `${title}, ${years[0]} → ${years[years.length - 1]}`, frame, box,
      layers: [{ kind: 'image', href, box: rasterBoxInPlane(frame, a.box) }, outlines],
      legend: [
        { kind: 'ramp', colours: colours.filter((_, k) => k % 32 === 0 || k === PALETTE_SIZE - 1), domain: [-m, m], label: 'built-up share change (points)', format: (v) => formatNumber(v, 1) },
        { kind: 'swatch', colour: '#222', outline: true, label: 'zones' },
        { kind: 'swatch', colour: '', hatched: true, label: 'no data' },
      ],
      note: a.factor > 1 ? `Each pixel aggregates ${a.factor} × ${a.factor} cells.` : undefined,
    },
  };
}

/** Population density under the zones (11.2.1 and 11.7.1 backgrounds). */
async function populationLayer(raster: RasterSource, frame: MapFrame, box: Bounds): Promise<{ layer: MapLayer; legend: LegendEntry } | null> {
  const window = windowOf(raster, frame, box);
  if (!window) return null;
  const grid = await readDensityGrid(raster, window, cellAreaKm2(raster, window));
  const hi = Math.max(1, max(grid.values, (v) => (Number.isFinite(v) ? v : undefined)) ?? 0);
  const colours = samplePalette((t) => interpolateYlOrRd(0.05 + 0.9 * t));
  const href = toPictureUri(grid.values, grid.rows, grid.cols, colours, (v) => Math.min(PALETTE_SIZE - 1, Math.round((Math.sqrt(v / hi)) * (PALETTE_SIZE - 1))));
  return {
    layer: { kind: 'image', href, box: rasterBoxInPlane(frame, grid.box) },
    legend: { kind: 'ramp', colours: [0, 0.25, 0.5, 0.75, 1].map((t) => interpolateYlOrRd(0.05 + 0.9 * t)), domain: [0, hi], label: 'inhabitants per km² (√ scale)', format: (v) => formatNumber(v, 0) },
  };
}

/** 11.2.1: stops and their catchment circles (straight-line radius) and streets over population. */
async function transitMap(ctx: MapInputs, idPrefix: string, zonesRead: { zones: ZoneLayer }): Promise<MapResult> {
  const title = 'Stops, catchments and streets over population';
  const population = await openRasterOf(ctx, 'population');
  if (population && 'missing' in population) return { title, missing: population.missing };
  const frame = chooseFrame(zonesRead.zones, population);
  const toPlane = toFramePlane(frame, zonesRead.zones.crs);
  const outlines = zoneOutlines(zonesRead.zones, toPlane);
  const box = widen(boxOf(outlines.features.map((f) => f.geometry)), 0.1);
  const layers: MapLayer[] = [];
  const legend: LegendEntry[] = [];
  const background = population ? await populationLayer(population, frame, box) : null;
  if (background) { layers.push(background.layer); legend.push(background.legend); }
  const thresholds = (ctx.output.provenance.parameters.thresholds ?? { lowM: 500, highM: 1000 }) as { lowM: number; highM: number };
  const clip = toLonLatExtent(zonesRead.zones, thresholds.highM * 2);
  const streets = await findInput(ctx, 'streets');
  if (streets && 'path' in streets) {
    const layer = await ctx.opener.readStreets('streets', streets.path, clip);
    layers.push({ kind: 'lines', geometry: toMultiLine(layer.lines, toFramePlane(frame, layer.crs)), stroke: '#555', strokeWidthPx: 0.6 });
    legend.push({ kind: 'swatch', colour: '#555', outline: true, label: 'streets' });
  }
  const stops = await findInput(ctx, 'stops');
  const gtfs = ctx.output.provenance.inputs.filter((i) => i.role.startsWith('gtfs'));
  const circles: { x: number; y: number; radiusM: number; fill: string; stroke: string; dashed?: boolean }[] = [];
  const addStops = (layer: { crs: Crs; stops: readonly { x: number; y: number; capacity: 'low' | 'high' }[] }) => {
    const t = toFramePlane(frame, layer.crs);
    for (const s of layer.stops) {
      const [x, y] = t(s.x, s.y);
      const high = s.capacity === 'high';
      circles.push({ x, y, radiusM: high ? thresholds.highM : thresholds.lowM, fill: high ? 'rgba(123,50,148,0.10)' : 'rgba(0,109,44,0.10)', stroke: high ? '#7b3294' : '#006d2c', dashed: true });
      circles.push({ x, y, radiusM: 0, fill: high ? '#7b3294' : '#006d2c', stroke: '#fff' });
    }
  };
  if (stops && 'path' in stops) addStops(await ctx.opener.readStopPoints('stops', stops.path, String(ctx.entry.options['capacity-field'] ?? ctx.output.provenance.parameters.capacityField ?? 'capacity')));
  for (const input of gtfs) {
    const found = await locateInput(ctx.entry, input);
    if ('path' in found) addStops(await ctx.opener.readGtfsStops(input.role, found.path, (ctx.output.provenance.parameters.capacityMap ?? {}) as Record<string, 'low' | 'high' | 'exclude'>));
  }
  if (circles.length === 0) return { title, missing: stops && 'missing' in stops ? stops.missing : 'no stops found among the recorded inputs' };
  // Dots after every circle, so that no catchment hides a stop.
  layers.push({ kind: 'circles', circles: circles.filter((c) => c.radiusM > 0) }, { kind: 'circles', circles: circles.filter((c) => c.radiusM === 0) }, outlines);
  legend.push(
    { kind: 'swatch', colour: '#006d2c', label: `low-capacity stop, ${thresholds.lowM} m circle` },
    { kind: 'swatch', colour: '#7b3294', label: `high-capacity stop, ${thresholds.highM} m circle` },
    { kind: 'swatch', colour: '#222', outline: true, label: 'zones' },
  );
  const network = ctx.output.provenance.parameters.distance === 'network';
  return { map: { id: `${idPrefix}-transit`, title, frame, box, layers, legend, note: network ? 'Circles show the straight-line thresholds; the result counts only what is reached along the streets, which is less.' : undefined } };
}

/** 11.7.1: open spaces (as filtered for the run) and streets within the city. */
async function publicSpaceMap(ctx: MapInputs, idPrefix: string, zonesRead: { zones: ZoneLayer }): Promise<MapResult> {
  const title = 'Open public spaces and streets';
  const open = await findInput(ctx, 'open-spaces');
  if (!open) return { title, missing: 'no open-space layer recorded' };
  if ('missing' in open) return { title, missing: open.missing };
  const frame = chooseFrame(zonesRead.zones, null);
  const toPlane = toFramePlane(frame, zonesRead.zones.crs);
  const outlines = zoneOutlines(zonesRead.zones, toPlane);
  const box = widen(boxOf(outlines.features.map((f) => f.geometry)), 0.05);
  const layer = await ctx.opener.readPolygons('open-spaces', open.path);
  const filter = String(ctx.output.provenance.parameters.openSpaceFilter ?? '') || undefined;
  const keep = parseFilter(filter, layer.features, open.path);
  const t = toFramePlane(frame, layer.crs);
  const kept = layer.features.filter((f) => keep(f.properties));
  const layers: MapLayer[] = [];
  const streets = await findInput(ctx, 'streets');
  const legend: LegendEntry[] = [{ kind: 'swatch', colour: '#41ab5d', label: `open public space (${kept.length} of ${layer.features.length}${filter ? `, filter ${filter}` : ''})` }];
  if (streets && 'path' in streets) {
    const lines = await ctx.opener.readLines('streets', streets.path, toLonLatExtent(zonesRead.zones, 500));
    layers.push({ kind: 'lines', geometry: toMultiLine(lines.features.flatMap((f) => f.lines), toFramePlane(frame, lines.crs)), stroke: '#737373', strokeWidthPx: 1 });
    legend.push({ kind: 'swatch', colour: '#737373', outline: true, label: 'streets (centre lines)' });
  }
  layers.push({
    kind: 'polygons', stroke: '#238b45', strokeWidthPx: 0.8,
    features: kept.map((f) => ({
      geometry: { type: 'MultiPolygon', coordinates: f.polygons.map((rings) => rings.map((xy) => { const out: [number, number][] = []; for (let i = 0; i < xy.length; i += 2) out.push(t(xy[i], xy[i + 1])); return out; })) },
      fill: '#41ab5d', title: String(f.properties.name ?? f.properties.id ?? `feature ${f.index}`),
    })),
  }, outlines);
  legend.push({ kind: 'swatch', colour: '#222', outline: true, label: 'city boundary' });
  return { map: { id: `${idPrefix}-open-space`, title, frame, box, layers, legend } };
}

/** The maps of one indicator result. */
export interface IndicatorMaps {
  readonly maps: MapResult[];
  /** The result's zones in lon/lat, for an overview of several results. */
  readonly zones: ZonesInLonLat | null;
}

/** The maps of one indicator result; `detailed` false draws none but still returns its zones for the overview. */
export async function buildIndicatorMaps(entry: ReportEntry, output: IndicatorOutput, opener: InputOpener, idPrefix: string, detailed: boolean): Promise<IndicatorMaps> {
  const ctx: MapInputs = { opener, entry, output };
  const zonesRead = await readZonesOf(ctx);
  if ('missing' in zonesRead) return { maps: output.indicator === '11.1.1' || output.indicator === '1.4.2' ? [] : [{ title: 'Maps', missing: zonesRead.missing }], zones: null };
  const toLonLat = toFramePlane(createFrame(resolveCrs('EPSG:4326', 'map'), 0), zonesRead.zones.crs);
  const zones: ZonesInLonLat = { unit: entry.source, output, byId: new Map([...zonesRead.byId].map(([id, f]) => [id, toMultiPolygon(f, toLonLat)])) };
  if (!detailed) return { maps: [], zones };
  const rasterRole = output.provenance.inputs.find((i) => i.role.startsWith('built:') || i.role === 'population')?.role;
  const raster = rasterRole ? await openRasterOf(ctx, rasterRole) : null;
  const maps = await choropleths(ctx, idPrefix, zonesRead, raster && !('missing' in raster) ? raster : null);
  if (output.indicator === '11.3.1') maps.push(await builtChange(ctx, idPrefix, zonesRead));
  if (output.indicator === '11.2.1') maps.push(await transitMap(ctx, idPrefix, zonesRead));
  if (output.indicator === '11.7.1') maps.push(await publicSpaceMap(ctx, idPrefix, zonesRead));
  return { maps, zones };
}
