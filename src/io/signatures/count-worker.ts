// A worker thread of the parallel count: reads one range of a file both ways and sends back what it found (see
// parallel.ts and speculative-range.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { RangeResult } from './byte-ranges.js';
import { scanBothWays } from './speculative-range.js';
import type { RangeJob } from './byte-ranges.js';

const range = await scanBothWays(workerData as RangeJob);
const buffers = (r: RangeResult | undefined): ArrayBuffer[] => (r ? [r.hi.buffer, r.lo.buffer, r.country.buffer, r.day.buffer] : []);
parentPort!.postMessage(range, [...buffers(range.outside), ...buffers(range.inside)]);
