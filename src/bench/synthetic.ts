/**
 * Seeded, GHSL-like synthetic inputs for benchmarks: a 100 m Mollweide tile with built-up surface
 * (UInt16 m², mostly zeros with urban patches) and population (Float32 persons), and city zones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Grid } from '../core/grid.js';
import { writeGeoTiff } from '../io/geotiff-writer.js';

export const MOLLWEIDE_WKT = 'PROJCS["World_Mollweide",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],UNIT["Meter",1.0]]';

/** mulberry32: a small seeded PRNG, so every run generates the same data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth value noise: a coarse random lattice, bilinearly interpolated. */
function createField(seed: number, latticeCells: number, cols: number, rows: number): (row: number, col: number) => number {
  const random = createRandom(seed);
  const lw = Math.ceil(cols / latticeCells) + 2;
  const lh = Math.ceil(rows / latticeCells) + 2;
  const lattice = Float32Array.from({ length: lw * lh }, () => random());
  return (row, col) => {
    const fx = col / latticeCells, fy = row / latticeCells;
    const x0 = Math.floor(fx), y0 = Math.floor(fy);
    const tx = fx - x0, ty = fy - y0;
    const i = y0 * lw + x0;
    const top = lattice[i] * (1 - tx) + lattice[i + 1] * tx;
    const bottom = lattice[i + lw] * (1 - tx) + lattice[i + lw + 1] * tx;
    return top * (1 - ty) + bottom * ty;
  };
}

export interface BenchData {
  readonly built: Record<number, string>;
  readonly population: Record<number, string>;
  readonly zones: string;
}

export async function generateBenchData(dir: string, size: number, zoneCount: number, seed = 11): Promise<BenchData> {
  const grid: Grid = { originX: -1_041_000, originY: 5_000_000, cellWidth: 100, cellHeight: 100, cols: size, rows: size };
  const urban = createField(seed, 120, size, size);
  const detail = createField(seed + 1, 9, size, size);
  const years = [2000, 2020];
  const data: BenchData = {
    built: Object.fromEntries(years.map((y) => [y, `${dir}/built_${y}_${size}.tif`])),
    population: Object.fromEntries(years.map((y) => [y, `${dir}/population_${y}_${size}.tif`])),
    zones: `${dir}/zones_${size}_${zoneCount}.geojson`,
  };
  for (const [k, year] of years.entries()) {
    const threshold = 0.72 - 0.06 * k; // cities grow between the two years
    const builtM2 = (row: number, col: number) => {
      const u = urban(row, col) - threshold;
      return u <= 0 ? 0 : Math.min(10000, Math.round(u * 40000 * (0.5 + detail(row, col))));
    };
    if (!existsSync(data.built[year])) {
      await writeGeoTiff(data.built[year], { grid, crs: { wkt: MOLLWEIDE_WKT }, dataType: 'uint16', nodata: 65535, tileSize: 256 }, (row0, rows, out) => {
        for (let r = 0; r < rows; r++) for (let c = 0; c < size; c++) out[r * size + c] = builtM2(row0 + r, c);
      });
    }
    if (!existsSync(data.population[year])) {
      await writeGeoTiff(data.population[year], { grid, crs: { wkt: MOLLWEIDE_WKT }, dataType: 'float32', nodata: -200, tileSize: 256 }, (row0, rows, out) => {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < size; c++) {
            const b = builtM2(row0 + r, c);
            out[r * size + c] = b === 0 ? (detail(row0 + r, c) > 0.8 ? 2.5 : 0) : b * (0.08 + 0.02 * k) * detail(row0 + r, c);
          }
        }
      });
    }
  }
  if (!existsSync(data.zones)) {
    const random = createRandom(seed + 2);
    const features = Array.from({ length: zoneCount }, (_, z) => {
      const cx = grid.originX + (0.05 + 0.9 * random()) * size * 100;
      const cy = grid.originY - (0.05 + 0.9 * random()) * size * 100;
      const radius = (0.01 + 0.05 * random()) * size * 100; // 1–6 % of the tile: towns to metropolises
      const ring = Array.from({ length: 64 }, (_, k) => {
        const angle = (2 * Math.PI * k) / 64;
        const r = radius * (0.75 + 0.25 * Math.sin(5 * angle + z));
        return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
      });
      ring.push(ring[0]);
      return { type: 'Feature', properties: { id: `city-${z}` }, geometry: { type: 'Polygon', coordinates: [ring] } };
    });
    const collection = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:ESRI::54009' } }, features };
    await writeFile(data.zones, JSON.stringify(collection));
  }
  return data;
}

