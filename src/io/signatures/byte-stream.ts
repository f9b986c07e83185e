/**
 * One signature file read by the byte scanner on this thread: a file not worth cutting into ranges (smaller than the
 * parallel path's threshold, or one thread asked for), or a `.gz` file, decompressed as it is read (zlib works on
 * libuv's threads, so decompressing and scanning overlap). Rows are merged into the tally after each read, so memory
 * holds one read's rows, not the file's. A record the scanner refuses goes, with the rest of the file, to the text path.
 */
import { isAscii } from 'node:buffer';
import { ByteScanner } from '../../core/signatures/byte-scanner.js';
import { limitLineLength } from '../../core/signatures/line-limit.js';
import type { TallyAccumulator } from '../../core/signatures/tally.js';
import { byteHeader, HEADER_BYTES, readHead, type ByteOutcome, type BytePlan } from './byte-header.js';
import { RangeRecorder, scanRange, type RangeJob } from './byte-ranges.js';
import { Merge } from './range-merge.js';
import { decodeText, readBytes } from './read-text.js';

/** Bytes scanned at a time: as Latin-1 text, one string below V8's large-object size (see byte-ranges.ts). */
const READ_BYTES = 1 << 19;

/**
 * Counts `plan.file` into `tally` from its bytes, or returns undefined having counted nothing when the byte path
 * cannot take its header.
 */
export async function tallyByteStream(
  plan: BytePlan,
  size: number,
  tally: TallyAccumulator,
  onBytes: ((n: number) => void) | undefined,
  between: () => Promise<void>,
  chunkBytes: number | undefined,
): Promise<ByteOutcome | undefined> {
  if (plan.file.toLowerCase().endsWith('.gz')) return tallyGzip(plan, tally, onBytes, between, chunkBytes);
  const header = byteHeader(plan, await readHead(plan.file));
  if (!header) return undefined;
  onBytes?.(header.end);
  const recorder = new RangeRecorder();
  const scanner = new ByteScanner(header.options, recorder);
  const merged = new Merge(tally, plan);
  // One range, the whole body, read into one buffer; its rows merged after each read.
  const job: RangeJob = { path: plan.file, start: header.end, end: size, last: true, options: header.options, chunkBytes };
  const drain = async (): Promise<void> => {
    merged.add(recorder.drain(scanner));
    await between();
  };
  const { handoff, pending } = await scanRange(job, scanner, { onBytes, between: drain });
  merged.add(recorder.drain(scanner));
  const outcome: ByteOutcome = { headerLength: header.options.headerLength, columns: header.columns, threads: 1, records: merged.records };
  // A record still open at the end can only be a file that shrank while being read: the text path says what it holds.
  const rest = handoff ?? pending;
  if (rest !== undefined) outcome.handoff = { offset: rest, linesBefore: merged.lines };
  return outcome;
}

/** A .gz file, decompressed as it is read. */
async function tallyGzip(
  plan: BytePlan,
  tally: TallyAccumulator,
  onBytes: ((n: number) => void) | undefined,
  between: () => Promise<void>,
  chunkBytes: number | undefined,
): Promise<ByteOutcome | undefined> {
  const reads = readBytes(plan.file, onBytes, chunkBytes ?? READ_BYTES)[Symbol.asyncIterator]();
  let handedToText = false;
  try {
    let { bytes, done } = await fill(reads, Buffer.alloc(0), HEADER_BYTES);
    const header = byteHeader(plan, bytes);
    if (!header) return undefined;
    const recorder = new RangeRecorder();
    const scanner = new ByteScanner(header.options, recorder);
    const merged = new Merge(tally, plan);
    const outcome = (): ByteOutcome => ({ headerLength: header.options.headerLength, columns: header.columns, threads: 1, records: merged.records });
    bytes = bytes.subarray(header.end);
    for (;;) {
      ({ bytes, done } = done ? { bytes, done } : await fill(reads, bytes, READ_BYTES));
      const stopped = scanner.scan(bytes.toString('latin1'), 0, bytes.length, isAscii(bytes), done);
      merged.add(recorder.drain(scanner));
      if (scanner.handedOff) {
        handedToText = true;
        const text = limitLineLength(decodeText(prepend(bytes.subarray(stopped), reads), 'lf', plan.encoding, false));
        return { ...outcome(), handoff: { linesBefore: merged.lines, text } };
      }
      if (done) return outcome();
      bytes = bytes.subarray(stopped);
      await between();
    }
  } finally {
    if (!handedToText) await reads.return?.(undefined);
  }
}

/** `bytes` and what follows from `reads`, until there are at least `size` bytes or the stream ends. */
async function fill(reads: AsyncIterator<Buffer>, bytes: Buffer, size: number): Promise<{ bytes: Buffer; done: boolean }> {
  const parts = [bytes];
  let length = bytes.length;
  while (length < size) {
    const next = await reads.next();
    if (next.done === true) return { bytes: Buffer.concat(parts, length), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { bytes: parts.length === 1 ? bytes : Buffer.concat(parts, length), done: false };
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await rest.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await rest.return?.(undefined);
  }
}
