// The text encodings a signature source may declare (`signatures.sources[].encoding`), and their decoding.
import { problem } from '../errors.js';
import type { Problem, SignatureEncoding } from '../types.js';

/**
 * Accepted names, matched case-insensitively with `_` read as `-`. `latin1` is ISO-8859-1 itself, where bytes
 * 0x80–0x9F are C1 controls (which the text policy refuses, row by row): not the WHATWG label, which means
 * windows-1252. A file from Excel on Windows is windows-1252, where those bytes are € ‚ „ … ‘ ’ “ ” – — and the like.
 */
const NAMES: Record<string, SignatureEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  'x-cp1252': 'windows-1252',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  iso88591: 'latin1',
  l1: 'latin1',
};

export const ENCODING_HINT = 'one of utf-8 (or utf8), windows-1252 (or cp1252), latin1 (or iso-8859-1)';

/** The encoding a source names, or undefined when the name is not one we read. */
export function encodingNamed(name: string): SignatureEncoding | undefined {
  return NAMES[name.trim().toLowerCase().replaceAll('_', '-')];
}

/** Windows-1252's characters for bytes 0x80–0x9F (the WHATWG index); its other bytes are ISO-8859-1's. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((code) => String.fromCharCode(code));

/**
 * Text of a single-byte source from its bytes read as Latin-1 (one character per byte, which is what the readers
 * already hold): ISO-8859-1 is that text; Windows-1252 differs only in 0x80–0x9F. (The five bytes Windows-1252 leaves
 * undefined stay C1 controls, as the WHATWG decoder has them.) Our own table, not TextDecoder: Node 20's
 * TextDecoder('windows-1252') decodes ISO-8859-1.
 */
export function fromLatin1Text(text: string, encoding: Exclude<SignatureEncoding, 'utf-8'>): string {
  if (encoding === 'latin1') return text;
  return text.replace(/[\x80-\x9f]/g, (ch) => WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]!);
}

/** A UTF-8 byte order mark, as a single-byte decoder reads it (both give "ï»¿"). */
const BOM_AS_SINGLE_BYTES = '\u00ef\u00bb\u00bf';

/**
 * A source declared single-byte whose file starts with a UTF-8 byte order mark: the file is UTF-8, and read as
 * declared every accented letter would be wrong. An error on the header, so the source is not counted.
 */
export function byteOrderMarkProblem(header: readonly string[], encoding: SignatureEncoding, file: string): Problem | undefined {
  if (encoding === 'utf-8' || !(header[0] ?? '').startsWith(BOM_AS_SINGLE_BYTES)) return undefined;
  return problem(file, 1, 'encoding', `the file starts with a UTF-8 byte order mark, but its source says ${encoding}`, 'the file is UTF-8: remove encoding from the source');
}
