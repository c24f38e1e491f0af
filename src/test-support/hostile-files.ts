/**
 * Builders of hostile files for the hostile-input suite: zips written byte by byte (so that names,
 * sizes and streams can lie) and GeoTIFF tags patched in place. Test support only.
 */
import { deflateRawSync, deflateSync } from 'node:zlib';
import Pbf from 'pbf';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  readonly name: string;
  readonly text: string | Buffer;
  /** The uncompressed size the headers declare (default: the true one). */
  readonly declaredSize?: number;
  /** Replace the compressed stream by bytes that are not DEFLATE. */
  readonly corrupt?: boolean;
}

/** A zip of DEFLATE members, with whatever names and declared sizes the entries say. */
export function buildZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.text) ? entry.text : Buffer.from(entry.text);
    const compressed = entry.corrupt ? Buffer.from('this is not a deflate stream \u00ff\u00fe'.repeat(4), 'latin1') : deflateRawSync(data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(size >>> 0, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(size >>> 0, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Sets a LONG or SHORT tag's first inline value in a little-endian classic TIFF's first IFD. */
export function patchTiffTag(tiff: Buffer, tag: number, value: number): Buffer {
  const out = Buffer.from(tiff);
  const ifd = out.readUInt32LE(4);
  const count = out.readUInt16LE(ifd);
  for (let k = 0; k < count; k++) {
    const at = ifd + 2 + 12 * k;
    if (out.readUInt16LE(at) !== tag) continue;
    if (out.readUInt16LE(at + 2) === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value >>> 0, at + 8);
    return out;
  }
  throw new Error(`tag ${tag} not found`);
}

/** Appends `block` to a one-block TIFF and points its block offset and byte count at it. */
export function replaceOnlyBlock(tiff: Buffer, block: Buffer, tiled: boolean): Buffer {
  const withBlock = Buffer.concat([tiff, block]);
  const patched = patchTiffTag(withBlock, tiled ? 324 : 273, tiff.length);
  return patchTiffTag(patched, tiled ? 325 : 279, block.length);
}

/** One OSM PBF block: a BlobHeader and a Blob whose declared uncompressed size can lie. */
export function buildOsmBlock(declaredRawSize: number, payload: Buffer = deflateSync(Buffer.from('x'))): Buffer {
  const blob = new Pbf();
  blob.writeVarintField(2, declaredRawSize);
  blob.writeBytesField(3, payload);
  const blobBytes = Buffer.from(blob.finish());
  const header = new Pbf();
  header.writeStringField(1, 'OSMData');
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = Buffer.from(header.finish());
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length, 0);
  return Buffer.concat([length, headerBytes, blobBytes]);
}
