import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { fromLatin1Text } from '../../core/signatures/encoding.js';
import { SNIFF_BYTES, sniffSignatureBytes } from '../../core/signatures/sniff.js';
import { guessDelimiter, guessEncoding, type Guess } from '../../core/signatures/suggest-mapping.js';
import type { SignatureEncoding } from '../../core/types.js';
import { readRecords, StopReading } from './records.js';

/** A signature file's header and first rows, read as `--suggest-mapping` guesses it should be read. */
export interface SourceSample {
  header: string[];
  rows: string[][];
  delimiter: Guess<string>;
  encoding: Guess<SignatureEncoding>;
}

/**
 * Reads the first 64 KiB of a file (decompressed, for a .gz) and at most `maxRows` records after its header, with the
 * delimiter and encoding guessed from them. A file the counting would refuse (UTF-16, a .gz that is not) is a message.
 */
export async function readSourceSample(file: string, maxRows: number): Promise<{ sample: SourceSample } | { message: string; hint: string }> {
  const stats = await stat(file);
  if (!stats.isFile()) return { message: 'is not a regular file', hint: 'name the CSV file itself' };
  const gzipped = file.toLowerCase().endsWith('.gz');
  const raw = await readHead(file, false);
  const sniffed = sniffSignatureBytes(raw.bytes, gzipped);
  if (!sniffed.ok) return sniffed;
  const { bytes, truncated } = gzipped ? await readHead(file, true) : raw;
  const encoding = guessEncoding(bytes, truncated);
  let text = encoding.value === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : fromLatin1Text(Buffer.from(bytes).toString('latin1'), encoding.value);
  // Line ends of CR alone (old Mac exports) read as LF, as the counting reads them (sniff.ts).
  if (!text.includes('\n')) text = text.replaceAll('\r', '\n');
  if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1); // the last line may be cut
  const delimiter = guessDelimiter(firstLine(text));
  const records: string[][] = [];
  await readRecords(
    oneChunk(text),
    delimiter.value,
    'fast',
    (fields) => {
      records.push(fields);
      if (records.length > maxRows) throw new StopReading();
    },
    async () => {},
  );
  return { sample: { header: records[0] ?? [], rows: records.slice(1), delimiter, encoding } };
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/** The first SNIFF_BYTES of the file (decompressed when `gunzip`), and whether the file goes on after them. */
async function readHead(file: string, gunzip: boolean): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!gunzip) {
    const handle = await open(file, 'r');
    try {
      const buffer = new Uint8Array(SNIFF_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { bytes: buffer.subarray(0, Math.min(bytesRead, SNIFF_BYTES)), truncated: bytesRead > SNIFF_BYTES };
    } finally {
      await handle.close();
    }
  }
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length > SNIFF_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const all = Buffer.concat(chunks);
  return { bytes: all.subarray(0, SNIFF_BYTES), truncated: all.length > SNIFF_BYTES };
}
