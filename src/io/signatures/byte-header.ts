// The header of a file the byte scanner is to read (parallel.ts on byte ranges, byte-stream.ts on one stream): read
// from the file's first bytes and resolved against the source's mapping, or refused so the text path reads the file
// and reports what is wrong with it.
import { open } from 'node:fs/promises';
import { byteDelimiter, type ByteScannerOptions } from '../../core/signatures/byte-scanner.js';
import { defaultMapping, resolveColumns, type ColumnIndexes } from '../../core/signatures/columns.js';
import { byteOrderMarkProblem, fromLatin1Text } from '../../core/signatures/encoding.js';
import { splitLine } from '../../core/signatures/fast-scanner.js';
import type { ColumnMapping, SignatureEncoding } from '../../core/types.js';

/** A source as the byte paths need it. */
export interface BytePlan {
  file: string;
  /** Name of the file in rejects. */
  name: string;
  label: string;
  delimiter: string;
  mapping: ColumnMapping | 'default';
  encoding: SignatureEncoding;
}

export interface ByteHeader {
  options: ByteScannerOptions;
  columns: ColumnIndexes;
  /** Where the body starts: just after the header's LF. */
  end: number;
}

/** What a byte path counted: the header, the records read and, when the scanner refused a record, where the text path takes over. */
export interface ByteOutcome {
  headerLength: number;
  columns: ColumnIndexes;
  /** Threads that read a part of the file. */
  threads: number;
  /** Records after the header that were read. */
  records: number;
  /** The rest of the file is the full parser's: from this offset of the file, or as this text; `linesBefore` lines precede it. */
  handoff?: { linesBefore: number; offset: number } | { linesBefore: number; text: AsyncIterable<string> };
}

/** The bytes a header must end within. */
export const HEADER_BYTES = 1 << 16;

/**
 * The header in `head` (the file's first bytes, a UTF-8 BOM skipped) if the byte path can take it: a delimiter of one
 * ASCII byte, a LF within HEADER_BYTES, a header line read as the scanners read it, without a problem, not even a
 * warning (the text path reports those, reading the header itself).
 */
export function byteHeader(plan: BytePlan, head: Buffer): ByteHeader | undefined {
  const delimiter = byteDelimiter(plan.delimiter);
  if (delimiter === undefined) return undefined;
  const newline = head.subarray(0, HEADER_BYTES).indexOf(10);
  if (newline < 0) return undefined;
  const bom = plan.encoding === 'utf-8' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let stop = newline;
  if (stop > bom && head[stop - 1] === 13) stop--;
  if (stop <= bom) return undefined;
  const line = plan.encoding === 'utf-8' ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(head.subarray(bom, stop)) : fromLatin1Text(head.toString('latin1', 0, stop), plan.encoding);
  const fields = splitLine(line, plan.delimiter);
  if (!fields) return undefined;
  const mapping = plan.mapping === 'default' ? defaultMapping(fields) : plan.mapping;
  const { indexes, problems } = resolveColumns(fields, mapping, plan.name);
  if (!indexes || problems.length > 0 || byteOrderMarkProblem(fields, plan.encoding, plan.name)) return undefined;
  return { options: { delimiter, headerLength: fields.length, columns: indexes, encoding: plan.encoding }, columns: indexes, end: newline + 1 };
}

/** The file's first bytes, where its header is. */
export async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
