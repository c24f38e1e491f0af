/**
 * SDG 11.7.1, the computation. Areas are exact unions inside each zone in a local equal-area CRS, so
 * a park crossed by a street is counted once; `sample` writes Halton circles for street sampling.
 */
import Flatbush from 'flatbush';
import { describeSource, describeSourceName } from '../../core/inputs.js';
import { resolveCrs, toPointTransform, type Crs } from '../../core/crs.js';
import { toCoordinatePrecision, type GeoJsonOutput, type PolygonOutputFeature } from '../../core/geojson-output.js';
import type { Observation } from '../../core/observation.js';
import { computeRingCentroid, computeRingSignedArea, computeRingsBox } from '../../core/ring.js';
import { toLocalMetricCrs, toLonLatExtent, type Ring, type ZoneLayer } from '../../core/zones.js';
import { UsageError } from '../../errors.js';
import { computeRadicalInverse, toCircleRadiusM } from '../../kernels/halton.js';
import { isPointInRings } from '../../kernels/point-in-polygon.js';
import { Z_95 } from '../../kernels/survey.js';
import { computeUnionAreas, type CategorisedPolygon } from '../../kernels/union-area.js';
import { given, type IndicatorRun, type OutputFile, type RunContext } from '../define.js';
import { createObservationFactory } from '../observations.js';
import type { OptionValues } from '../options.js';
import { computeAccess } from './access.js';
import { ACCESS_SERIES, SERIES, type PUBLIC_SPACE_OPTIONS } from './index.js';
import { toOpenSpaces, toStreetAreas, toStreetLines, toStreetSamples, toZoneRings, type OpenSpace, type StreetSample } from './layers.js';

/** How far beyond the zones an .osm.pbf's street nodes are kept for the land share (streets are clipped to the zones). */
const STREET_CLIP_MARGIN_M = 200;

export type Options = OptionValues<typeof PUBLIC_SPACE_OPTIONS>;

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

/**
 * `11.7.1 sample`: Halton circles of 10 ha over each zone, at the density of the 2021 UN metadata
 * (GeoJSON, EPSG:4326). Each circle is a 64-gon drawn in the city's equal-area projection, so its
 * radius is metres on the ground; @turf/circle would draw it on a sphere.
 */
