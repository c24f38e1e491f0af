/**
 * SDG 11.7.1 — share of the city that is open space for public use (open public spaces + streets), and
 * the share of the population within 400 m of an open public space (METHODS §11; UN metadata 11.7.1,
 * 2021-03-01). Areas are exact unions inside each zone in a local equal-area CRS, so a park crossed by a
 * street is counted once.
 */
import Flatbush from 'flatbush';
import { resolveCrs, toPointTransform, type Crs } from '../../core/crs.js';
import { TOTAL_DIMENSIONS, type Observation } from '../../core/observation.js';
import { computeRingCentroid, computeRingSignedArea, computeRingsBox } from '../../core/ring.js';
import { toLocalMetricCrs, type Ring, type ZoneLayer } from '../../core/zones.js';
import { UsageError } from '../../errors.js';
import { computeRadicalInverse, toCircleRadiusM } from '../../kernels/halton.js';
import { isPointInRings } from '../../kernels/point-in-polygon.js';
import { Z_95 } from '../../kernels/survey.js';
import { computeUnionAreas, type CategorisedPolygon } from '../../kernels/union-area.js';
import { buildObservationAttributes, toCommentObs } from '../../metadata/build.js';
import type { IndicatorDefinition, IndicatorRun, OutputFile, RunContext } from '../define.js';
import { computeAccess } from './access.js';
import { toOpenSpaces, toStreetAreas, toStreetSamples, toZoneRings, type OpenSpace, type StreetSample } from './layers.js';

const SERIES = 'EN_URB_OPENSP';
const ACCESS_SERIES = 'EN_ACS_URB_OPENSP';
const TILE_M = 150;

/** Size classes of the UN-Habitat training module (hectares, lower bound inclusive). */
const SIZE_CLASSES: [string, number][] = [['metropolitan', 50], ['regional', 10], ['district', 0.4], ['neighbourhood', 0.04], ['pocket', 0]];


function indexPolygons(polygons: readonly CategorisedPolygon[]): (x0: number, y0: number, x1: number, y1: number) => CategorisedPolygon[] {
  if (polygons.length === 0) return () => [];
  const index = new Flatbush(polygons.length);
  for (const p of polygons) index.add(p.minX, p.minY, p.maxX, p.maxY);
  index.finish();
  return (x0, y0, x1, y1) => index.search(x0, y0, x1, y1).map((k) => polygons[k]);
}

function sizeClass(areaM2: number): string {
  const ha = areaM2 / 10_000;
  return (SIZE_CLASSES.find(([, min]) => ha >= min) as [string, number])[0];
}

