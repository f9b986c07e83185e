import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { byteDelimiter, type ByteScannerOptions } from '../../core/signatures/byte-scanner.js';
import { defaultMapping, resolveColumns, type ColumnIndexes } from '../../core/signatures/columns.js';
import { splitLine } from '../../core/signatures/fast-scanner.js';
import type { TallyAccumulator } from '../../core/signatures/tally.js';
import { byteOrderMarkProblem, fromLatin1Text } from '../../core/signatures/encoding.js';
import type { ColumnMapping, SignatureEncoding } from '../../core/types.js';
import type { RangeJob, RangeResult } from './byte-ranges.js';
import { insideReading, scanBothWays, scanOneWay, type SpeculativeRange } from './speculative-range.js';

/**
 * The parallel count of one large file. The file is cut into as many byte ranges as threads, each cut just after a
 * LF; this thread scans the first range while workers scan the others (ByteScanner: bytes, not decoded text), then the
 * ranges are merged in file order into the one tally, so the first occurrence of a signer still wins and rejects keep
 * their file order.
 *
 * A cut may fall inside a quoted field that spans lines. Each worker reads its range both ways (speculative-range.ts);
 * when merging, the range before says which way is right: it ended at the cut, or inside a record that starts at
 * `pending`. Then this thread reads that one record, from `pending` to where the inside reading starts, and takes the
 * inside reading (or, if there is none, reads the range again itself). At the first hand-off, in whichever range, the
 * ranges after it are dropped and the rest of the file, from the start of that record, goes to the full parser, as
 * the sequential path does.
 */

export const DEFAULT_MIN_PARALLEL_BYTES = 8 << 20;

/** Threads to use by default: the cores there are, at most 4 (past that, reading the file is the limit). */
export const defaultWorkers = (): number => Math.min(availableParallelism(), 4);

export interface RangePlan {
  file: string;
  /** Name of the file in rejects. */
  name: string;
  label: string;
  delimiter: string;
  mapping: ColumnMapping | 'default';
  encoding: SignatureEncoding;
}

export interface RangesOutcome {
  headerLength: number;
  columns: ColumnIndexes;
  /** Threads that read a part of the file. */
  threads: number;
  /** Records after the header that were read. */
  records: number;
  /** Set when the rest of the file, from this offset, must go to the full parser; `linesBefore` lines precede it. */
  handoff?: { offset: number; linesBefore: number };
}

/** For tests: where to cut (file offsets, each moved to just after the next LF), and ranges read in this thread. */
export interface RangeTestOptions {
  cutsNear?: readonly number[] | undefined;
  inThisThread?: boolean | undefined;
}

/**
 * Counts `plan.file` on `threads` threads into `tally`, or returns undefined having counted nothing when the byte
 * path cannot read it (a delimiter that is not one ASCII byte, a header it cannot read or with a problem, an empty first line,
 * a file too small to cut): the caller then reads it sequentially.
 */
