/**
 * TIFF LZW decoding (TIFF 6.0 §13: MSB-first codes of 9–12 bits, Clear = 256, EOI = 257, code width
 * growing one code early). Every dictionary entry beyond the 256 literals is "previous string + one
 * byte", which the output already holds contiguously where the previous string was emitted; so an
 * entry is just (start, length) in the output and emitting it is a copy — no string chasing.
 */

const CLEAR = 256;
const EOI = 257;
const MAX_CODES = 4096;
/** Below this length a byte loop beats copyWithin's call overhead. */
const SHORT_COPY = 16;

const entryStart = new Int32Array(MAX_CODES);
const entryLength = new Int32Array(MAX_CODES).fill(1, 0, 256);

/** Decodes `input` into `out` (the block's size; codes beyond it are ignored): the bytes written, a view of `out`. */
export function decodeTiffLzw(input: Uint8Array, out: Uint8Array): Uint8Array {
  let pos = 0;
  let next = 258;
  let width = 9;
  let old = -1;
  let oldStart = 0;
  let bitPos = 0;
  const totalBits = input.length * 8;
  // Codes are read three bytes at a time; the last two bytes of the stream are read one by one (no read past its end).
  const lastSafeByte = input.length - 3;
  while (bitPos + width <= totalBits) {
    const bytePos = bitPos >>> 3;
    const chunk = bytePos <= lastSafeByte
      ? (input[bytePos] << 16) | (input[bytePos + 1] << 8) | input[bytePos + 2]
      : (input[bytePos] << 16) | ((bytePos + 1 < input.length ? input[bytePos + 1] : 0) << 8);
    const code = (chunk >>> (24 - (bitPos & 7) - width)) & ((1 << width) - 1);
    bitPos += width;
    if (code === EOI) break;
    if (code === CLEAR) {
      next = 258;
      width = 9;
      old = -1;
      continue;
    }
    if (old !== -1 && code > next) throw new RangeError(`invalid LZW code ${code} at bit ${bitPos - width}`);
    const n = code < 256 ? 1 : code < next ? entryLength[code] : entryLength[old] + 1;
    // Never more than the block holds (as libtiff reads only the bytes it asks for): an LZW bomb stops here.
    if (pos + n > out.length) {
      const room = out.length - pos;
      const from = code < 256 ? -1 : code < next ? entryStart[code] : oldStart;
      if (from === -1) out[pos] = code;
      else for (let k = 0; k < room; k++) out[pos + k] = out[from + k];
      pos += room;
      break;
    }
    if (code < 256) {
      out[pos] = code;
    } else if (code < next) {
      const from = entryStart[code];
      if (n < SHORT_COPY) for (let k = 0; k < n; k++) out[pos + k] = out[from + k];
      else out.copyWithin(pos, from, from + n);
    } else {
      // KwKwK: the code being defined now = previous string + its own first byte. The previous string
      // ends where this one starts (runs of one value grow this way by a byte a code: long copies).
      if (n < SHORT_COPY) for (let k = 0; k < n - 1; k++) out[pos + k] = out[oldStart + k];
      else out.copyWithin(pos, oldStart, oldStart + n - 1);
      out[pos + n - 1] = out[oldStart];
    }
    if (old !== -1 && next < MAX_CODES) {
      entryStart[next] = oldStart;
      entryLength[next] = entryLength[old] + 1;
      next++;
      if (next === (1 << width) - 1 && width < 12) width++;
    }
    old = code;
    oldStart = pos;
    pos += n;
  }
  return pos === out.length ? out : out.subarray(0, pos);
}
