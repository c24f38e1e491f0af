import { deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateByCopy, inflateInto, inflatesInPlace } from './inflate-into.js';

/** 100,000 bytes that compress, as a block of cells does. */
const plain = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251);
const stream = deflateSync(plain);

it("drives this Node's zlib context directly (a Node whose zlib differs falls back to inflateSync: slower, same bytes)", () => {
  expect(inflatesInPlace()).toBe(true);
});

describe.each([['inflateInto', inflateInto], ['inflateByCopy', inflateByCopy]] as const)('%s', (_, inflate) => {
  it('inflates into the given buffer exactly what zlib.inflateSync gives, block after block', () => {
    for (let k = 0; k < 3; k++) {
      const output = new Uint8Array(plain.length).fill(0xa5);
      expect(inflate(stream, output)).toBe(plain.length);
      expect(Buffer.from(output).equals(inflateSync(stream))).toBe(true);
    }
  });

  it('writes a shorter stream at the start and says how much', () => {
    const output = new Uint8Array(plain.length + 10).fill(0xa5);
    expect(inflate(stream, output)).toBe(plain.length);
    expect(Buffer.from(output.subarray(0, plain.length)).equals(Buffer.from(plain))).toBe(true);
    expect([...output.subarray(plain.length)]).toEqual(Array(10).fill(0xa5));
  });

  it('refuses a stream that holds more than the buffer (a DEFLATE bomb), then inflates the next block', () => {
    expect(() => inflate(stream, new Uint8Array(plain.length - 1))).toThrow(`holds more than the block's ${plain.length - 1} bytes`);
    const bomb = deflateSync(new Uint8Array(50_000_000));
    expect(() => inflate(bomb, new Uint8Array(65_536))).toThrow(/holds more than/);
    expect(inflate(stream, new Uint8Array(plain.length))).toBe(plain.length);
  });

  it.each([
    ['truncated', stream.subarray(0, stream.length - 10)],
    ['missing its checksum', stream.subarray(0, stream.length - 4)],
    ['corrupt', Uint8Array.from(stream, (b, i) => (i === 50 ? b ^ 0xff : b))],
    ['raw DEFLATE, without the zlib header', deflateRawSync(plain)],
    ['empty', new Uint8Array(0)],
  ])('refuses a %s stream with an error, then inflates the next block', (__, bad) => {
    expect(() => inflate(bad, new Uint8Array(plain.length))).toThrow(RangeError);
    const output = new Uint8Array(plain.length);
    expect(inflate(stream, output)).toBe(plain.length);
    expect(Buffer.from(output).equals(Buffer.from(plain))).toBe(true);
  });

  it('ignores bytes after the end of the stream, as inflateSync does', () => {
    const padded = new Uint8Array(stream.length + 5);
    padded.set(stream);
    const output = new Uint8Array(plain.length);
    expect(inflate(padded, output)).toBe(plain.length);
    expect(Buffer.from(output).equals(Buffer.from(plain))).toBe(true);
  });
});
