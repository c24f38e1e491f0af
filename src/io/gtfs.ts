/**
 * GTFS stops with their capacity (docs/methods.md §9.3): a stop's capacity is the highest capacity of the
 * routes whose trips call at it (found through trips.txt and stop_times.txt, which is streamed from
 * the zip, never held whole). Stops are `location_type` 0 or empty (and stations that trips call at
 * directly); platforms keep their own position and count under their parent station. Route types map to capacity by the built-in table or a
 * `--capacity-map` JSON ({"3": "low", "1": "high", "1100": "exclude"}).
 */
import type { Readable } from 'node:stream';
import { resolveCrs } from '../core/crs.js';
import type { ProgressReport } from '../core/inputs.js';
import type { Capacity, ServiceFilter, StopLayer, TransitStop } from '../core/transit.js';
import { describeFound, describeList, InputError } from '../errors.js';
import { listZipEntries, openZip, openZipEntry, type ZipArchive, type ZipEntry } from './zip.js';

/** GTFS basic and extended route types → capacity (docs/methods.md §9.3); anything else is excluded. */
export function toRouteCapacity(routeType: number): Capacity | null {
  const ranges: [number, number, Capacity][] = [
    [0, 0, 'low'], [1, 2, 'high'], [3, 3, 'low'], [4, 4, 'high'], [5, 7, 'low'], [11, 11, 'low'], [12, 12, 'high'],
    [100, 117, 'high'], [200, 209, 'low'], [400, 405, 'high'], [700, 716, 'low'], [800, 800, 'low'], [900, 906, 'low'],
    [1000, 1000, 'high'], [1200, 1200, 'high'], [1300, 1307, 'low'], [1400, 1400, 'low'],
  ];
  for (const [low, high, capacity] of ranges) if (routeType >= low && routeType <= high) return capacity;
  return null;
}

export type CapacityMap = Readonly<Record<string, Capacity | 'exclude'>>;

/** GTFS time (H:MM:SS, may pass 24:00) in seconds; NaN when empty or malformed. */
export function toGtfsSeconds(text: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec((text ?? '').trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number.NaN;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

async function readActiveServices(zip: ZipArchive, entries: Map<string, ZipEntry>, path: string, date: string): Promise<Set<string>> {
  const active = new Set<string>();
  const day = WEEKDAYS[new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T12:00:00Z`).getUTCDay()];
  if (entries.has('calendar.txt')) {
    for await (const { row } of readTable(zip, entries, 'calendar.txt', path)) {
      if (row[day] === '1' && row.start_date <= date && date <= row.end_date) active.add(row.service_id);
    }
  }
  if (entries.has('calendar_dates.txt')) {
    for await (const { row } of readTable(zip, entries, 'calendar_dates.txt', path)) {
      if (row.date !== date) continue;
      if (row.exception_type === '1') active.add(row.service_id);
      if (row.exception_type === '2') active.delete(row.service_id);
    }
  }
  return active;
}

/** The largest uncompressed GTFS table accepted (a country's stop_times.txt is a few GB at most). */
const MAX_ENTRY_BYTES = 8 * 1024 ** 3;
/** The longest CSV record of a GTFS table (a line of stop_times.txt is under 200 bytes). */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * The feed's tables: entries at the zip's root only (GTFS Schedule). A second copy of a table
 * (`old/stops.txt` beside `stops.txt`), a feed inside a folder, or an unsafe name is the user's to
 * sort out — silently picking one would compute from the wrong file.
 */
async function listEntries(zip: ZipArchive, path: string): Promise<Map<string, ZipEntry>> {
  let all: ZipEntry[];
  try {
    all = await listZipEntries(zip);
  } catch (error) {
    throw new InputError(`${path}: not a readable GTFS zip (${(error as Error).message})`);
  }
  const entries = new Map<string, ZipEntry>();
  const nested: string[] = [];
  for (const entry of all) {
    const name = entry.fileName;
    if (name.endsWith('/')) continue; // a folder
    if (name.includes('/')) {
      nested.push(name);
      continue;
    }
    if (entries.has(name)) throw new InputError(`${path}: the zip holds ${describeFound(name)} twice (expected one copy of each GTFS table)`);
    if (entry.uncompressedSize > MAX_ENTRY_BYTES) throw new InputError(`${path}: ${describeFound(name)} declares ${(entry.uncompressedSize / 1024 ** 3).toFixed(1)} GiB uncompressed (expected at most ${MAX_ENTRY_BYTES / 1024 ** 3} GiB per table)`);
    entries.set(name, entry);
  }
  const tables = nested.filter((name) => name.endsWith('.txt'));
  const shadowing = tables.find((name) => entries.has(name.replace(/^.*\//, '')));
  if (shadowing) throw new InputError(`${path}: ${describeFound(shadowing)} is a second copy of ${shadowing.replace(/^.*\//, '')} in a folder (expected each GTFS table once, at the zip's root)`);
  if (entries.size === 0 && tables.length > 0) throw new InputError(`${path}: the GTFS tables are in a folder (${describeFound(tables[0])}); expected them at the zip's root — zip the files themselves`);
  return entries;
}

/** Streams the rows of one GTFS table as objects keyed by column name. */
async function* readTable(zip: ZipArchive, entries: Map<string, ZipEntry>, name: string, path: string, progress?: ProgressReport): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  const entry = entries.get(name);
  if (!entry) throw new InputError(`${path}: the GTFS feed has no ${name} (expected stops.txt, routes.txt, trips.txt and stop_times.txt)`);
  let source: Readable;
  try {
    source = await openZipEntry(zip, entry);
  } catch (error) {
    throw new InputError(`${path} ${name}: cannot read the zip entry (${(error as Error).message})`);
  }
  const { parse } = await import('csv-parse');
  const parser = parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: MAX_RECORD_CHARS });
  // A corrupt or short member fails the source stream: end the parser with that error (pipe would not).
  source.on('error', (error) => parser.destroy(error));
  if (progress) {
    let bytes = 0;
    source.on('data', (chunk: Buffer) => progress(`${path} ${name} (bytes)`, (bytes += chunk.length), entry.uncompressedSize));
  }
  source.pipe(parser);
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      yield { row, line };
    }
  } catch (error) {
    throw new InputError(`${path} ${name} row ${line + 1}: cannot read the table (${(error as Error).message.slice(0, 120)})`);
  }
}