/** A national 1 km grid (Mollweide): population (Float32, persons) and built-up (Float32, m²), seeded. */
export async function generateNationalGrid(dir: string, size: number, seed = 21): Promise<{ population: string; built: string }> {
  const grid: Grid = { originX: -1_000_000, originY: 4_000_000, cellWidth: 1000, cellHeight: 1000, cols: size, rows: size };
  const urban = createField(seed, 40, size, size);
  const detail = createField(seed + 1, 3, size, size);
  const paths = { population: `${dir}/national_population_${size}.tif`, built: `${dir}/national_built_${size}.tif` };
  const populationAt = (row: number, col: number) => {
    const u = urban(row, col);
    const d = detail(row, col);
    const city = u > 0.7 ? ((u - 0.7) / 0.3) ** 2 * 20000 * (0.5 + d) : 0;
    return 30 * d + city;
  };
  if (!existsSync(paths.population)) {
    await writeGeoTiff(paths.population, { grid, crs: { wkt: MOLLWEIDE_WKT }, dataType: 'float32', tileSize: 256 }, (row0, rows, out) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < size; c++) out[r * size + c] = populationAt(row0 + r, c);
    });
  }
  if (!existsSync(paths.built)) {
    await writeGeoTiff(paths.built, { grid, crs: { wkt: MOLLWEIDE_WKT }, dataType: 'float32', tileSize: 256 }, (row0, rows, out) => {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < size; c++) out[r * size + c] = Math.min(1e6, populationAt(row0 + r, c) * 30 * (0.6 + 0.8 * detail(row0 + r, c)));
      }
    });
  }
  return paths;
}

/**
 * A seeded survey CSV of `rows` records (written once), and its config copied beside it from
 * fixtures/survey. 2,000 PSUs with weights drawn uniformly in [weightMin, weightMin + weightSpan);
 * `record(i, cluster, clusterWeight, random)` makes each line, its PSU drawn at random.
 */
