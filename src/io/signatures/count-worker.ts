// A worker thread of the parallel count: scans one range of a file and sends back what it found (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { ByteScanner } from '../../core/signatures/byte-scanner.js';
import { expectedRows, RangeRecorder, scanRange, type RangeJob } from './byte-ranges.js';

const job = workerData as RangeJob;
const recorder = new RangeRecorder(expectedRows(job));
const scanner = new ByteScanner(job.options, recorder);
const { handoff, bytes } = await scanRange(job, scanner);
const result = recorder.result(scanner, handoff, bytes);
parentPort!.postMessage(result, [result.hi.buffer, result.lo.buffer, result.country.buffer, result.day.buffer]);
