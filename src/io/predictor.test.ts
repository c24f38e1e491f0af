/**
 * Our predictor undo against geotiff.js's `applyPredictor` on random blocks of every sample width,
 * both predictors, interleaved and planar layouts and a short last strip: byte-identical. (Against GDAL
 * it is tested by the GeoTIFF fixtures read in raster.test.ts.)
 */
import { BaseDecoder } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { undoPredictor } from './predictor.js';

function randomBlock(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = seed >>> 0;
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** geotiff.js's own predictor, through its BaseDecoder (its applyPredictor is not exported). */
class GeotiffPredictor extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return buffer;
  }
}

describe('predictor undo', () => {
  const cases: [number, number, number, number][] = [];
  for (const bits of [8, 16, 32]) for (const samples of [1, 3]) for (const planar of [1, 2]) cases.push([2, bits, samples, planar]);
  for (const bits of [32, 64]) for (const samples of [1, 2]) for (const planar of [1, 2]) cases.push([3, bits, samples, planar]);
  it.each(cases)('predictor %i, %i-bit, %i samples, planar %i: byte-identical to geotiff.js', async (predictor, bits, samples, planar) => {
    const width = 37;
    const height = 11;
    const stride = planar === 2 ? 1 : samples;
    // A short last strip: 7 whole rows of a block declared 11 rows high.
    const bytes = 7 * width * stride * (bits / 8);
    const source = randomBlock(bytes, predictor * 1000 + bits * 10 + samples + planar);
    const theirs = source.slice().buffer;
    // Ours at the start of a larger buffer (a reused block buffer that a short strip fills in part).
    const ours = new Uint8Array(bytes + 64 * width);
    ours.set(source);
    const bitsPerSample = Array(planar === 2 ? 1 : samples).fill(bits);
    await new GeotiffPredictor({ tileWidth: width, tileHeight: height, predictor, bitsPerSample, planarConfiguration: planar } as never).decode(theirs);
    undoPredictor(ours.subarray(0, bytes), { predictor, width, height, bitsPerSample, planarConfiguration: planar });
    expect(Buffer.from(ours.subarray(0, bytes)).equals(Buffer.from(theirs))).toBe(true);
  });
});