async function writeSurvey(paths: { data: string; config: string }, header: string, rows: number, seed: number, fixtureConfig: string, [weightMin, weightSpan]: readonly [number, number],
  record: (i: number, cluster: number, clusterWeight: number, random: () => number) => (string | number)[]): Promise<{ data: string; config: string }> {
  const random = createRandom(seed);
  if (!existsSync(paths.data)) {
    const { createWriteStream } = await import('node:fs');
    const out = createWriteStream(paths.data);
    out.write(`${header}\n`);
    const clusterWeight = Float64Array.from({ length: 2000 }, () => weightMin + weightSpan * random());
    for (let i = 0; i < rows; i++) {
      const cluster = Math.floor(random() * 2000);
      const line = record(i, cluster, clusterWeight[cluster], random).join(',');
      if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  const { writeFile: write } = await import('node:fs/promises');
  await write(paths.config, readFileSync(`fixtures/survey/${fixtureConfig}`, 'utf8'));
  return paths;
}

/** A household survey of `households` rows, 20 strata and 2,000 PSUs, for the 11.1.1 benchmark. */
export async function generateHouseholdSurvey(dir: string, households: number, seed = 31): Promise<{ data: string; config: string }> {
  return writeSurvey({ data: `${dir}/households_${households}.csv`, config: `${dir}/households-config.json` },
    'hh,stratum,cluster,weight,urban,members,rooms,water,toilet,floor,wall,roof,tenure,cost,income,head_sex', households, seed, 'households-config.json', [50, 350],
    (i, cluster, clusterWeight, random) => {
      const pick = (codes: readonly number[]) => codes[Math.floor(random() * codes.length)];
      return [
        i, Math.floor(cluster / 100) + 1, cluster + 1, (clusterWeight * (0.9 + 0.2 * random())).toFixed(3), random() < 0.8 ? 1 : 2,
        1 + Math.floor(random() * 8), Math.floor(random() * 5), pick([11, 12, 13, 14, 21, 31, 32, 41, 42, 51, 61, 71, 96, 99]), pick([11, 12, 13, 14, 21, 22, 23, 31, 41, 42]),
        pick([11, 12, 21, 31, 33, 34, 35]), pick([12, 13, 21, 31, 33, 34, 36]), pick([11, 12, 21, 31, 33, 34, 35]), 1 + Math.floor(random() * 4),
        Math.round(500 * random()), Math.round(2500 * random()), random() < 0.7 ? 1 : 2,
      ];
    });
}

/** A person-level land survey of `persons` rows (ages 12–85), 20 strata and 2,000 PSUs, for the 1.4.2 benchmark. */
export async function generatePersonSurvey(dir: string, persons: number, seed = 142): Promise<{ data: string; config: string }> {
  return writeSurvey({ data: `${dir}/people_${persons}.csv`, config: `${dir}/people-config.json` },
    'person_id,cluster,stratum,weight,sex,age,document,fear,bequeath,tenure_type', persons, seed, 'people-config.json', [100, 800],
    (i, cluster, clusterWeight, random) => {
      const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
      return [
        i + 1, cluster + 1, Math.floor(cluster / 100) + 1, clusterWeight.toFixed(2), pick([1, 2]), 12 + Math.floor(random() * 74),
        pick(['1', '2', '3', '4', '5', '5', '']), pick(['1', '2', '3', '4', '5', '6', '7', '']), pick(['1', '1', '1', '2', '']), pick(['freehold', 'customary', 'customary', 'leasehold']),
      ];
    });
}

/**
 * A street lattice of about `edges` segments over `sizeKm` × `sizeKm` (jittered vertices), `stopCount`
 * stops (one in five high-capacity), a 100 m population raster and one zone, in UTM 37S.
 */
export async function generateTransitCity(dir: string, edges: number, stopCount: number, sizeKm: number, seed = 41): Promise<{ streets: string; stops: string; population: string; zones: string }> {
  const paths = {
    streets: `${dir}/transit_streets_${edges}.geojson`, stops: `${dir}/transit_stops_${stopCount}.geojson`,
    population: `${dir}/transit_population_${sizeKm}.tif`, zones: `${dir}/transit_zones_${sizeKm}.geojson`,
  };
  const random = createRandom(seed);
  const x0 = 250_000, y0 = 9_800_000, size = sizeKm * 1000;
  const crs = { type: 'name', properties: { name: 'EPSG:32737' } };
  const { writeFile: write } = await import('node:fs/promises');
  if (!existsSync(paths.streets)) {
    const n = Math.round(Math.sqrt(edges / 2)) + 1;
    const step = size / (n - 1);
    const jitter = Float64Array.from({ length: 2 * n * n }, () => (random() - 0.5) * step * 0.3);
    const at = (i: number, j: number) => [Math.round((x0 + i * step + jitter[2 * (j * n + i)]) * 100) / 100, Math.round((y0 + j * step + jitter[2 * (j * n + i) + 1]) * 100) / 100];
    const lines: number[][][] = [];
    for (let j = 0; j < n; j++) lines.push(Array.from({ length: n }, (_, i) => at(i, j)));
    for (let i = 0; i < n; i++) lines.push(Array.from({ length: n }, (_, j) => at(i, j)));
    const features = lines.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }));
    await write(paths.streets, JSON.stringify({ type: 'FeatureCollection', crs, features }));
  }
  if (!existsSync(paths.stops)) {
    const features = Array.from({ length: stopCount }, (_, k) => ({
      type: 'Feature', properties: { id: `s${k}`, capacity: random() < 0.2 ? 'high' : 'low' },
      geometry: { type: 'Point', coordinates: [x0 + random() * size, y0 + random() * size] },
    }));
    await write(paths.stops, JSON.stringify({ type: 'FeatureCollection', crs, features }));
  }
  if (!existsSync(paths.population)) {
    const cells = sizeKm * 10;
    const field = createField(seed + 1, 30, cells, cells);
    await writeGeoTiff(paths.population, { grid: { originX: x0, originY: y0 + size, cellWidth: 100, cellHeight: 100, rows: cells, cols: cells }, crs: { epsg: 32737 }, dataType: 'float32' }, (row0, rows, out) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cells; c++) out[r * cells + c] = 200 * field(row0 + r, c) ** 2;
    });
  }
  if (!existsSync(paths.zones)) {
    const ring = [[x0 + 500, y0 + 500], [x0 + size - 500, y0 + 500], [x0 + size - 500, y0 + size - 500], [x0 + 500, y0 + size - 500], [x0 + 500, y0 + 500]];
    await write(paths.zones, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'city' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  }
  return paths;
}

