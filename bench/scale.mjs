#!/usr/bin/env node
// How validate, preview and render grow with the roster (issue 16): synthetic rosters of N addressees — the bundled
// 24 repeated with unique ids, each with an example.org email — for one petition. Prints wall time and peak memory of
// each run (a new process, as a user runs it) and the log-log slope between sizes: 1.0 is linear, 2.0 quadratic.
// Usage: node bench/scale.mjs [N …] (default 24 240 2400 10000); a run over the time limit is reported, not waited for.
// BENCH_SCALE_DISTINCT=1 gives every addressee its own salutation (the synthetic letters otherwise repeat 24 texts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

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
const today = new Date().toISOString().slice(0, 10);

/** A project with one petition (the bundled 2024 one) and a roster of `n` addressees. */
function project(n) {
  const dir = mkdtempSync(join(tmpdir(), `petition-bench-scale-${n}-`));
  cpSync(join(root, 'petitions', '2024-independent-review'), join(dir, 'petitions', 'p'), { recursive: true });
  const petition = join(dir, 'petitions', 'p', 'petition.md');
  writeFileSync(petition, readFileSync(petition, 'utf8').replace('roster: paris-conference-2017', 'roster: synthetic'));
  const doc = parseDocument(readFileSync(join(root, 'recipients', 'paris-conference-2017.yaml'), 'utf8'));
  const base = doc.get('addressees').toJSON();
  const addressees = Array.from({ length: n }, (_, i) => {
    const a = base[i % base.length];
    // BENCH_SCALE_DISTINCT=1: every salutation different, so no two letters say the same (the worst case for planning).
    const salutation = DISTINCT ? Object.fromEntries(Object.entries(a.salutation).map(([lang, s]) => [lang, `${s} ${i}`])) : a.salutation;
    return { ...a, id: `${a.id}-${i}`, email: `a${i}@example.org`, verified_on: today, salutation };
  });
  const base_ = doc.toJSON();
  // Above the distribution list's limit a letter names each group by its summary: the synthetic roster has them.
  const groups = Object.fromEntries(Object.entries(base_.groups).map(([id, description]) => [id, { description, summary: summaries(id) }]));
  const roster = { ...base_, id: 'synthetic', as_of: today, groups, addressees };
  mkdirSync(join(dir, 'recipients'), { recursive: true });
  writeFileSync(join(dir, 'recipients', 'synthetic.yaml'), JSON.stringify(roster)); // JSON is YAML, and quick to write
  return { dir, ids: addressees.slice(0, RENDERED).map((a) => a.id) };
}

/** How a letter names a synthetic group: the group's id, as a stand-in for a real roster's words. */
function summaries(id) {
  return { en: `{count} addressees of the group ${id}`, fr: `les {count} destinataires du groupe ${id}`, km: `អ្នកទទួល {count} រូប នៃក្រុម ${id}` };
}

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
  const p = project(n);
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
