import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { fromLatin1Text } from '../../core/signatures/encoding.js';
import type { SignatureEncoding } from '../../core/types.js';

/**
 * Streams a file as text: gunzipped on the fly when the name ends in `.gz`, decoded as UTF-8 with a streaming decoder
 * (a character split across two chunks is decoded whole), BOM stripped. StringDecoder rather than TextDecoder: it
 * makes one-byte strings for ASCII text, which decode and then scan about three times faster. Bytes that are not UTF-8 become U+FFFD, which
 * the tally rejects as `bad-encoding` on the row that holds them. `onBytes` reports bytes read from disk (compressed
 * bytes for a .gz), for progress. A single-byte `encoding` (windows-1252, latin1) decodes each byte alone: no BOM, no
 * U+FFFD. `start`: a byte offset to begin at (not for .gz). `lineEnds: 'cr'` (a file whose
 * lines end in CR alone, see sniff.ts) turns every CR into LF, so every reader sees the lines it knows.
 */
export async function* readText(
  path: string,
  onBytes?: (n: number) => void,
  chunkBytes = 1 << 20,
  start = 0,
  lineEnds: 'lf' | 'cr' = 'lf',
  encoding: SignatureEncoding = 'utf-8',
): AsyncGenerator<string> {
  yield* decodeText(readBytes(path, onBytes, chunkBytes, start), lineEnds, encoding, start === 0);
}

/** A file's bytes as they are read (gunzipped for a `.gz`, as readText says). */
export async function* readBytes(path: string, onBytes?: (n: number) => void, chunkBytes = 1 << 20, start = 0): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: chunkBytes, start });
  if (onBytes) file.on('data', (chunk) => onBytes(chunk.length));
  const bytes = path.toLowerCase().endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: Math.max(64, Math.min(chunkBytes, 1 << 18)) })) : file;
  file.on('error', (error) => bytes.destroy(error)); // pipe() does not forward errors
  try {
    yield* bytes as AsyncIterable<Buffer>;
  } finally {
    file.destroy();
  }
}

/** Bytes as text, as readText says; `fileStart`: the bytes start the file (where a UTF-8 BOM may be). */
export async function* decodeText(bytes: AsyncIterable<Buffer>, lineEnds: 'lf' | 'cr', encoding: SignatureEncoding, fileStart: boolean): AsyncGenerator<string> {
  const decoder = encoding === 'utf-8' ? new StringDecoder('utf8') : singleByteDecoder(encoding);
  let atStart = fileStart && encoding === 'utf-8'; // a BOM is only one at the start of a UTF-8 file
  for await (const chunk of bytes) {
    let text = decoder.write(chunk);
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (lineEnds === 'cr') text = text.replaceAll('\r', '\n');
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  const last = lineEnds === 'cr' ? rest.replaceAll('\r', '\n') : rest;
  if (last.length > 0) yield atStart && last.charCodeAt(0) === 0xfeff ? last.slice(1) : last;
}

/** A decoder of one character per byte: nothing is ever left over between chunks. */
function singleByteDecoder(encoding: Exclude<SignatureEncoding, 'utf-8'>): { write(chunk: Buffer): string; end(): string } {
  return { write: (chunk) => fromLatin1Text(chunk.toString('latin1'), encoding), end: () => '' };
}
