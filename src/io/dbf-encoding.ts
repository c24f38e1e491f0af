/**
 * Which text encoding a Shapefile's .dbf uses, so that "Côte d'Ivoire" never becomes "C�te d'Ivoire":
 * the .cpg file when there is one (ESRI's convention: `UTF-8`, `1252`, `ISO-8859-1`, …); else the
 * DBF header's language-driver byte (byte 29) for the code pages it names; else UTF-8 when the
 * records are valid UTF-8. Anything else is the user's to say, with a .cpg file: guessing would
 * print a wrong name (exit 2).
 */
import { describeFound, InputError } from '../errors.js';

/** Language-driver ids of the DBF header and the Windows code pages they name (ESRI, dBASE). */
const LANGUAGE_DRIVERS: Readonly<Record<number, string>> = {
  0x03: 'windows-1252', 0x57: 'windows-1252', 0x58: 'windows-1252', 0x59: 'windows-1252',
  0xc8: 'windows-1250', 0xc9: 'windows-1251', 0xcb: 'windows-1253', 0xca: 'windows-1254',
  0x7d: 'windows-1255', 0x7e: 'windows-1256', 0xcc: 'windows-1257', 0x1b: 'windows-1252',
};

/** A .cpg content as a WHATWG encoding label: bare code page numbers are Windows code pages. */
function toEncodingLabel(cpg: string): string {
  const text = cpg.trim().toLowerCase();
  if (text === '65001') return 'utf-8';
  if (/^(125\d)$/.test(text)) return `windows-${text}`;
  if (/^88591$/.test(text)) return 'iso-8859-1';
  return text;
}

/** The first byte offset at which `bytes` stop being valid UTF-8, or -1. */
function findInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Narrow it down for the message: the first record whose bytes do not decode.
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b < 0x80) continue;
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      try {
        if (length === 0) throw new Error('continuation');
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
        i += length - 1;
      } catch {
        return i;
      }
    }
    return 0;
  }
}

export function chooseDbfEncoding(dbfPath: string, dbf: Uint8Array, cpg: string | undefined, cpgPath: string | undefined): string {
  if (cpg !== undefined) {
    const label = toEncodingLabel(cpg);
    try {
      return new TextDecoder(label).encoding;
    } catch {
      throw new InputError(`${cpgPath}: unknown text encoding ${describeFound(cpg.trim())} (expected UTF-8, 1252, ISO-8859-1 or another WHATWG encoding name)`);
    }
  }
  const fromDriver = LANGUAGE_DRIVERS[dbf[29]];
  if (fromDriver) return fromDriver;
  const headerBytes = dbf.length >= 10 ? dbf[8] | (dbf[9] << 8) : 0;
  const invalid = findInvalidUtf8(dbf.subarray(headerBytes));
  if (invalid < 0) return 'utf-8';
  const recordBytes = dbf.length >= 12 ? dbf[10] | (dbf[11] << 8) : 0;
  const record = recordBytes > 0 ? Math.floor(invalid / recordBytes) : 0;
  throw new InputError(`${dbfPath} record ${record}: text that is not UTF-8 (byte 0x${dbf[headerBytes + invalid].toString(16)}), and no .cpg file names its encoding; add one beside it (e.g. containing 1252 for Windows Latin-1)`);
}
