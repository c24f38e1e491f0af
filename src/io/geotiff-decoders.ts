/**
 * Block decoders registered with geotiff.js. DEFLATE goes through node:zlib (native inflate) rather
 * than geotiff.js's pure-JS inflater; predictors are still applied by geotiff's BaseDecoder.
 */
import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';

class ZlibDeflateDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const inflated = inflateSync(new Uint8Array(buffer));
    // A Buffer may be a view into a larger pooled ArrayBuffer: hand back exactly its bytes.
    if (inflated.byteOffset === 0 && inflated.byteLength === inflated.buffer.byteLength) return inflated.buffer;
    return inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength);
  }
}

let registered = false;

/** Registers the native decoders once per process (idempotent). */
export function registerNativeDecoders(): void {
  if (registered) return;
  registered = true;
  // TIFF compression 8 (Adobe Deflate) and 32946 (old Deflate); decode on the calling thread.
  addDecoder([8, 32946], async () => ZlibDeflateDecoder as unknown as typeof BaseDecoder, undefined, false);
}