function sampleCircles(zones: ZoneLayer, working: Crs, perHaLarge: number, perHaSmall: number, circleHa: number): GeoJsonOutput {
  const lonLat = resolveCrs('EPSG:4326', 'circles');
  const toLonLat = toPointTransform(working, lonLat);
  const radius = toCircleRadiusM(circleHa);
  const features: PolygonOutputFeature[] = [];
  for (const zone of zones.features) {
    const rings = toZoneRings(zone, zones.crs, working);
    // Outer rings add, holes subtract, whatever their winding.
    const holes = zone.polygons.flatMap((part) => part.map((ring) => ring.isHole));
    const absArea = rings.reduce((sum, r, k) => sum + (holes[k] ? -1 : 1) * Math.abs(computeRingSignedArea(r)), 0);
    // "More than 20 km²": exactly 20 km² counts as large (docs/methods.md).
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
        ring.push([lon, lat]);
      }
      features.push({ properties: { id: `${zone.id}-${accepted}`, zone: zone.id, haltonIndex: index, radiusM: radius, streetSharePct: null }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return { features, crsId: lonLat.id, precision: toCoordinatePrecision(lonLat) };
}

interface SampleEstimate { n: number; meanPct: number; sePct: number | null }

/** Mean street share over digitised circles of a zone, with sd/√n (UN metadata 11.7.1, street sampling). */
function estimateFromSamples(samples: readonly StreetSample[], zoneId: string, zoneRings: readonly Ring[]): SampleEstimate | null {
  const mine = samples.filter((s) => (s.zone !== null ? s.zone === zoneId : isPointInRings(zoneRings, s.x, s.y)));
  if (mine.length === 0) return null;
  const mean = mine.reduce((a, s) => a + s.sharePct, 0) / mine.length;
  const sd = mine.length > 1 ? Math.sqrt(mine.reduce((a, s) => a + (s.sharePct - mean) ** 2, 0) / (mine.length - 1)) : null;
  return { n: mine.length, meanPct: mean, sePct: sd === null ? null : sd / Math.sqrt(mine.length) };
}

export async function run(options: Options, context: RunContext): Promise<IndicatorRun> {
  const { inputs, log } = context;
  const zones = await inputs.readZones('zones', given(options.zones, '--zones'));
  const working = toLocalMetricCrs(zones, 'laea'); // areas exact, distances within 1e-5 over a city
  if (options.mode === 'sample') {
    const perHa = options.haltonPerHa ?? null;
    return { observations: [], parameters: { mode: 'sample', haltonPerHa: perHa ?? '1 (> 20 km²) / 0.5', circleHa: 10 }, warnings: [], document: { kind: 'geojson', layer: sampleCircles(zones, working, perHa ?? 1, perHa ?? 0.5, 10) } };
  }
  const openSource = given(options.openSpaces, '--open-spaces');
  const openName = describeSource(openSource);
  const { spaces, filteredOut } = toOpenSpaces(await inputs.readPolygons('open-spaces', openSource), working, options.openSpaceFilter, options.validatedField);
  const validated = spaces.filter((s) => s.validated);
  let streets: CategorisedPolygon[] = [];
  let lasMethod = 'area';
  if (options.streetAreas) {
    streets = toStreetAreas(await inputs.readPolygons('street-areas', options.streetAreas), working);
  } else if (options.streets) {
    // From an .osm.pbf, the ways over the zones (a margin for half a street's width and the edge).
    streets = toStreetLines(await inputs.readLines('streets', options.streets, toLonLatExtent(zones, STREET_CLIP_MARGIN_M)), working, options.streetWidthField, options.streetWidthM);
  } else {
    lasMethod = 'halton';
  }
  let samples: StreetSample[] = [];
  if (options.streetSamples) {
    samples = toStreetSamples(await inputs.readPolygons('street-samples', options.streetSamples), working);
  }
  const candidates = indexPolygons([...validated, ...streets]);
  const allSpaces = indexPolygons(spaces);
  const warnings: string[] = [];
  if (filteredOut > 0) warnings.push(`${filteredOut} open spaces left out by --open-space-filter ${options.openSpaceFilter}`);
  const timePeriod = given(options.timePeriod, '--time-period');
  const observe = createObservationFactory({
    nature: options.nature,
    sourceDetail: options.sourceDetail ?? describeSourceName(openSource),
    choices: {
      las: lasMethod, denominator: 'zone-area', filter: options.openSpaceFilter, validated: options.validatedField ? `field ${options.validatedField}` : 'all',
      'street-width': options.streetWidthField ? `field ${options.streetWidthField}` : options.streetWidthM, buffer: options.streets ? 'flat-caps-bevel-joins' : undefined,
    },
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
    log.progress('zones: open space and street union', z, zones.features.length);
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
    let bounds: { lower: number; upper: number } | undefined;
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
        bounds = { lower: value - Z_95 * estimate.sePct, upper: value + Z_95 * estimate.sePct };
        components.streetShareLowerPct = estimate.meanPct - Z_95 * estimate.sePct;
        components.streetShareUpperPct = estimate.meanPct + Z_95 * estimate.sePct;
      }
    }
    const km2 = (m2: number) => `${(m2 / 1e6).toFixed(3)} km²`;
    if (lasMethod === 'halton') {
      // Land share of open spaces (exact) + the street share estimated from the sample circles.
      const openPct = (100 * areas.openSpaceM2) / zoneArea;
      const se = components.streetShareSE;
      log.explain(`Zone ${zone.id}: area ${km2(zoneArea)}; open spaces ${km2(areas.openSpaceM2)} = ${openPct.toFixed(2)} % (exact); streets estimated from ${components.streetSamples} Halton circles = ${Number(components.streetSharePct).toFixed(2)} %${typeof se === 'number' ? ` ± ${se.toFixed(2)} (SE)` : ''}; ${openPct.toFixed(2)} % + ${Number(components.streetSharePct).toFixed(2)} % = ${value.toFixed(2)} % (open spaces and streets assumed not to overlap)`);
    } else {
      log.explain(`Zone ${zone.id}: area ${km2(zoneArea)}; open spaces ${km2(areas.openSpaceM2)}; streets ${km2(Number(components.streetAreaM2))}; union ${km2(areas.unionM2)} (overlap counted once); ${km2(areas.unionM2)} ÷ ${km2(zoneArea)} = ${value.toFixed(2)} %`);
    }
    observations.push(observe({ zone: zone.id, series: SERIES, timePeriod, value, components, standardError, bounds, flags: zoneArea === 0 ? ['empty-zone'] : [] }));
  });
  if (validated.length > 0 && inAnyZone.size === 0) throw new UsageError(`${openName}: no open space lies in any zone (expected the spaces of the city in --zones; check the CRS of both files)`);
  if (validated.length > inAnyZone.size) warnings.push(`${validated.length - inAnyZone.size} open spaces have their centre outside every zone (their parts inside a zone still count)`);
  const files: OutputFile[] = [];
  if (options.population) {
    const access = await computeAccess(options, context, zones, working, validated, ACCESS_SERIES);
    observations.push(...access.observations);
    warnings.push(...access.warnings);
    if (access.serviceArea !== null && options.serviceAreas) files.push({ kind: 'geojson', path: options.serviceAreas, layer: access.serviceArea });
  }
  const parameters = { denominator: 'zone-area', lasMethod, openSpaceFilter: options.openSpaceFilter ?? null, validatedField: options.validatedField ?? null, workingCrs: working.id, tileM: TILE_M };
  return { observations, parameters, warnings, files };
}