/** A city of `spaces` open-space polygons and about `segments` street segments of ~80 m (10–20 m wide), UTM 37S. */
export async function generatePublicSpaceCity(dir: string, spaces: number, segments: number, sizeKm = 20, seed = 51): Promise<{ zones: string; openSpaces: string; streets: string }> {
  const paths = { zones: `${dir}/ops_zones_${sizeKm}.geojson`, openSpaces: `${dir}/ops_spaces_${spaces}_${sizeKm}.geojson`, streets: `${dir}/ops_streets_${segments}_${sizeKm}.geojson` };
  const random = createRandom(seed);
  const x0 = 480_000, y0 = 9_840_000, size = sizeKm * 1000;
  const crs = { type: 'name', properties: { name: 'EPSG:32737' } };
  const round = (v: number) => Math.round(v * 100) / 100;
  const { writeFile: write } = await import('node:fs/promises');
  if (!existsSync(paths.zones)) {
    const ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
    await write(paths.zones, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'city' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  }
  if (!existsSync(paths.openSpaces)) {
    const features = Array.from({ length: spaces }, (_, k) => {
      const cx = x0 + random() * size, cy = y0 + random() * size, r = 10 + 60 * random() ** 2;
      const n = 5 + Math.floor(random() * 4);
      const ring = Array.from({ length: n }, (_, i) => [round(cx + r * (0.7 + 0.3 * random()) * Math.cos((2 * Math.PI * i) / n)), round(cy + r * (0.7 + 0.3 * random()) * Math.sin((2 * Math.PI * i) / n))]);
      ring.push(ring[0]);
      return { type: 'Feature', properties: { id: `os${k}`, access: random() < 0.05 ? 'private' : 'public' }, geometry: { type: 'Polygon', coordinates: [ring] } };
    });
    await write(paths.openSpaces, JSON.stringify({ type: 'FeatureCollection', crs, features }));
  }
  if (!existsSync(paths.streets)) {
    // Wobbly streets of 10 segments of about 80 m (OSM-like lengths), in random places and directions.
    const lines = Math.ceil(segments / 10);
    const features = Array.from({ length: lines }, (_, k) => {
      const horizontal = k % 2 === 0;
      const sx = x0 + random() * (size - 800), sy = y0 + random() * (size - 800);
      const coordinates = Array.from({ length: 11 }, (_, i) => {
        const along = i * 80, wobble = (random() - 0.5) * 20;
        return horizontal ? [round(sx + along), round(sy + wobble)] : [round(sx + wobble), round(sy + along)];
      });
      return { type: 'Feature', properties: { width: 10 + 10 * random() }, geometry: { type: 'LineString', coordinates } };
    });
    await write(paths.streets, JSON.stringify({ type: 'FeatureCollection', crs, features }));
  }
  return paths;
}
