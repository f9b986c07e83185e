import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TallyAccumulator } from '../../core/signatures/tally.js';
import type { RangeJob, RangeResult } from './byte-ranges.js';
import { byteHeader, readHead, type ByteOutcome, type BytePlan } from './byte-header.js';
import { Merge } from './range-merge.js';
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

export type RangesOutcome = ByteOutcome;

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
  plan: BytePlan,
  size: number,
  threads: number,
  chunkBytes: number | undefined,
  tally: TallyAccumulator,
  onBytes: ((n: number) => void) | undefined,
  between: () => Promise<void>,
  forTests: RangeTestOptions = {},
): Promise<RangesOutcome | undefined> {
  const header = byteHeader(plan, await readHead(plan.file));
  if (!header) return undefined;
  const { options, columns: indexes } = header;
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
    // A record still open at the end can only be a file that shrank while being read: the text path says what it holds.
    const rest = merged.handoff ?? merged.pending;
    if (rest !== undefined) outcome.handoff = { offset: rest, linesBefore: merged.lines };
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
