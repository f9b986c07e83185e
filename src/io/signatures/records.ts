import type { Info } from 'csv-parse';
import { FastScanner, type RecordSink } from '../../core/signatures/fast-scanner.js';
import { MAX_LINE_CHARS } from '../../core/signatures/line-limit.js';

/** `fast`: the line scanner, handing over to csv-parse at the first quote or bare CR. `full`: csv-parse throughout. */
export type ParserMode = 'fast' | 'full';

/** Returned when the text is not valid CSV (an unclosed quote): where, and csv-parse's message. */
export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** Thrown by a sink to stop reading (a bad header: the rest of the file is not counted anyway). */
export class StopReading extends Error {}

/**
 * Reads records from text chunks and gives each to `sink` with the line where the record starts (line 1 = first
 * line), so a user can find it in an editor even after a quoted field that spans lines. `between` runs after each
 * chunk (the caller flushes rejects there). `onFullParser` is told the line from which csv-parse reads, in `fast`
 * mode, when the scanner leaves the rest to it.
 */
export async function readRecords(
  chunks: AsyncIterable<string>,
  delimiter: string,
  mode: ParserMode,
  sink: RecordSink,
  between: () => Promise<void>,
  onFullParser?: (line: number) => void,
): Promise<CsvSyntaxError | undefined> {
  return untilStopped(async () => {
    if (mode === 'full') return parseWithCsvParse(chunks, delimiter, 0, sink, between);
    const scanner = new FastScanner(delimiter);
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          if (scanner.end(sink)) return undefined;
          break;
        }
        if (!scanner.push(next.value, sink)) break;
        await between();
      }
      const { text, linesBefore } = scanner.takeRemainder();
      onFullParser?.(linesBefore + 1);
      return await parseWithCsvParse(prepend(text, iterator), delimiter, linesBefore, sink, between);
    } finally {
      await iterator.return?.(); // closes the file when reading stops early
    }
  });
}

/**
 * The full parser from the middle of a file: `chunks` start at the start of a line, after `linesBefore` lines (the
 * parallel path's hand-off, like the fast scanner's).
 */
export async function readRecordsFrom(chunks: AsyncIterable<string>, delimiter: string, linesBefore: number, sink: RecordSink, between: () => Promise<void>): Promise<CsvSyntaxError | undefined> {
  return untilStopped(() => parseWithCsvParse(chunks, delimiter, linesBefore, sink, between));
}

/** A sink throws StopReading to end the read early (a header it cannot use): that is not an error. */
async function untilStopped(read: () => Promise<CsvSyntaxError | undefined>): Promise<CsvSyntaxError | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StopReading) return undefined;
    throw error;
  }
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (first.length > 0) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

interface ParsedRecord {
  record: string[];
  info: Info;
}

/**
 * csv-parse's parser without its stream: `parse(bytes, end, push, close)` hands over each record as it is read and
 * returns an error where the stream would emit one. Through the stream, the records read before an error in the same
 * chunk were dropped with the stream (up to a mebibyte of signatures not counted and not said).
 */
interface CsvParseApi {
  parse(bytes: Buffer | undefined, end: boolean, push: (record: ParsedRecord) => void, close: () => void): Error | undefined;
}

/**
 * csv-parse, configured for the rules: records end at LF or CRLF only; empty lines skipped; rows with a different
 * field count passed on (the tally rejects them as ragged); a quote inside an unquoted field kept as text (names like
 * Sok "Dara" Chan) — only a quote never closed is a syntax error.
 * Line numbers are counted here, not taken from csv-parse's `info.lines`, which counts a CRLF inside a quoted field
 * as two lines: a record starts on the line after the previous record's last line (its start plus the LFs inside its
 * fields), plus the empty lines csv-parse skipped between them (`info.empty_lines`).
 */
async function parseWithCsvParse(chunks: AsyncIterable<string>, delimiter: string, linesBefore: number, sink: RecordSink, between: () => Promise<void>): Promise<CsvSyntaxError | undefined> {
  // Loaded when first needed: csv-parse takes longer to load than a small file takes to count on the fast paths.
  const { parse } = await import('csv-parse');
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // A record (lines inside quotes included) is held whole: bounded like a line, beyond it a syntax error.
    max_record_size: MAX_LINE_CHARS,
    info: true,
  }) as unknown as { api?: CsvParseApi; info?: Info };
  const api = parser.api;
  if (typeof api?.parse !== 'function') throw new Error("csv-parse's parser is not where this version expects it");
  let previousEnd = 0; // the last line of the previous record
  let previousEmpty = 0;
  const take = (records: readonly ParsedRecord[]): void => {
    for (const { record, info } of records) {
      const start = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = start + lineFeedsIn(record);
      previousEmpty = info.empty_lines;
      sink(record, linesBefore + start);
    }
  };
  const records: ParsedRecord[] = [];
  const push = (record: ParsedRecord): void => void records.push(record);
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      const error = api.parse(next.done ? undefined : Buffer.from(next.value), next.done === true, push, () => {});
      take(records);
      records.length = 0;
      // The broken record starts after the empty lines skipped since the last record read.
      if (error !== undefined) return syntaxError(error, linesBefore + previousEnd + 1 + ((parser.info?.empty_lines ?? previousEmpty) - previousEmpty));
      if (next.done) return undefined;
      await between();
    }
  } finally {
    await iterator.return?.();
  }
}

/** csv-parse's error as the user needs it: the line where the broken record starts (`next`, for an unclosed quote). */
function syntaxError(error: Error, next: number): CsvSyntaxError {
  const csvError = error as { code?: string; lines?: number; message?: string };
  // csv-parse names the last line of the file; the user needs the line where the broken record starts.
  if (csvError.code === 'CSV_QUOTE_NOT_CLOSED') return { line: next, message: 'a quote opened in this record is never closed' };
  if (typeof csvError.code === 'string' && (csvError.code.startsWith('CSV_') || csvError.code.startsWith('INVALID_'))) {
    return { line: next, message: firstSentence(csvError.message ?? 'invalid CSV') };
  }
  throw error;
}

function lineFeedsIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

const firstSentence = (message: string): string => message.split(/[:\n]/)[0] ?? message;