export async function readGtfsStops(path: string, capacityMap: CapacityMap = {}, filter?: ServiceFilter, progress?: ProgressReport): Promise<StopLayer> {
  let zip: ZipArchive;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new InputError(`${path}: not a readable GTFS zip (${(error as Error).message})`);
  }
  try {
    const entries = await listEntries(zip, path);
    const missing = ['stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt'].filter((name) => !entries.has(name));
    if (missing.length > 0) throw new InputError(`${path}: the GTFS feed has no ${missing.join(', ')} (expected stops.txt, routes.txt, trips.txt and stop_times.txt)`);
    const capacityOfRoute = new Map<string, Capacity | null>();
    const unknownTypes = new Map<string, string[]>();
    for await (const { row, line } of readTable(zip, entries, 'routes.txt', path)) {
      const type = row.route_type;
      if (type === undefined || type === '' || !Number.isInteger(Number(type))) throw new InputError(`${path} routes.txt row ${line}, field route_type: expected a GTFS route type, found ${describeFound(type)}`);
      const mapped = capacityMap[type];
      const capacity = mapped === 'exclude' ? null : mapped ?? toRouteCapacity(Number(type));
      if (capacity === null && mapped !== 'exclude') unknownTypes.set(type, [...(unknownTypes.get(type) ?? []), row.route_id]);
      capacityOfRoute.set(row.route_id, capacity);
    }
    const activeServices = filter ? await readActiveServices(zip, entries, path, filter.date) : null;
    const capacityOfTrip = new Map<string, Capacity | null>();
    for await (const { row } of readTable(zip, entries, 'trips.txt', path, progress)) {
      if (activeServices && !activeServices.has(row.service_id)) continue; // not running on the date
      capacityOfTrip.set(row.trip_id, capacityOfRoute.get(row.route_id) ?? null);
    }
    // Headway-based trips: each frequencies.txt row repeats the trip from start_time, every headway_secs, before end_time.
    const frequencies = new Map<string, { start: number; end: number; headway: number }[]>();
    if (filter && entries.has('frequencies.txt')) {
      for await (const { row } of readTable(zip, entries, 'frequencies.txt', path)) {
        if (!capacityOfTrip.has(row.trip_id)) continue;
        const list = frequencies.get(row.trip_id) ?? [];
        list.push({ start: toGtfsSeconds(row.start_time), end: toGtfsSeconds(row.end_time), headway: Number(row.headway_secs) });
        frequencies.set(row.trip_id, list);
      }
    }
    const firstDeparture = new Map<string, number>();
    const timeOf = (row: Record<string, string>) => {
      const departure = toGtfsSeconds(row.departure_time);
      return Number.isNaN(departure) ? toGtfsSeconds(row.arrival_time) : departure;
    };
    if (frequencies.size > 0) {
      for await (const { row } of readTable(zip, entries, 'stop_times.txt', path, progress)) {
        if (!frequencies.has(row.trip_id)) continue;
        const t = timeOf(row);
        if (!Number.isNaN(t) && !(firstDeparture.get(row.trip_id) as number <= t)) firstDeparture.set(row.trip_id, t);
      }
    }
    const stopCapacity = new Map<string, Capacity>();
    const departures = new Map<string, number>();
    const inWindow = (t: number) => filter !== undefined && t >= filter.windowStartS && t < filter.windowEndS;
    for await (const { row } of readTable(zip, entries, 'stop_times.txt', path, progress)) {
      const capacity = capacityOfTrip.get(row.trip_id);
      if (!capacity) continue;
      if (capacity === 'high' || !stopCapacity.has(row.stop_id)) stopCapacity.set(row.stop_id, capacity);
      if (!filter) continue;
      const t = timeOf(row);
      if (Number.isNaN(t)) continue;
      let count = 0;
      const repeats = frequencies.get(row.trip_id);
      if (repeats) {
        const offset = t - (firstDeparture.get(row.trip_id) ?? t);
        for (const { start, end, headway } of repeats) for (let s = start; s < end && headway > 0; s += headway) if (inWindow(s + offset)) count++;
      } else if (inWindow(t)) {
        count = 1;
      }
      departures.set(row.stop_id, (departures.get(row.stop_id) ?? 0) + count);
    }
    const infrequent = new Set<string>();
    if (filter) {
      const needed = (filter.minPerHour * (filter.windowEndS - filter.windowStartS)) / 3600;
      for (const stopId of [...stopCapacity.keys()]) {
        if ((departures.get(stopId) ?? 0) < needed) {
          stopCapacity.delete(stopId);
          infrequent.add(stopId);
        }
      }
    }
    const stops: TransitStop[] = [];
    let unserved = 0;
    for await (const { row, line } of readTable(zip, entries, 'stops.txt', path)) {
      const locationType = row.location_type ?? '';
      // Stops and platforms; a station only when trips call at it directly (feeds do that, against the spec).
      if (locationType !== '' && locationType !== '0' && !(locationType === '1' && stopCapacity.has(row.stop_id))) continue;
      const lat = Number(row.stop_lat);
      const lon = Number(row.stop_lon);
      if (row.stop_lat === '' || row.stop_lon === '' || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        throw new InputError(`${path} stops.txt row ${line} (stop ${JSON.stringify(row.stop_id)}): expected stop_lat and stop_lon in degrees, found ${describeFound(row.stop_lat)}, ${describeFound(row.stop_lon)}`);
      }
      const capacity = stopCapacity.get(row.stop_id);
      if (!capacity) {
        if (!infrequent.has(row.stop_id)) unserved++;
        continue;
      }
      stops.push({ id: row.stop_id, station: row.parent_station || row.stop_id, x: lon, y: lat, capacity });
    }
    const notes: string[] = [];
    for (const [type, routes] of unknownTypes) notes.push(`${path}: route_type ${type} has no capacity class (${routes.length} routes: ${describeList(routes, 4)}); their stops are left out — map the type with --capacity-map`);
    if (unserved > 0) notes.push(`${path}: ${unserved} stops served by no included trip were left out`);
    if (infrequent.size > 0) notes.push(`${path}: ${infrequent.size} stops with fewer departures than the service filter asks were left out`);
    return { path, crs: resolveCrs('EPSG:4326', path), stops, notes };
  } finally {
    zip.close();
  }
}
