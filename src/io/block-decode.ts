/**
 * Decoding one TIFF block: decompression (DEFLATE by zlib into the caller's buffer, io/inflate-into.ts;
 * LZW by our typed-array decoder, PackBits, ZSTD by zstddec's WebAssembly) and the predictor undone in
 * place (io/predictor.ts). Blocks decode into a buffer the caller may reuse from block to block
 * (io/block-buffers.ts). Every decoder writes at most the bytes a block holds, so a decompression bomb
 * ends in an error, not in memory exhaustion. Used by io/raster.ts on the main thread and in the
 * decode threads (io/decode-worker.ts) alike; geotiff.js decodes only what is not listed here (LERC,
 * JPEG, …) and fills empty blocks, with its own decoders.
 */
import type { ZSTDDecoder } from 'zstddec';
import { inflateInto } from './inflate-into.js';
import { decodeTiffLzw } from './lzw.js';
import { undoPredictor } from './predictor.js';

/** What geotiff.js hands a decoder: the block's size, layout and predictor. */
export interface BlockParameters {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly planarConfiguration: number;
  readonly bitsPerSample: readonly number[];
  readonly predictor: number;
}

/** TIFF compression codes decoded here. */
export const DECODED_COMPRESSIONS = [5, 8, 32946, 32773, 50000] as const;

/** The bytes a block holds when decoded: its cells × the bytes of a pixel (all samples, or one plane). */
export function toBlockBytes(parameters: BlockParameters): number {
  const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = parameters;
  const bytesPerPixel = (planarConfiguration === 2 ? bitsPerSample[0] : bitsPerSample.reduce((sum, bits) => sum + bits, 0)) / 8;
  return Math.ceil(tileWidth * tileHeight * bytesPerPixel);
}

/** `output` when it holds the block exactly, else a new buffer of the block's size (at least one byte). */
function toBlockOutput(parameters: BlockParameters, output?: Uint8Array): Uint8Array {
  const blockBytes = Math.max(1, toBlockBytes(parameters));
  return output?.length === blockBytes ? output : new Uint8Array(blockBytes);
}

/** TIFF PackBits (compression 32773) into `out`: runs and literals, never past the block's size. */
function unpackBits(input: Uint8Array, out: Uint8Array): Uint8Array {
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
  return out.subarray(0, pos);
}

/**
 * ZSTD (compression 50000), bounded: a frame that declares more than the block holds is refused
 * before any allocation, and a frame without a declared size is decoded into a buffer of the block's
 * size only.
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

let zstdLoading: Promise<ZSTDDecoder> | null = null;
let zstd: ZSTDDecoder | null = null;

/**
 * Makes ready what decoding blocks of `compression` needs before decodeBlock (which is synchronous):
 * zstddec's WebAssembly for ZSTD, loaded for ZSTD blocks only (it is inlined in the module: loading it
 * cost every decode thread's start).
 */
export async function prepareDecoder(compression: number): Promise<void> {
  if (compression !== 50000 || zstd) return;
  zstdLoading ??= (async () => {
    const decoder = new (await import('zstddec')).ZSTDDecoder();
    await decoder.init();
    return decoder;
  })();
  zstd = await zstdLoading;
}

/** ZSTD into `out` (the block's size), copied out of the decoder's WebAssembly memory. */
function unzstd(frame: Uint8Array, out: Uint8Array): Uint8Array {
  const decoder = zstd;
  if (!decoder) throw new Error('the ZSTD decoder is used before prepareDecoder(50000)');
  const blockBytes = out.length;
  const declared = readZstdFrameSize(frame);
  if (declared !== null && declared > blockBytes) throw new RangeError(`the ZSTD frame declares ${declared} bytes, the block holds ${blockBytes}`);
  const decoded = decoder.decode(frame, declared ?? blockBytes);
  // zstddec hands back a slice of its heap even when decoding failed: a result longer than asked is one.
  if (decoded.byteLength > (declared ?? blockBytes)) throw new RangeError('the ZSTD frame does not decode into the block');
  out.set(decoded);
  return out.subarray(0, decoded.byteLength);
}

/**
 * Decompresses a block (one of DECODED_COMPRESSIONS), without the predictor: the decoded bytes, at the
 * start of `output` when it holds the block exactly (else in a buffer of their own).
 */
export function decompressBlock(compression: number, bytes: ArrayBufferLike | Uint8Array, parameters: BlockParameters, output?: Uint8Array): Uint8Array {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  switch (compression) {
    case 8:
    case 32946: {
      // Never more than the block can hold: a DEFLATE bomb fails here instead of filling memory.
      const out = toBlockOutput(parameters, output);
      return out.subarray(0, inflateInto(input, out));
    }
    case 5:
      // Interleaved blocks hold every sample of a pixel; separate planes hold one.
      return decodeTiffLzw(input, toBlockOutput(parameters, output));
    case 32773:
      return unpackBits(input, toBlockOutput(parameters, output));
    case 50000:
      return unzstd(input, toBlockOutput(parameters, output));
    default:
      throw new RangeError(`compression ${compression} is not decoded here`);
  }
}

/** Decompresses a block (into `output`, as decompressBlock) and undoes its predictor in place; prepareDecoder first. */
export function decodeBlock(compression: number, bytes: ArrayBufferLike | Uint8Array, parameters: BlockParameters, output?: Uint8Array): Uint8Array {
  const decoded = decompressBlock(compression, bytes, parameters, output);
  if (parameters.predictor === 1) return decoded;
  const { predictor, tileWidth: width, tileHeight: height, bitsPerSample, planarConfiguration } = parameters;
  return undoPredictor(decoded, { predictor, width, height, bitsPerSample: [...bitsPerSample], planarConfiguration });
}
