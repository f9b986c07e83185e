/**
 * A range of the parallel count read without knowing how the range before it ends. A range starts just after a LF,
 * and a LF is either a record's end or inside a quoted field (a comment spanning lines): only the range before can
 * tell, and it is read at the same time. So the range is read both ways, as in speculative CSV parsing (Ge et al.,
 * SIGMOD 2019) and DuckDB's parallel reader:
 *
 * - outside: a record starts at the range's start (the common case);
 * - inside: the range starts inside a quoted field; its record ends at `insideStart` (the first line end after the
 *   field's closing quote), and records start there.
 *
 * Most of the time the two agree from `insideStart` on (the outside reading also has a record end there: the lines
 * before it just read as different records), and the range is read once: the inside result is the outside one minus
 * what came before `insideStart`. Only when they disagree there is the range read a second time from `insideStart`.
 * When the inside reading is impossible (no closing quote, text after it), there is none; if the range before does end
 * inside a quote, the merging thread then reads this range again itself (parallel.ts): slower, never different.
 */
import { open } from 'node:fs/promises';
import { ByteScanner } from '../../core/signatures/byte-scanner.js';
import { endOfRecordInQuotes, NEED_MORE, RecordFields } from '../../core/signatures/csv-record.js';
import { MAX_RECORD_UNITS } from '../../core/signatures/line-limit.js';
import { expectedRows, RangeRecorder, scanRange, type RangeJob, type RangeResult, type ScanPoint } from './byte-ranges.js';

/** A range read both ways. */
export interface SpeculativeRange {
  outside: RangeResult;
  /** Set when the inside reading is possible: where its first record starts. */
  insideStart?: number | undefined;
  /** The inside reading, when it had to be read on its own. */
  inside?: RangeResult | undefined;
  /** Or: the outside reading had a record end at insideStart, this far in; the inside reading is the rest of it. */
  insideFrom?: ScanPoint | undefined;
}

/** Reads `job` both ways (a worker's whole task). */
export async function scanBothWays(job: RangeJob): Promise<SpeculativeRange> {
  const insideStart = await endOfQuotedStart(job);
  const recorder = new RangeRecorder(expectedRows(job));
  const scanner = new ByteScanner(job.options, recorder);
  let insideFrom: ScanPoint | undefined;
  const scanned = await scanRange(job, scanner, { mark: insideStart, onMark: () => (insideFrom = recorder.point(scanner)) });
  const outside = recorder.result(scanner, scanned);
  if (insideStart === undefined || insideFrom) return { outside, insideStart, insideFrom };
  return { outside, insideStart, inside: await scanOneWay({ ...job, start: insideStart }) };
}

/** Reads `job` from its start, a record's start. */
export async function scanOneWay(job: RangeJob, onBytes?: (n: number) => void): Promise<RangeResult> {
  const recorder = new RangeRecorder(expectedRows(job));
  const scanner = new ByteScanner(job.options, recorder);
  const scanned = await scanRange(job, scanner, { onBytes });
  return recorder.result(scanner, scanned);
}

/** The inside reading of a range read both ways, or undefined when there is none. */
export function insideReading(range: SpeculativeRange): RangeResult | undefined {
  if (range.inside) return range.inside;
  const from = range.insideFrom;
  if (!from) return undefined;
  const { outside } = range;
  return {
    ...outside,
    lines: outside.lines - from.lines,
    records: outside.records - from.records,
    count: outside.count - from.count,
    hi: outside.hi.subarray(from.count),
    lo: outside.lo.subarray(from.count),
    country: outside.country.subarray(from.count),
    day: outside.day.subarray(from.count),
    rejects: outside.rejects.slice(from.rejects).map((r) => ({ ...r, line: r.line - from.lines })),
  };
}

/**
 * Where the record ends if the range starts inside a quoted field, or undefined when it cannot (no closing quote in
 * the range, or text after it that no writer puts there). Reads no more than a record can hold.
 */
async function endOfQuotedStart(job: RangeJob): Promise<number | undefined> {
  const handle = await open(job.path, 'r');
  const delimiter = String.fromCharCode(job.options.delimiter);
  const scratch = new RecordFields(job.options.headerLength + 1);
  try {
    for (let size = 1 << 16; ; size *= 2) {
      const length = Math.min(size, job.end - job.start);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, job.start);
      const final = job.last && bytesRead === job.end - job.start;
      const end = endOfRecordInQuotes(buffer.toString('latin1', 0, bytesRead), 0, bytesRead, final, delimiter, scratch);
      if (end >= 0) return job.start + end;
      if (end !== NEED_MORE || bytesRead < length || length === job.end - job.start || length > MAX_RECORD_UNITS) return undefined;
    }
  } finally {
    await handle.close();
  }
}
