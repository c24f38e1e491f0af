/**
 * Block decoders registered with geotiff.js. DEFLATE goes through node:zlib (native inflate) rather
 * than geotiff.js's pure-JS inflater; LZW through our typed-array decoder (geotiff.js's was ~14× slower
 * than GDAL in `npm run bench`). Every decoder writes at most the bytes a block holds, so a
 * decompression bomb ends in an error, not in memory exhaustion. Predictors are undone in place by
 * io/predictor.ts, not by geotiff's BaseDecoder (31 % of a decode profile).
 */
import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { ZSTDDecoder } from 'zstddec';
import { decodeTiffLzw } from './lzw.js';
import { undoPredictor } from './predictor.js';

/** The bytes a block holds when decoded: its cells × the bytes of a pixel (all samples, or one plane). */
function toBlockBytes(parameters: unknown): number {
  const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = parameters as { tileWidth: number; tileHeight: number; bitsPerSample: number[]; planarConfiguration: number };
  const bytesPerPixel = (planarConfiguration === 2 ? bitsPerSample[0] : bitsPerSample.reduce((sum, bits) => sum + bits, 0)) / 8;
  return Math.ceil(tileWidth * tileHeight * bytesPerPixel);
}

/** A decoder whose predictor is undone by io/predictor.ts. */
abstract class PredictedDecoder extends BaseDecoder {
  override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const decoded = await this.decodeBlock(buffer);
    const { tileWidth, tileHeight, predictor, bitsPerSample, planarConfiguration } = this.parameters as { tileWidth: number; tileHeight: number; predictor: number; bitsPerSample: number | ArrayLike<number>; planarConfiguration: number };
    if (predictor === 1) return decoded;
    const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample);
    return undoPredictor(decoded, { predictor, width: tileWidth, height: tileHeight, bitsPerSample: bits, planarConfiguration });
  }
}

class ZlibDeflateDecoder extends PredictedDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    // Never more than the block can hold: a DEFLATE bomb fails here instead of filling memory.
    const inflated = inflateSync(new Uint8Array(buffer), { maxOutputLength: Math.max(1, toBlockBytes(this.parameters)) });
    // A Buffer may be a view into a larger pooled ArrayBuffer: hand back exactly its bytes.
    if (inflated.byteOffset === 0 && inflated.byteLength === inflated.buffer.byteLength) return inflated.buffer;
    return inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength);
  }
}

class FastLzwDecoder extends PredictedDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    // Interleaved blocks hold every sample of a pixel; separate planes hold one.
    const decoded = decodeTiffLzw(new Uint8Array(buffer), toBlockBytes(this.parameters));
    return decoded.byteOffset === 0 && decoded.byteLength === decoded.buffer.byteLength ? decoded.buffer : decoded.slice().buffer;
  }
}

/** TIFF PackBits (compression 32773): runs and literals, never past the block's size. */
class BoundedPackBitsDecoder extends PredictedDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const input = new Uint8Array(buffer);
    const out = new Uint8Array(toBlockBytes(this.parameters));
    let pos = 0;
    for (let i = 0; i < input.length && pos < out.length;) {
      const header = (input[i++] << 24) >> 24; // signed byte
      if (header >= 0) {
        const count = Math.min(header + 1, out.length - pos, input.length - i);
        out.set(input.subarray(i, i + count), pos);
        pos += count;
        i += header + 1;
      } else if (header !== -128) {
        const count = Math.min(1 - header, out.length - pos);
        out.fill(input[i++], pos, pos + count);
        pos += count;
      }
    }
    return out.buffer.slice(0, pos);
  }
}

/**
 * ZSTD (compression 50000) through zstddec's WebAssembly decoder, bounded: a frame that declares more
 * than the block holds is refused before any allocation, and a frame without a declared size is
 * decoded into a buffer of the block's size only.
 */
function readZstdFrameSize(frame: Uint8Array): number | null {
  if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) throw new RangeError('not a ZSTD frame');
  const descriptor = frame[4];
  const sizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
  const sizeBytes = sizeFlag === 0 ? singleSegment : [0, 2, 4, 8][sizeFlag];
  if (sizeBytes === 0) return null;
  let size = 0;
  for (let k = sizeBytes - 1; k >= 0; k--) size = size * 256 + (frame[at + k] ?? 0);
  return sizeBytes === 2 ? size + 256 : size;
}

const zstd = new ZSTDDecoder();

class BoundedZstdDecoder extends PredictedDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const frame = new Uint8Array(buffer);
    const blockBytes = toBlockBytes(this.parameters);
    const declared = readZstdFrameSize(frame);
    if (declared !== null && declared > blockBytes) throw new RangeError(`the ZSTD frame declares ${declared} bytes, the block holds ${blockBytes}`);
    const decoded = zstd.decode(frame, declared ?? blockBytes);
    // zstddec hands back a slice of its heap even when decoding failed: a result longer than asked is one.
    if (decoded.byteLength > (declared ?? blockBytes)) throw new RangeError('the ZSTD frame does not decode into the block');
    return decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + decoded.byteLength);
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
  addDecoder(32773, async () => BoundedPackBitsDecoder as unknown as typeof BaseDecoder, undefined, false);
  addDecoder(50000, async () => {
    await zstd.init();
    return BoundedZstdDecoder as unknown as typeof BaseDecoder;
  }, undefined, false);
}
