#!/usr/bin/env node
// How validate, preview and render grow with the roster (issue 16): synthetic rosters of N addressees — the bundled
// 24 repeated with unique ids, each with an example.org email — for one petition. Prints wall time and peak memory of
// each run (a new process, as a user runs it) and the log-log slope between sizes: 1.0 is linear, 2.0 quadratic.
// Usage: node bench/scale.mjs [N …] (default 24 240 2400 10000); a run over the time limit is reported, not waited for.
// BENCH_SCALE_DISTINCT=1 gives every addressee its own salutation (the synthetic letters otherwise repeat 24 texts).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticProject } from './synthetic.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'petition.js');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [24, 240, 2400, 10000];
const LIMIT_MS = Number(process.env.BENCH_SCALE_LIMIT_MS ?? 180_000);
const RENDERED = 100;
const DISTINCT = process.env.BENCH_SCALE_DISTINCT === '1';

/** Wall time and peak RSS (from GNU time) of one CLI run, or why it did not finish. */
function run(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], { cwd, encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return { ms, failed: `over ${LIMIT_MS / 1000} s` };
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  if (r.status !== 0) return { ms, mb: kb / 1024, failed: `exit ${r.status}: ${r.stderr.split('\n').find((l) => /error|heap/i.test(l)) ?? ''}`.slice(0, 100) };
  return { ms, mb: kb / 1024 };
}

const steps = [
  ['validate', () => ['validate']],
  ['preview', () => ['preview', '--json']],
  [`render ${RENDERED}`, (p) => ['render', '--out', join(p.dir, 'archive'), ...p.ids.flatMap((id) => ['--only', id])]],
];
const results = new Map();
for (const n of SIZES) {
  const p = syntheticProject(n, { distinct: DISTINCT, listed: RENDERED });
  try {
    for (const [name, args] of steps) {
      const r = run(args(p), p.dir);
      results.set(`${name}@${n}`, r);
      console.log(`${String(n).padStart(6)} addressees  ${name.padEnd(11)} ${r.failed ? `FAILED (${r.failed})` : `${(r.ms / 1000).toFixed(2).padStart(7)} s  ${r.mb.toFixed(0).padStart(5)} MB`}`);
    }
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
}
for (const [name] of steps) {
  const done = SIZES.map((n) => [n, results.get(`${name}@${n}`)]).filter(([, r]) => r && !r.failed);
  const slopes = done.slice(1).map(([n, r], i) => {
    const [n0, r0] = done[i];
    return `${n0}→${n}: ${(Math.log(r.ms / r0.ms) / Math.log(n / n0)).toFixed(2)}`;
  });
  if (slopes.length > 0) console.log(`slope of ${name} (log time / log N): ${slopes.join(', ')}`);
}
