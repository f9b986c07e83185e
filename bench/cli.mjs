#!/usr/bin/env node
// Start-up and dry-run wall times of the built CLI, as a user sees them (a new process each run).
// Goals: `petition --help` ≤ node + 60 ms, node being a bare `node -e 0` timed in the same run, and `petition preview`
// of the bundled campaign ≤ 300 ms (issue 16; they were ≤ 150 ms and ≤ 500 ms in issue 2); `petition render` of the
// whole bundled campaign, every letter and annex, ≤ 3 s including start-up (issue 4).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'petition.js');

function time(args, runs, argv = [bin, ...args]) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`petition ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) samples.push(ms); // the first run warms the file cache
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], runs };
}

const out = mkdtempSync(join(tmpdir(), 'petition-bench-render-'));
const node = time(['node -e 0'], 15, ['-e', '0']);
const help = time(['--help'], 15);
const rows = [
  ['node -e 0 (a bare start of this node, for reference)', node, undefined],
  ['petition --help', help, node.median + 60],
  ['petition preview (bundled campaign, 3 petitions, 72 letters)', time(['preview'], 10), 300],
  ['petition preview --petition 2017-restore-paris-peace-agreements', time(['preview', '--petition', '2017-restore-paris-peace-agreements'], 10), 300],
  ['petition render (bundled campaign: 72 letters + 3 annexes)', time(['render', '--out', out], 4), 3000],
];
rmSync(out, { recursive: true, force: true });
const verdict = (ms, goal) => (goal === undefined ? '' : `goal ≤ ${goal.toFixed(0)} ms  ${ms <= goal ? 'ok' : 'MISSED'}`);
for (const [name, t, goal] of rows)
  console.log(`${name.padEnd(66)} median ${t.median.toFixed(0).padStart(4)} ms  (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)}, ${t.runs} runs)  ${verdict(t.median, goal)}`);
console.log(`petition --help over a bare node: ${(help.median - node.median).toFixed(0)} ms (goal ≤ 60 ms)`);
