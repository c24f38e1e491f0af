/**
 * A check of an OpenStreetMap PBF's block headers before it is decoded (OSM PBF format:
 * BlobHeader + Blob, each block at most 32 MiB uncompressed), so that a hostile or broken file — a
 * block declaring 2 GB, a header running past the file's end, more blocks than the whole-file reader
 * can hold — ends in one clear line instead of a 2 GB allocation or an out-of-memory abort.
 */
import Pbf from 'pbf';
import { InputError } from '../errors.js';

/** The PBF format's own limits: a BlobHeader under 64 KiB, a Blob under 32 MiB. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOCK_BYTES = 32 * 1024 ** 2;

/**
 * Validates every block header and returns the total uncompressed size; refuses a total above
 * `maxRawBytes` (the whole-file reader holds every decoded element in memory).
 */
export function checkOsmBlocks(bytes: Uint8Array, path: string, maxRawBytes: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = 0;
  let block = 0;
  let rawTotal = 0;
  while (position < bytes.length) {
    if (position + 4 > bytes.length) throw new InputError(`${path}: truncated OSM PBF (block ${block} header cut short)`);
    const headerBytes = view.getUint32(position);
    if (headerBytes > MAX_HEADER_BYTES || position + 4 + headerBytes > bytes.length) throw new InputError(`${path}: block ${block} declares a ${headerBytes}-byte header (expected under 64 KiB, inside the file); a truncated or corrupt OSM PBF`);
    const header = { type: '', dataSize: -1 };
    new Pbf(bytes.subarray(position + 4, position + 4 + headerBytes)).readFields((tag, _result, pbf) => {
      if (tag === 1) header.type = pbf?.readString() ?? '';
      else if (tag === 3) header.dataSize = pbf?.readVarint() ?? -1;
    }, header);
    const start = position + 4 + headerBytes;
    if (header.dataSize < 0 || header.dataSize > MAX_BLOCK_BYTES || start + header.dataSize > bytes.length) {
      throw new InputError(`${path}: block ${block} (${header.type || 'no type'}) declares ${header.dataSize} bytes (expected at most 32 MiB, inside the file); a truncated or corrupt OSM PBF`);
    }
    // Fields not read here (the compressed data) are skipped by readFields.
    const blob = { rawSize: 0 };
    new Pbf(bytes.subarray(start, start + header.dataSize)).readFields((tag, _result, pbf) => {
      if (tag === 2) blob.rawSize = pbf?.readVarint() ?? 0;
    }, blob);
    if (blob.rawSize > MAX_BLOCK_BYTES) throw new InputError(`${path}: block ${block} declares ${blob.rawSize} bytes uncompressed (the OSM PBF format allows 32 MiB)`);
    rawTotal += blob.rawSize;
    if (rawTotal > maxRawBytes) throw new InputError(`${path}: more than ${maxRawBytes / 1024 ** 2} MiB of uncompressed OSM blocks, beyond what is read into memory at once; cut the extract to the city first (osmium extract -b …)`);
    position = start + header.dataSize;
    block++;
  }
  return rawTotal;
}
