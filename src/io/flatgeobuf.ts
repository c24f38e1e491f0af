/**
 * FlatGeobuf vector layers (`.fgb`, as `ogr2ogr -f FlatGeobuf` writes them), decoded with the
 * `flatgeobuf` package; the CRS comes from the header (`EPSG:code`, else its WKT). Before decoding, the
 * file's frame is walked — magic bytes, header, packed R-tree, then each feature's length prefix — and
 * must end exactly at the end of the file with the declared number of features: a cut or corrupt file
 * ends in one line instead of a partial last polygon or a hung reader.
 */
import { ByteBuffer } from 'flatbuffers';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { InputError } from '../errors.js';
import type { RawFeature } from './geojson.js';
import { readWholeFile } from './read-text.js';

/** "fgb" then the format version 3; a little-endian uint32 header length follows the 8 magic bytes. */
const MAGIC = [0x66, 0x67, 0x62, 0x03];
const MAGIC_BYTES = 8;
const PREFIX_BYTES = 12;
/** The whole file is held while decoding, as a GeoJSON layer is. */
const MAX_FGB_BYTES = 512 * 1024 ** 2;

/** The header's feature count and CRS, once the frame around the features has been checked. */
function checkFrame(path: string, bytes: Uint8Array): { featuresCount: number; crsSpec: string | undefined } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PREFIX_BYTES || MAGIC.some((b, k) => bytes[k] !== b)) throw new InputError(`${path}: not a FlatGeobuf file (expected the magic bytes "fgb" version 3)`);
  const headerBytes = view.getUint32(8, true);
  if (PREFIX_BYTES + headerBytes > bytes.length) throw new InputError(`${path}: declares a ${headerBytes}-byte header in a file of ${bytes.length} bytes (a truncated or corrupt FlatGeobuf)`);
  let header;
  try {
    const buffer = new ByteBuffer(bytes.subarray(0, PREFIX_BYTES + headerBytes));
    buffer.setPosition(MAGIC_BYTES); // the header is a size-prefixed table
    // A corrupt column count would have the decoder loop billions of times: each column takes > 4 bytes.
    const columns = Header.getSizePrefixedRootAsHeader(buffer).columnsLength();
    if (!(columns >= 0 && columns <= headerBytes / 4)) throw new Error(`${columns} columns in ${headerBytes} bytes`);
    buffer.setPosition(MAGIC_BYTES);
    header = fromByteBuffer(buffer);
  } catch (error) {
    throw new InputError(`${path}: the FlatGeobuf header cannot be read (${String((error as Error).message ?? error).slice(0, 100)})`);
  }
  const { featuresCount, indexNodeSize, crs } = header;
  let offset = PREFIX_BYTES + headerBytes + (indexNodeSize > 0 && featuresCount > 0 ? calcTreeSize(featuresCount, indexNodeSize) : 0);
  if (offset > bytes.length) throw new InputError(`${path}: the file ends inside its spatial index (a truncated FlatGeobuf)`);
  let count = 0;
  while (offset + 4 <= bytes.length) {
    offset += 4 + view.getUint32(offset, true);
    count++;
  }
  if (offset !== bytes.length || (featuresCount > 0 && count !== featuresCount)) {
    throw new InputError(`${path}: the header declares ${featuresCount || 'some'} features, the file ${offset > bytes.length ? `ends inside feature ${count - 1}` : `holds ${count}`} (a truncated or corrupt FlatGeobuf)`);
  }
  const crsSpec = crs ? (crs.org && crs.code > 0 ? `${crs.org.toUpperCase()}:${crs.code}` : crs.wkt ?? undefined) : undefined;
  return { featuresCount, crsSpec };
}

export async function readFlatGeobuf(path: string): Promise<{ features: RawFeature[]; crsSpec: string | undefined }> {
  const bytes = new Uint8Array(await readWholeFile(path, MAX_FGB_BYTES, 'a FlatGeobuf layer', 'clip it to the study area first (ogr2ogr -spat)'));
  const { crsSpec } = checkFrame(path, bytes);
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  const features: RawFeature[] = [];
  try {
    for await (const f of deserialize(bytes)) {
      features.push({ id: f.id, properties: (f.properties ?? {}) as Record<string, unknown>, geometry: f.geometry as RawFeature['geometry'] });
    }
  } catch (error) {
    throw new InputError(`${path} feature ${features.length}: not a readable FlatGeobuf feature (${String((error as Error).message ?? error).slice(0, 100)})`);
  }
  return { features, crsSpec };
}
