/**
 * Block decoders registered with geotiff.js (io/block-decode.ts does the work): DEFLATE through
 * node:zlib (native inflate) rather than geotiff.js's pure-JS inflater; LZW through our typed-array
 * decoder (geotiff.js's was ~14× slower than GDAL in `npm run bench`); PackBits and ZSTD bounded by the
 * block's size. Predictors are undone in place by io/predictor.ts, not by geotiff's BaseDecoder (31 %
 * of a decode profile).
 */
import { addDecoder, BaseDecoder } from 'geotiff';
import { decodeBlock, type BlockParameters } from './block-decode.js';

/** The compression a registered decoder class stands for. */
function createDecoderClass(compression: number): typeof BaseDecoder {
  class Decoder extends BaseDecoder {
    override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
      const { tileWidth, tileHeight, predictor, bitsPerSample, planarConfiguration } = this.parameters as { tileWidth: number; tileHeight: number; predictor: number; bitsPerSample: number | ArrayLike<number>; planarConfiguration: number };
      const parameters: BlockParameters = { tileWidth, tileHeight, predictor, planarConfiguration, bitsPerSample: typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample) };
      return decodeBlock(compression, buffer, parameters);
    }
  }
  return Decoder as unknown as typeof BaseDecoder;
}

let registered = false;

/** Registers the native decoders once per process (idempotent); they decode on the calling thread. */
export function registerNativeDecoders(): void {
  if (registered) return;
  registered = true;
  // TIFF compression 8 (Adobe Deflate) and 32946 (old Deflate), LZW, PackBits, ZSTD.
  addDecoder([8, 32946], async () => createDecoderClass(8), undefined, false);
  addDecoder(5, async () => createDecoderClass(5), undefined, false);
  addDecoder(32773, async () => createDecoderClass(32773), undefined, false);
  addDecoder(50000, async () => createDecoderClass(50000), undefined, false);
}
