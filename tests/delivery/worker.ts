// Runs the built runner in a child process (tests/delivery/fixtures/send-worker.mjs), so a test can kill it, signal
// it, or give it a file system of its own.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutcomeStatus } from '../../src/core/delivery/report.js';
import { FIXTURES } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKER = path.join(FIXTURES, 'send-worker.mjs');
/** Twelve addressees at example.net. */
export const LETTERS = path.join(FIXTURES, 'kill-letters.json');

/** The worker runs the built runner; build when dist/ is missing or older than the sources. */
export function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist', 'io', 'delivery', 'index.js');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  let stale: boolean;
  try {
    stale = statSync(built).mtimeMs < newest(path.join(ROOT, 'src'));
  } catch {
    stale = true;
  }
  if (stale) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'inherit' });
}

export interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The worker's command line: `node send-worker.mjs <letters> <out> …args`. */
export const workerCommand = (out: string, args: string[] = []): string[] => [process.execPath, WORKER, LETTERS, out, ...args];

/** Starts `command` (by default the worker on `out`) with SMTP_URL and the extra environment. */
export function startWorker(command: string[], env: Record<string, string>): { done: Promise<WorkerRun>; kill(signal?: NodeJS.Signals): void } {
  const [file, ...args] = command;
  const child = spawn(file ?? process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<WorkerRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, kill: (signal = 'SIGKILL') => child.kill(signal) };
}

export async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface WorkerReport {
  counts: Record<OutcomeStatus, number>;
  stopped?: string;
  outcomes: { id: string; status: string; action: string; reason: string }[];
}

export const reportOf = (run: WorkerRun): WorkerReport => {
  const line = run.stdout.split('\n').find((l) => l.includes('"event":"report"'));
  if (!line) throw new Error(`no report; stderr: ${run.stderr}`);
  return (JSON.parse(line) as { report: WorkerReport }).report;
};