export async function tallyInRanges(
  plan: RangePlan,
  size: number,
  threads: number,
  chunkBytes: number | undefined,
  tally: TallyAccumulator,
  onBytes: ((n: number) => void) | undefined,
  between: () => Promise<void>,
  forTests: RangeTestOptions = {},
): Promise<RangesOutcome | undefined> {
  const delimiter = byteDelimiter(plan.delimiter);
  if (delimiter === undefined) return undefined;
  const header = await readHeader(plan.file, plan.delimiter, plan.encoding);
  if (!header) return undefined;
  const mapping = plan.mapping === 'default' ? defaultMapping(header.fields) : plan.mapping;
  const { indexes, problems } = resolveColumns(header.fields, mapping, plan.name);
  // Header problems (warnings included) are reported by the sequential path, which reads the header itself.
  if (!indexes || problems.length > 0 || byteOrderMarkProblem(header.fields, plan.encoding, plan.name)) return undefined;
  const options: ByteScannerOptions = { delimiter, headerLength: header.fields.length, columns: indexes, encoding: plan.encoding };
  const cuts = await cutPoints(plan.file, header.end, size, forTests.cutsNear ?? evenTargets(header.end, size, threads));
  onBytes?.(header.end);

  const jobs = cuts.slice(0, -1).map((start, i): RangeJob => ({ path: plan.file, start, end: cuts[i + 1]!, last: i === cuts.length - 2, options, chunkBytes }));
  const workers = jobs.slice(1).map((job) => (forTests.inThisThread ? inThisThread(job) : startWorker(job)));
  // An unneeded worker's failure must not surface as an unhandled rejection.
  for (const w of workers) w.result.catch(() => {});
  try {
    const merged = new Merge(tally, plan);
    merged.add(await scanOneWay(jobs[0]!, onBytes));
    await between();
    for (const [i, w] of workers.entries()) {
      if (merged.handoff !== undefined) break;
      const job = jobs[i + 1]!;
      const range = await w.result;
      onBytes?.(job.end - job.start);
      for (const result of await readingsToMerge(range, job, merged.pending)) merged.add(result);
      await between();
    }
    const outcome: RangesOutcome = { headerLength: options.headerLength, columns: indexes, threads: jobs.length, records: merged.records };
    if (merged.handoff !== undefined) outcome.handoff = { offset: merged.handoff, linesBefore: merged.lines };
    return outcome;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * What a range adds to the merge, given where the record that the range before ends inside starts (`pending`): the
 * outside reading when there is none; else that record (read here) and the inside reading; else the range read again
 * here from that record's start.
 */
async function readingsToMerge(range: SpeculativeRange, job: RangeJob, pending: number | undefined): Promise<RangeResult[]> {
  if (pending === undefined) return [range.outside];
  const inside = insideReading(range);
  if (inside && range.insideStart !== undefined) {
    const bridge = await scanOneWay({ ...job, start: pending, end: range.insideStart, last: job.last && range.insideStart === job.end });
    if (bridge.handoff === undefined && bridge.pending === undefined) return [bridge, inside];
  }
  return [await scanOneWay({ ...job, start: pending })];
}

/** The ranges merged so far, in file order, into the tally. */
class Merge {
  /** Lines before the next range (the header counts). */
  lines = 1;
  records = 0;
  handoff: number | undefined;
  pending: number | undefined;

  constructor(
    private readonly tally: TallyAccumulator,
    private readonly plan: RangePlan,
  ) {}

  add(result: RangeResult): void {
    mergeRange(result, this.tally, this.plan, this.lines);
    this.lines += result.lines;
    this.records += result.records;
    this.handoff = result.handoff;
    this.pending = result.pending;
  }
}

/** A range into the tally, in its file order, after every range before it. */
function mergeRange(result: RangeResult, tally: TallyAccumulator, plan: RangePlan, linesBefore: number): void {
  const countryCounts = new Array<number>(result.countries.length).fill(0);
  const dayCounts = new Array<number>(result.days.length).fill(0);
  const { hi, lo, country, day, count } = result;
  const isNew = new Uint8Array(count);
  const signers = tally.addCheckedAll(hi, lo, count, isNew);
  for (let i = 0; i < count; i++) {
    if (isNew[i] === 0) continue;
    countryCounts[country[i]!]!++;
    dayCounts[day[i]!]!++;
  }
  addCounts(tally, plan.label, result.countries, countryCounts, result.days, dayCounts, signers);
  for (const r of result.rejects) tally.reject({ source: plan.name, row: linesBefore + r.line, reason: r.reason, detail: r.detail });
}

function addCounts(
  tally: TallyAccumulator,
  label: string,
  countries: readonly string[],
  countryCounts: readonly (number | undefined)[],
  days: readonly (string | undefined)[],
  dayCounts: readonly (number | undefined)[],
  signers: number,
): void {
  const byCountry = new Map<string, number>();
  countries.forEach((code, id) => {
    const n = countryCounts[id] ?? 0;
    if (n > 0) byCountry.set(code, n);
  });
  const byDay = new Map<string, number>();
  days.forEach((day, id) => {
    const n = dayCounts[id] ?? 0;
    if (day !== undefined && n > 0) byDay.set(day, n);
  });
  tally.addCounts(byCountry, byDay, label, signers);
}

interface RunningWorker {
  result: Promise<SpeculativeRange>;
  stop(): Promise<void>;
}

function startWorker(job: RangeJob): RunningWorker {
  const worker = new Worker(workerUrl(), { workerData: job });
  let done = false;
  const result = new Promise<SpeculativeRange>((resolve, reject) => {
    worker.once('message', (message: SpeculativeRange) => {
      done = true;
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`count worker stopped (exit code ${code})`));
    });
  });
  return {
    result,
    stop: async () => {
      if (!done) await worker.terminate();
    },
  };
}

/** A worker's task done in this thread (tests: cuts anywhere without a thread each). */
const inThisThread = (job: RangeJob): RunningWorker => ({ result: scanBothWays(job), stop: async () => {} });

/**
 * The compiled worker beside this module. Under the test runner this module is TypeScript source, which a worker
 * thread cannot load: the compiled copy is used then (the test script builds first).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('../../../dist/io/signatures/count-worker.js', here);
  return new URL('./count-worker.js', here);
}

/**
 * The header line (a UTF-8 file's BOM skipped) if the byte path can take it: found in the first 64 KiB, not empty,
 * read as the fast scanner reads it.
 */
async function readHeader(file: string, delimiter: string, encoding: SignatureEncoding): Promise<{ fields: string[]; end: number } | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const newline = buffer.subarray(0, bytesRead).indexOf(10);
    if (newline < 0) return undefined;
    const bom = encoding === 'utf-8' && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    let stop = newline;
    if (stop > bom && buffer[stop - 1] === 13) stop--;
    if (stop <= bom) return undefined;
    const line = encoding === 'utf-8' ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(buffer.subarray(bom, stop)) : fromLatin1Text(buffer.toString('latin1', 0, stop), encoding);
    const fields = splitLine(line, delimiter);
    return fields ? { fields, end: newline + 1 } : undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The share of the first range, against 1 for each worker's: this thread also merges every range (about a sixth of
 * the time it takes to scan one), while workers start late by the time a thread takes to start.
 */
const FIRST_SHARE = 0.85;

/** Where to cut for `threads` ranges of [bodyStart, size): the first range a little shorter (FIRST_SHARE). */
function evenTargets(bodyStart: number, size: number, threads: number): number[] {
  const unit = (size - bodyStart) / (threads - 1 + FIRST_SHARE);
  return Array.from({ length: threads - 1 }, (_, i) => bodyStart + Math.floor(unit * (FIRST_SHARE + i)));
}

/**
 * Range starts: bodyStart, then each target moved to just after the next LF (dropped when that is no further on, or
 * the end of the file), then `size`; fewer than asked if lines are long.
 */
async function cutPoints(file: string, bodyStart: number, size: number, targets: readonly number[]): Promise<number[]> {
  const cuts = [bodyStart];
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    for (const target of targets) {
      let at = Math.max(target, cuts[cuts.length - 1]!) - 1;
      let cut = -1;
      while (cut < 0 && at < size) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) break;
        const newline = buffer.subarray(0, bytesRead).indexOf(10);
        if (newline >= 0) cut = at + newline + 1;
        else at += bytesRead;
      }
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  return cuts;
}
