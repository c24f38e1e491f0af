/**
 * Where a GeoTIFF's bytes come from, read by range: a file; a GeoTIFF inside a zip (GHSL ships each
 * tile zipped: a stored member is read by range inside the zip, a deflated one is inflated once to a
 * temporary file removed at close); or a URL (a Cloud-Optimised GeoTIFF read by HTTP range requests,
 * with retries and backoff on 5xx, 429 and timeouts, counting requests and bytes). geotiff.js reads
 * through `toGeoTiffSource`, so only the header and the blocks the zones touch are ever fetched.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.js';
import { listZipEntries, openZip, openZipEntry } from './zip.js';

export interface ByteSource {
  /** The path or URL, as messages name it. */
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<ArrayBuffer>;
  close(): Promise<void>;
  /** Requests made and bytes received (HTTP), for provenance and --explain. */
  readonly transfer?: { requests: number; bytes: number };
  /** Where the bytes are a range of a local file (from `start`): a decode thread reads them itself. */
  readonly file?: { readonly path: string; readonly start: number };
}

export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

async function readRange(handle: FileHandle, offset: number, length: number): Promise<ArrayBuffer> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  // The whole range (the usual case) is handed over without a copy.
  return filled === length ? buffer.buffer : buffer.buffer.slice(0, filled);
}

/** `length` bytes of a file from `start` (a whole file: start 0, its size). */
async function openFileRange(path: string, start: number, size: number, name: string, onClose?: () => Promise<void>): Promise<ByteSource> {
  const handle = await open(path, 'r');
  return {
    name,
    size,
    file: { path, start },
    read: (offset, length) => readRange(handle, start + offset, Math.max(0, Math.min(length, size - offset))),
    async close() {
      await handle.close();
      await onClose?.();
    },
  };
}

export async function openFileSource(path: string): Promise<ByteSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`${path}: not a file (expected a GeoTIFF)`);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: file not found or not readable (expected a GeoTIFF)`);
  }
  return openFileRange(path, 0, size, path);
}

/** The one GeoTIFF of a zip (GHSL's `GHS_…_R10_C22.zip`), by range when stored, else inflated to a temporary file. */
export async function openZipMemberSource(path: string): Promise<ByteSource> {
  let zip;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new InputError(`${path}: not a readable zip (${(error as Error).message.slice(0, 100)})`);
  }
  try {
    const entries = await listZipEntries(zip).catch((error: Error) => {
      throw new InputError(`${path}: its list of members cannot be read (${error.message.slice(0, 100)}); a corrupt zip`);
    });
    const tiffs = entries.filter((e) => /\.tiff?$/i.test(e.fileName) && !e.fileName.endsWith('/'));
    if (tiffs.length !== 1) throw new InputError(`${path}: holds ${tiffs.length} GeoTIFFs (expected one, as a GHSL tile zip does${tiffs.length > 1 ? `: ${tiffs.slice(0, 3).map((e) => e.fileName).join(', ')}` : ''})`);
    const entry = tiffs[0];
    const name = `${path}!${entry.fileName}`;
    if (entry.compressionMethod === 0) {
      // Stored: the member's bytes follow its local header (30 bytes + name + extra field).
      const handle = await open(path, 'r');
      let start: number;
      try {
        const local = new DataView(await readRange(handle, entry.relativeOffsetOfLocalHeader, 30));
        if (local.byteLength < 30 || local.getUint32(0, true) !== 0x04034b50) throw new InputError(`${path}: the local header of ${entry.fileName} is damaged`);
        start = entry.relativeOffsetOfLocalHeader + 30 + local.getUint16(26, true) + local.getUint16(28, true);
      } finally {
        await handle.close();
      }
      if (start + entry.uncompressedSize > (await stat(path)).size) throw new InputError(`${path}: ${entry.fileName} runs past the end of the zip (a truncated download?)`);
      return openFileRange(path, start, entry.uncompressedSize, name);
    }
    // Deflated: inflated once (yauzl checks the size and CRC as it streams), removed at close.
    const folder = await mkdtemp(join(tmpdir(), 'urban-sdg-zip-'));
    const target = join(folder, basename(entry.fileName));
    try {
      await pipeline(await openZipEntry(zip, entry), createWriteStream(target));
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw new InputError(`${path}: cannot inflate ${entry.fileName} (${(error as Error).message.slice(0, 100)})`);
    }
    return openFileRange(target, 0, (await stat(target)).size, name, () => rm(folder, { recursive: true, force: true }));
  } finally {
    zip.close();
  }
}

export interface HttpOptions {
  /** Attempts per request (first try included). */
  readonly attempts?: number;
  /** Per-request timeout, ms. */
  readonly timeoutMs?: number;
  /** First backoff, ms; doubled after each failure. */
  readonly backoffMs?: number;
}

const RETRIED = new Set([408, 429, 500, 502, 503, 504]);

/** A COG by URL: its size from the first range response, then a Range request per block read. */
export async function openHttpSource(url: string, options: HttpOptions = {}): Promise<ByteSource> {
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 500;
  const transfer = { requests: 0, bytes: 0 };
  async function get(offset: number, length: number): Promise<{ body: ArrayBuffer; total: number }> {
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 2)));
      transfer.requests++;
      try {
        const response = await fetch(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}` }, signal: AbortSignal.timeout(timeoutMs) });
        if (RETRIED.has(response.status)) {
          last = `HTTP ${response.status}`;
          await response.body?.cancel();
          continue;
        }
        if (response.status !== 206 && response.status !== 200) throw new InputError(`${url}: HTTP ${response.status} ${response.statusText} (expected the GeoTIFF's bytes)`);
        const body = await response.arrayBuffer();
        transfer.bytes += body.byteLength;
        if (response.status === 200) {
          // A server without range support sent the whole file: keep only the range asked for.
          return { body: body.slice(offset, offset + length), total: body.byteLength };
        }
        const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
        return { body, total };
      } catch (error) {
        if (error instanceof InputError) throw error;
        last = (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (error as Error).message;
      }
    }
    throw new InputError(`${url}: ${last} after ${attempts} attempts (expected a Cloud-Optimised GeoTIFF served with range requests)`);
  }
  const first = await get(0, 16_384);
  if (!(first.total > 0)) throw new InputError(`${url}: the server gave no Content-Range total (expected range requests: Accept-Ranges: bytes)`);
  let head: ArrayBuffer | null = first.body;
  return {
    name: url,
    size: first.total,
    transfer,
    async read(offset, length) {
      const end = Math.min(offset + length, first.total);
      if (head && end <= head.byteLength) return head.slice(offset, end);
      if (end <= offset) return new ArrayBuffer(0);
      return (await get(offset, end - offset)).body;
    },
    async close() {
      head = null;
    },
  };
}

/** The source a raster path names: a URL, a zipped GeoTIFF or a file. */
export function openByteSource(path: string): Promise<ByteSource> {
  if (isUrl(path)) return openHttpSource(path);
  if (/\.zip$/i.test(path)) return openZipMemberSource(path);
  return openFileSource(path);
}

/** The object geotiff.js reads from (its BaseSource: `fetch` of slices, `fetchSlice`, `fileSize`, `close`). */
export function toGeoTiffSource(source: ByteSource) {
  const fetchSlice = (slice: { offset: number; length: number }) => source.read(slice.offset, slice.length);
  return {
    fileSize: source.size,
    fetchSlice,
    fetch: (slices: { offset: number; length: number }[]) => Promise.all(slices.map(fetchSlice)),
    close: async () => undefined,
  };
}