/** `11.7.1 sample`: Halton circles of 10 ha over each zone, at the density of METHODS §11.3 (GeoJSON, EPSG:4326). */
function sampleCircles(zones: ZoneLayer, working: Crs, perHaLarge: number, perHaSmall: number, circleHa: number): string {
  const toLonLat = toPointTransform(working, resolveCrs('EPSG:4326', 'circles'));
  const radius = toCircleRadiusM(circleHa);
  const features: unknown[] = [];
  for (const zone of zones.features) {
    const rings = toZoneRings(zone, zones.crs, working);
    // Outer rings add, holes subtract, whatever their winding.
    const holes = zone.polygons.flatMap((part) => part.map((ring) => ring.isHole));
    const absArea = rings.reduce((sum, r, k) => sum + (holes[k] ? -1 : 1) * Math.abs(computeRingSignedArea(r)), 0);
    // "More than 20 km²": exactly 20 km² counts as large (METHODS G8).
    const density = absArea >= 20e6 ? perHaLarge : perHaSmall;
    const wanted = Math.max(1, Math.round((absArea / 10_000) * density));
    const { minX, minY, maxX, maxY } = computeRingsBox(rings);
    const zoneRings = rings.map((xy) => ({ xy, isHole: false }));
    let accepted = 0;
    for (let index = 1; accepted < wanted && index < wanted * 1000; index++) {
      const x = minX + computeRadicalInverse(index, 2) * (maxX - minX);
      const y = minY + computeRadicalInverse(index, 3) * (maxY - minY);
      if (!isPointInRings(zoneRings, x, y)) continue;
      accepted++;
      const ring: number[][] = [];
      for (let k = 0; k <= 64; k++) {
        const angle = (2 * Math.PI * (k % 64)) / 64;
        const [lon, lat] = toLonLat ? toLonLat(x + radius * Math.cos(angle), y + radius * Math.sin(angle)) : [x, y];
        ring.push([Math.round(lon * 1e8) / 1e8, Math.round(lat * 1e8) / 1e8]);
      }
      features.push({ type: 'Feature', properties: { id: `${zone.id}-${accepted}`, zone: zone.id, haltonIndex: index, radiusM: radius, streetSharePct: null }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return `${JSON.stringify({ type: 'FeatureCollection', features })}\n`;
}

interface SampleEstimate { n: number; meanPct: number; sePct: number | null }

/** Mean street share over digitised circles of a zone, with sd/√n (METHODS §11.3). */
function estimateFromSamples(samples: readonly StreetSample[], zoneId: string, zoneRings: readonly Ring[]): SampleEstimate | null {
  const mine = samples.filter((s) => (s.zone !== null ? s.zone === zoneId : isPointInRings(zoneRings, s.x, s.y)));
  if (mine.length === 0) return null;
  const mean = mine.reduce((a, s) => a + s.sharePct, 0) / mine.length;
  const sd = mine.length > 1 ? Math.sqrt(mine.reduce((a, s) => a + (s.sharePct - mean) ** 2, 0) / (mine.length - 1)) : null;
  return { n: mine.length, meanPct: mean, sePct: sd === null ? null : sd / Math.sqrt(mine.length) };
}

async function run(context: RunContext): Promise<IndicatorRun> {
  const { options, common, inputs, log } = context;
  if (!common.zones) throw new UsageError('--zones: expected the city (built-up area) boundaries, e.g. urban centres from urban-sdg degurba');
  const zones = await inputs.readZones('zones', common.zones);
  const working = toLocalMetricCrs(zones, 'laea'); // areas exact, distances within 1e-5 over a city
  if (options.mode === 'sample') {
    const perHa = options.haltonPerHa === undefined ? null : Number(options.haltonPerHa);
    return { observations: [], parameters: { mode: 'sample', haltonPerHa: perHa ?? '1 (> 20 km²) / 0.5', circleHa: 10 }, warnings: [], output: sampleCircles(zones, working, perHa ?? 1, perHa ?? 0.5, 10) };
  }
  if (!options.openSpaces) throw new UsageError('--open-spaces: expected open public space polygons (GeoJSON or Shapefile)');
  if (!common.timePeriod) throw new UsageError('--time-period: expected the reference year (e.g. --time-period 2023)');
  if (options.serviceAreas && !options.population) throw new UsageError('--service-areas: needs --population (a count raster) to draw the served cells');
  const openLayer = await inputs.readVectorFeatures('open-spaces', String(options.openSpaces));
  const { spaces, filteredOut } = toOpenSpaces(openLayer.features, openLayer.crs, working, String(options.openSpaces), options.openSpaceFilter as string | undefined, options.validatedField as string | undefined);
  const validated = spaces.filter((s) => s.validated);
  let streets: CategorisedPolygon[] = [];
  let lasMethod = 'area';
  if (options.streetAreas) {
    const layer = await inputs.readVectorFeatures('street-areas', String(options.streetAreas));
    streets = toStreetAreas(layer.features, layer.crs, working, String(options.streetAreas), undefined, undefined, false);
  } else if (options.streets) {
    if (!options.streetWidthField && options.streetWidthM === undefined) throw new UsageError('--streets are lines: give their width with --street-width-field FIELD or --street-width-m METRES');
    const layer = await inputs.readVectorFeatures('streets', String(options.streets));
    streets = toStreetAreas(layer.features, layer.crs, working, String(options.streets), options.streetWidthField as string | undefined, options.streetWidthM === undefined ? undefined : Number(options.streetWidthM), true);
  } else if (options.streetSamples) {
    lasMethod = 'halton';
  } else {
    throw new UsageError('expected streets: --street-areas (polygons), --streets (lines) with a width, or --street-samples (digitised Halton circles)');
  }
  let samples: StreetSample[] = [];
  if (options.streetSamples) {
    const layer = await inputs.readVectorFeatures('street-samples', String(options.streetSamples));
    samples = toStreetSamples(layer.features, layer.crs, working, String(options.streetSamples));
  }
  const candidates = indexPolygons([...validated, ...streets]);
  const allSpaces = indexPolygons(spaces);
  const warnings: string[] = [];
  if (filteredOut > 0) warnings.push(`${filteredOut} open spaces left out by --open-space-filter ${options.openSpaceFilter}`);
  const commentObs = toCommentObs({
    las: lasMethod, denominator: 'zone-area', filter: options.openSpaceFilter as string | undefined, validated: options.validatedField ? `field ${options.validatedField}` : 'all',
    'street-width': options.streetWidthField ? `field ${options.streetWidthField}` : options.streetWidthM, buffer: options.streets ? 'flat-caps-bevel-joins' : undefined,
  });
  const observations: Observation[] = [];
  const zoneRings = zones.features.map((zone) => toZoneRings(zone, zones.crs, working));
  const inAnyZone = new Set<OpenSpace>();
  const centres = validated.map((space) => computeRingCentroid(space.rings[0]));
  const centreIndex = new Flatbush(Math.max(1, centres.length));
  for (const [x, y] of centres) centreIndex.add(x, y, x, y);
  if (centres.length === 0) centreIndex.add(0, 0, 0, 0);
  centreIndex.finish();
  zones.features.forEach((zone, z) => {
    const rings = zoneRings[z];
    const areas = computeUnionAreas(rings, candidates, TILE_M);
    const zoneArea = areas.zoneM2;
    const sizes: Record<string, number> = Object.fromEntries(SIZE_CLASSES.map(([name]) => [`openSpaces_${name}`, 0]));
    const zoneRingObjects = rings.map((xy) => ({ xy, isHole: false }));
    const box = computeRingsBox(rings);
    for (const k of centres.length > 0 ? centreIndex.search(box.minX, box.minY, box.maxX, box.maxY) : []) {
      if (!isPointInRings(zoneRingObjects, centres[k][0], centres[k][1])) continue;
      inAnyZone.add(validated[k]);
      sizes[`openSpaces_${sizeClass(validated[k].areaM2)}`]++;
    }
    const components: Record<string, number | string | null> = {
      zoneAreaM2: zoneArea, openSpaceAreaM2: areas.openSpaceM2, streetAreaM2: areas.streetM2, overlapAreaM2: areas.openSpaceM2 + areas.streetM2 - areas.unionM2,
      openSpaceSharePct: (100 * areas.openSpaceM2) / zoneArea, streetSharePct: (100 * areas.streetM2) / zoneArea, ...sizes,
    };
    if (options.validatedField) components.potentialOpenSpaceAreaM2 = computeUnionAreas(rings, allSpaces, TILE_M).openSpaceM2;
    let value = (100 * areas.unionM2) / zoneArea;
    let standardError: number | null = null;
    let bounds: Record<string, string> = {};
    if (lasMethod === 'halton') {
      const estimate = estimateFromSamples(samples, zone.id, zoneRingObjects);
      if (!estimate) throw new UsageError(`--street-samples: no digitised circle lies in zone ${JSON.stringify(zone.id)}`);
      // Circles give the street share only; open spaces and streets are assumed not to overlap.
      components.streetAreaM2 = (estimate.meanPct / 100) * zoneArea;
      components.streetSharePct = estimate.meanPct;
      components.streetShareSE = estimate.sePct;
      components.streetSamples = estimate.n;
      value = (100 * areas.openSpaceM2) / zoneArea + estimate.meanPct;
      standardError = estimate.sePct;
      if (estimate.sePct !== null) {
        bounds = { LOWER_BOUND: String(value - Z_95 * estimate.sePct), UPPER_BOUND: String(value + Z_95 * estimate.sePct) };
        components.streetShareLowerPct = estimate.meanPct - Z_95 * estimate.sePct;
        components.streetShareUpperPct = estimate.meanPct + Z_95 * estimate.sePct;
      }
    }
    log.explain(`Zone ${zone.id}: area ${(zoneArea / 1e6).toFixed(3)} km²; open spaces ${(areas.openSpaceM2 / 1e6).toFixed(3)} km²; streets ${(Number(components.streetAreaM2) / 1e6).toFixed(3)} km²; union ${(areas.unionM2 / 1e6).toFixed(3)} km² → ${value.toFixed(2)} %`);
    observations.push({
      zone: zone.id, series: SERIES, timePeriod: common.timePeriod as string, value, unit: 'PT', dimensions: TOTAL_DIMENSIONS, components, standardError,
      attributes: { ...buildObservationAttributes({ nature: common.nature, sourceDetail: common.sourceDetail ?? String(options.openSpaces), commentObs, timeDetail: common.timePeriod as string }), ...bounds },
      flags: zoneArea === 0 ? ['empty-zone'] : [],
    });
  });
  if (validated.length > 0 && inAnyZone.size === 0) throw new UsageError(`${options.openSpaces}: no open space lies in any zone (expected the spaces of the city in --zones; check the CRS of both files)`);
  if (validated.length > inAnyZone.size) warnings.push(`${validated.length - inAnyZone.size} open spaces have their centre outside every zone (their parts inside a zone still count)`);
  const files: OutputFile[] = [];
  if (options.population) {
    const access = await computeAccess(context, zones, working, validated, ACCESS_SERIES);
    observations.push(...access.observations);
    if (access.serviceAreaGeoJson !== null) files.push({ path: String(options.serviceAreas), content: access.serviceAreaGeoJson });
  }
  const parameters = { denominator: 'zone-area', lasMethod, openSpaceFilter: options.openSpaceFilter ?? null, validatedField: options.validatedField ?? null, workingCrs: working.id, tileM: TILE_M };
  return { observations, parameters, warnings, files };
}

export const publicSpace: IndicatorDefinition = {
  code: '11.7.1',
  slug: 'public-space',
  title: 'Open public space and streets as a share of the city, and access to it',
  geospatial: true,
  mode: { name: 'mode', description: 'sample: write Halton sample circles of 10 ha for digitising streets, instead of computing', choices: ['sample'] },
  series: [
    { code: SERIES, description: 'Average share of the built-up area of cities that is open space for public use for all (%)', unit: 'PT' },
    { code: ACCESS_SERIES, description: 'Share of the population within 400 m walking distance of an open public space (%) — series title unverified (METHODS G6)', unit: 'PT' },
  ],
  options: [
    { flags: '--open-spaces <FILE>', description: 'open public space polygons (GeoJSON or Shapefile)' },
    { flags: '--open-space-filter <EXPR>', description: 'keep only spaces matching field=value / field!=value conditions joined by , (e.g. "access!=private,fee!=yes")' },
    { flags: '--validated-field <FIELD>', description: 'attribute marking spaces validated as free and public (yes/true/1); the others count as potential only' },
    { flags: '--street-areas <FILE>', description: 'street polygons (land allocated to streets)' },
    { flags: '--streets <FILE>', description: 'street centre lines, buffered by their width (flat caps, bevel joins)' },
    { flags: '--street-width-field <FIELD>', description: 'attribute with each street\'s width in metres' },
    { flags: '--street-width-m <m>', description: 'one width in metres for all --streets', type: 'positive-number' },
    { flags: '--street-samples <FILE>', description: 'digitised Halton circles (from `11.7.1 sample`) with streetSharePct filled in: land allocated to streets = mean share, with its standard error' },
    { flags: '--halton-per-ha <n>', description: 'sample mode: circles per hectare (default: 1 for cities of 20 km² or more, 0.5 below, as the 2021 metadata; 0.1 in the 2016–17 metadata)', type: 'positive-number' },
    { flags: '--population <FILE>', description: 'population: adds the access component (share within --access-m of an open space); a count raster (.tif) or points / polygons with --population-field' },
    { flags: '--population-field <FIELD>', description: 'when --population is points or polygons (GeoJSON / Shapefile): the attribute with each feature\'s number of persons; polygons count at their centroid' },
    { flags: '--population-group <DIM=CODE=FILE>', description: 'access by group: the population of one group (raster, or points with --population-field), e.g. SEX=F=female.tif, AGE=Y_GE65=over65.tif (repeatable)', repeatable: true },
    { flags: '--subcells <n>', description: 'judge each population cell at n × n sub-cell centres and count the served fraction (1 = the cell centre only)', defaultValue: 1, type: 'positive-integer' },
    { flags: '--service-areas <FILE>', description: 'write the merged access service area (served population cells) as GeoJSON' },
    { flags: '--walk-network <FILE>', description: 'walkable streets (lines or .osm.pbf) for network distance to open spaces; Euclidean otherwise' },
    { flags: '--access-m <m>', description: 'walking distance to an open public space, metres (400 m ≈ 5 minutes)', defaultValue: 400, type: 'positive-number' },
    { flags: '--entry-spacing-m <m>', description: 'network mode: entry points every this many metres along each space\'s boundary', defaultValue: 30, type: 'positive-number' },
    { flags: '--max-snap-m <m>', description: 'network mode: homes and entry points farther than this from any street are off the network', defaultValue: 200, type: 'non-negative-number' },
  ],
  run,
};
