import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { ByteScanner, ByteScannerOptions, ByteSink } from '../../core/signatures/byte-scanner.js';
import { MAX_LINE_CHARS } from '../../core/signatures/line-limit.js';
import type { RejectReason } from '../../core/types.js';

// 512 KiB: as Latin-1 text a read becomes one string; strings of 1 MiB land in V8's large-object space, which was
// freed so late that peak memory rose by 80 MB.
const CHUNK_BYTES = 1 << 19;

/** One range of a file for one thread: [start, end), starting at the start of a line and ending just after a LF or at the end of the file. */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  options: ByteScannerOptions;
  /** Read size (default 1 MiB); a line longer than this grows the buffer. */
  chunkBytes?: number | undefined;
}

/** What a thread found in its range; valid rows as parallel arrays (hash halves, country id, day id), in file order. */
export interface RangeResult {
  lines: number;
  records: number;
  /** Where the scanner stopped at a line it cannot read (a file offset), when it did. */
  handoff: number | undefined;
  bytes: number;
  count: number;
  hi: Uint32Array<ArrayBuffer>;
  lo: Uint32Array<ArrayBuffer>;
  country: Uint32Array<ArrayBuffer>;
  day: Uint32Array<ArrayBuffer>;
  countries: string[];
  days: (string | undefined)[];
  rejects: { line: number; reason: RejectReason; detail: string }[];
}

/**
 * Reads a range in 1 MiB reads and gives its lines to the scanner, carrying a partial line to the next read.
 * `between` runs after each read. Returns the file offset where the scanner handed off, if it did, and the bytes read.
 */
export async function scanRange(job: RangeJob, scanner: ByteScanner, onBytes?: (n: number) => void, between?: () => Promise<void>): Promise<{ handoff: number | undefined; bytes: number }> {
  const handle = await open(job.path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(job.chunkBytes ?? CHUNK_BYTES, job.end - job.start)));
    let filled = 0;
    let bufferAt = job.start; // the file offset of buffer[0]
    let position = job.start;
    while (position < job.end) {
      if (filled === buffer.length) {
        // A line that may be over the limit: the text path reads it (and rejects it) with bounded memory. A line
        // this path reads is never longer in bytes, so never longer in characters, than MAX_LINE_CHARS.
        if (buffer.length >= MAX_LINE_CHARS) return { handoff: bufferAt, bytes: position - job.start };
        // A line longer than the buffer: make room for it.
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_LINE_CHARS));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, job.end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      filled += bytesRead;
      onBytes?.(bytesRead);
      // Latin-1: one character per byte, so offsets in the text are offsets in the buffer.
      const stopped = scanner.scan(buffer.toString('latin1', 0, filled), 0, filled, isAscii(buffer.subarray(0, filled)));
      if (scanner.handedOff) return { handoff: bufferAt + stopped, bytes: position - job.start };
      buffer.copy(buffer, 0, stopped, filled);
      filled -= stopped;
      bufferAt += stopped;
      await between?.();
    }
    // Only the file's last range can end without a LF.
    if (filled > 0 && !scanner.scanLast(buffer.toString('latin1', 0, filled), 0, filled)) return { handoff: bufferAt, bytes: position - job.start };
    return { handoff: undefined, bytes: position - job.start };
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

  result(scanner: ByteScanner, handoff: number | undefined, bytes: number): RangeResult {
    const n = this.count;
    return {
      lines: scanner.lines,
      records: scanner.records,
      handoff,
      bytes,
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
