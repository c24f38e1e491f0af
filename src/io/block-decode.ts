/**
 * Decoding one TIFF block: decompression (DEFLATE by node:zlib, LZW by our typed-array decoder,
 * PackBits, ZSTD by zstddec's WebAssembly) and the predictor undone in place (io/predictor.ts). Every
 * decoder writes at most the bytes a block holds, so a decompression bomb ends in an error, not in
 * memory exhaustion. Used by io/raster.ts on the main thread and in the decode threads
 * (io/decode-worker.ts) alike; geotiff.js decodes only what is not listed here (LERC, JPEG, …) and
 * fills empty blocks, with its own decoders.
 */
import { inflateSync } from 'node:zlib';
import type { ZSTDDecoder } from 'zstddec';
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

/** The largest single output chunk asked of zlib (a whole strip of a huge raster is inflated in pieces of this). */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

/** TIFF compression codes decoded here. */
export const DECODED_COMPRESSIONS = [5, 8, 32946, 32773, 50000] as const;

/** The bytes a block holds when decoded: its cells × the bytes of a pixel (all samples, or one plane). */
export function toBlockBytes(parameters: BlockParameters): number {
  const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = parameters;
  const bytesPerPixel = (planarConfiguration === 2 ? bitsPerSample[0] : bitsPerSample.reduce((sum, bits) => sum + bits, 0)) / 8;
  return Math.ceil(tileWidth * tileHeight * bytesPerPixel);
}

/** A view's bytes as an ArrayBuffer of exactly that length (no copy when the view is the whole buffer). */
function toExactBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return view.buffer as ArrayBuffer;
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

function inflateBlock(input: Uint8Array, parameters: BlockParameters): ArrayBuffer {
  // Never more than the block can hold: a DEFLATE bomb fails here instead of filling memory. One output
  // chunk of the block's size: zlib's default 16 KB chunks would be joined by a copy (10 % of a profile).
  const blockBytes = Math.max(1, toBlockBytes(parameters));
  return toExactBuffer(inflateSync(input, { maxOutputLength: blockBytes, chunkSize: Math.max(64, Math.min(blockBytes, MAX_CHUNK_BYTES)) }));
}

/** TIFF PackBits (compression 32773): runs and literals, never past the block's size. */
function unpackBits(input: Uint8Array, parameters: BlockParameters): ArrayBuffer {
  const out = new Uint8Array(toBlockBytes(parameters));
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

let zstd: Promise<ZSTDDecoder> | null = null;

async function unzstd(frame: Uint8Array, parameters: BlockParameters): Promise<ArrayBuffer> {
  zstd ??= (async () => {
    // Loaded for ZSTD blocks only (its WebAssembly is inlined in the module: loading it costs every decode thread's start).
    const decoder = new (await import('zstddec')).ZSTDDecoder();
    await decoder.init();
    return decoder;
  })();
  const decoder = await zstd;
  const blockBytes = toBlockBytes(parameters);
  const declared = readZstdFrameSize(frame);
  if (declared !== null && declared > blockBytes) throw new RangeError(`the ZSTD frame declares ${declared} bytes, the block holds ${blockBytes}`);
  const decoded = decoder.decode(frame, declared ?? blockBytes);
  // zstddec hands back a slice of its heap even when decoding failed: a result longer than asked is one.
  if (decoded.byteLength > (declared ?? blockBytes)) throw new RangeError('the ZSTD frame does not decode into the block');
  return decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + decoded.byteLength) as ArrayBuffer;
}

/** Decompresses a block (one of DECODED_COMPRESSIONS), without the predictor. */
export async function decompressBlock(compression: number, bytes: ArrayBufferLike | Uint8Array, parameters: BlockParameters): Promise<ArrayBuffer> {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  switch (compression) {
    case 8:
    case 32946:
      return inflateBlock(input, parameters);
    case 5:
      // Interleaved blocks hold every sample of a pixel; separate planes hold one.
      return toExactBuffer(decodeTiffLzw(input, toBlockBytes(parameters)));
    case 32773:
      return unpackBits(input, parameters);
    case 50000:
      return unzstd(input, parameters);
    default:
      throw new RangeError(`compression ${compression} is not decoded here`);
  }
}

/** Decompresses a block and undoes its predictor in place. */
export async function decodeBlock(compression: number, bytes: ArrayBufferLike | Uint8Array, parameters: BlockParameters): Promise<ArrayBuffer> {
  const decoded = await decompressBlock(compression, bytes, parameters);
  if (parameters.predictor === 1) return decoded;
  const { predictor, tileWidth: width, tileHeight: height, bitsPerSample, planarConfiguration } = parameters;
  return undoPredictor(decoded, { predictor, width, height, bitsPerSample: [...bitsPerSample], planarConfiguration }) as ArrayBuffer;
}
