import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { ByteScanner, ByteScannerOptions, ByteSink } from '../../core/signatures/byte-scanner.js';
import { MAX_LINE_CHARS } from '../../core/signatures/line-limit.js';
import type { RejectReason } from '../../core/types.js';

// 512 KiB: as Latin-1 text a read becomes one string; strings of 1 MiB land in V8's large-object space, which was
// freed so late that peak memory rose by 80 MB.
const CHUNK_BYTES = 1 << 19;

/**
 * One range of a file for one thread: [start, end), starting at the start of a line and ending just after a LF or at
 * the end of the file (`last`).
 */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  /** The range ends where the file does: a record may end there without a line end. */
  last: boolean;
  options: ByteScannerOptions;
  /** Read size (default 512 KiB); a record longer than this grows the buffer. */
  chunkBytes?: number | undefined;
}

/** What a thread found in its range; valid rows as parallel arrays (hash halves, country id, day id), in file order. */
export interface RangeResult {
  /** Lines of the records read (an empty line counts); the pending record's lines are not counted. */
  lines: number;
  records: number;
  /** Where the scanner stopped at a record it cannot read (a file offset), when it did. */
  handoff: number | undefined;
  /** Where a record starts that the range ends inside (a quoted field holding the range's last LF), when one does. */
  pending: number | undefined;
  count: number;
  hi: Uint32Array<ArrayBuffer>;
  lo: Uint32Array<ArrayBuffer>;
  country: Uint32Array<ArrayBuffer>;
  day: Uint32Array<ArrayBuffer>;
  countries: string[];
  days: (string | undefined)[];
  rejects: { line: number; reason: RejectReason; detail: string }[];
}

/** How far a scan had got at a point of the range: what to drop from its result to have the result from there on. */
export interface ScanPoint {
  lines: number;
  records: number;
  count: number;
  rejects: number;
}

interface ScanOptions {
  onBytes?: ((n: number) => void) | undefined;
  between?: (() => Promise<void>) | undefined;
  /** A file offset in the range; `onMark` is told how far the scan had got if a record ends exactly there. */
  mark?: number | undefined;
  onMark?: (() => void) | undefined;
}

/**
 * Reads a range in 512 KiB reads and gives its records to the scanner, carrying a record not yet complete to the
 * next read. `between` runs after each read. Returns the file offset where the scanner handed off, if it did, or
 * where the record starts that goes on past the range's end.
 */
export async function scanRange(job: RangeJob, scanner: ByteScanner, opts: ScanOptions = {}): Promise<{ handoff: number | undefined; pending: number | undefined }> {
  const handle = await open(job.path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(job.chunkBytes ?? CHUNK_BYTES, job.end - job.start)));
    let filled = 0;
    let bufferAt = job.start; // the file offset of buffer[0]
    let position = job.start;
    let mark = opts.mark;
    while (position < job.end) {
      if (filled === buffer.length) {
        // A record that may be over the limit: the text path reads it (and rejects it) with bounded memory. A line
        // this path reads is never longer in bytes, so never longer in characters, than MAX_LINE_CHARS.
        if (buffer.length >= MAX_LINE_CHARS) return { handoff: bufferAt, pending: undefined };
        // A record longer than the buffer: make room for it.
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_LINE_CHARS));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, job.end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      filled += bytesRead;
      opts.onBytes?.(bytesRead);
      // Latin-1: one character per byte, so offsets in the text are offsets in the buffer.
      const text = buffer.toString('latin1', 0, filled);
      const ascii = isAscii(buffer.subarray(0, filled));
      const final = job.last && position >= job.end;
      let stopped = 0;
      if (mark !== undefined && mark > bufferAt && mark <= bufferAt + filled) {
        const limit = mark - bufferAt;
        stopped = scanner.scan(text, 0, limit, ascii, final && limit === filled);
        if (!scanner.handedOff && stopped === limit) opts.onMark?.();
        mark = undefined;
      }
      if (!scanner.handedOff) stopped = scanner.scan(text, stopped, filled, ascii, final);
      if (scanner.handedOff) return { handoff: bufferAt + stopped, pending: undefined };
      buffer.copy(buffer, 0, stopped, filled);
      filled -= stopped;
      bufferAt += stopped;
      await opts.between?.();
    }
    return { handoff: undefined, pending: filled > 0 ? bufferAt : undefined };
  } finally {
    await handle.close();
  }
}

/** Rows a range probably holds: ~100 bytes a row is typical of signature exports; a little more, to grow seldom. */
export const expectedRows = (job: RangeJob): number => (job.end - job.start) / 90;

/** A sink that keeps everything for the thread that merges (a worker's side of the parallel count). */
export class RangeRecorder implements ByteSink {
  count = 0;
  hi: Uint32Array<ArrayBuffer>;
  lo: Uint32Array<ArrayBuffer>;
  country: Uint32Array<ArrayBuffer>;
  day: Uint32Array<ArrayBuffer>;
  readonly rejects: RangeResult['rejects'] = [];
  private drained = { lines: 0, records: 0 };

  /** `expected`: a guess of the rows to come, so the arrays are seldom grown (each growth copies them). */
  constructor(expected = 1 << 14) {
    const size = Math.max(16, Math.ceil(expected));
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.country = new Uint32Array(size);
    this.day = new Uint32Array(size);
  }

  valid(hi: number, lo: number, country: number, day: number): void {
    if (this.count === this.hi.length) this.grow();
    const i = this.count++;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.country[i] = country;
    this.day[i] = day;
  }

  reject(line: number, reason: RejectReason, detail: string): void {
    this.rejects.push({ line, reason, detail });
  }

  /**
   * The rows recorded since the last drain, as a result of their own (lines counted from there), and a fresh start:
   * the arrays are views, to be merged before the scanner goes on.
   */
  drain(scanner: ByteScanner): RangeResult {
    const from = this.drained;
    const result: RangeResult = {
      ...this.result(scanner, { handoff: undefined, pending: undefined }),
      lines: scanner.lines - from.lines,
      records: scanner.records - from.records,
      rejects: this.rejects.splice(0).map((r) => ({ ...r, line: r.line - from.lines })),
    };
    this.count = 0;
    this.drained = { lines: scanner.lines, records: scanner.records };
    return result;
  }

  /** How far `scanner`, which feeds this recorder, has got. */
  point(scanner: ByteScanner): ScanPoint {
    return { lines: scanner.lines, records: scanner.records, count: this.count, rejects: this.rejects.length };
  }

  result(scanner: ByteScanner, scanned: { handoff: number | undefined; pending: number | undefined }): RangeResult {
    const n = this.count;
    return {
      lines: scanner.lines,
      records: scanner.records,
      handoff: scanned.handoff,
      pending: scanned.pending,
      count: n,
      // Views, not copies: the buffers are handed over (transferred) as they are.
      hi: this.hi.subarray(0, n),
      lo: this.lo.subarray(0, n),
      country: this.country.subarray(0, n),
      day: this.day.subarray(0, n),
      countries: scanner.countries,
      days: scanner.days,
      rejects: this.rejects,
    };
  }

  private grow(): void {
    const size = this.hi.length * 2;
    const grown = (old: Uint32Array): Uint32Array<ArrayBuffer> => {
      const next = new Uint32Array(size);
      next.set(old);
      return next;
    };
    this.hi = grown(this.hi);
    this.lo = grown(this.lo);
    this.country = grown(this.country);
    this.day = grown(this.day);
  }
}
