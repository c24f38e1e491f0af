/**
 * Block decoders registered with geotiff.js. DEFLATE goes through node:zlib (native inflate) rather
 * than geotiff.js's pure-JS inflater; LZW through our typed-array decoder (geotiff.js's was ~14× slower
 * than GDAL in `npm run bench`). Predictors are still applied by geotiff's BaseDecoder.
 */
import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { decodeTiffLzw } from './lzw.js';

/** The bytes a block holds when decoded: its cells × the bytes of a pixel (all samples, or one plane). */
function toBlockBytes(parameters: unknown): number {
  const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = parameters as { tileWidth: number; tileHeight: number; bitsPerSample: number[]; planarConfiguration: number };
  const bytesPerPixel = (planarConfiguration === 2 ? bitsPerSample[0] : bitsPerSample.reduce((sum, bits) => sum + bits, 0)) / 8;
  return Math.ceil(tileWidth * tileHeight * bytesPerPixel);
}

class ZlibDeflateDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    // Never more than the block can hold: a DEFLATE bomb fails here instead of filling memory.
    const inflated = inflateSync(new Uint8Array(buffer), { maxOutputLength: Math.max(1, toBlockBytes(this.parameters)) });
    // A Buffer may be a view into a larger pooled ArrayBuffer: hand back exactly its bytes.
    if (inflated.byteOffset === 0 && inflated.byteLength === inflated.buffer.byteLength) return inflated.buffer;
    return inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength);
  }
}

class FastLzwDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    // Interleaved blocks hold every sample of a pixel; separate planes hold one.
    const decoded = decodeTiffLzw(new Uint8Array(buffer), toBlockBytes(this.parameters));
    return decoded.byteOffset === 0 && decoded.byteLength === decoded.buffer.byteLength ? decoded.buffer : decoded.slice().buffer;
  }
}

let registered = false;

/** Registers the native decoders once per process (idempotent). */
export function registerNativeDecoders(): void {
  if (registered) return;
  registered = true;
  // TIFF compression 8 (Adobe Deflate) and 32946 (old Deflate); decode on the calling thread.
  addDecoder([8, 32946], async () => ZlibDeflateDecoder as unknown as typeof BaseDecoder, undefined, false);
  addDecoder(5, async () => FastLzwDecoder as unknown as typeof BaseDecoder, undefined, false);
}
