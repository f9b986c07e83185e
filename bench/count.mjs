#!/usr/bin/env node
// Benchmark for `petition count`: 1,000,000 generated rows (~105 MB), ours (parallel byte path, one-thread fast path,
// full csv-parse) against a Python csv + set counter on the same file. Usage: node bench/count.mjs [rows] [--no-build]
// Goal (issue): ≥ 3× faster than Python and ≤ 200 MB peak RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSignatures } from './count-generate.mjs';
import { PYTHON } from './count-python.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
if (!args.includes('--no-build')) execFileSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'petition-count-bench-'));
try {
  const csv = join(dir, 'signatures.csv');
  let t = performance.now();
  const generated = await generateSignatures(csv, rows);
  const sizeMB = statSync(csv).size / 1e6;
  console.log(`generated ${rows} rows, ${generated.duplicates} duplicates, ${sizeMB.toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const quoted = join(dir, 'signatures-quoted.csv');
  await generateSignatures(quoted, rows, { quoteAll: true });
  const py = join(dir, 'count.py');
  writeFileSync(py, PYTHON);
  const results = [];
  const python = measure('python3', [py, csv]);
  results.push({ what: 'python3 csv + set', ...python });
  const child = (file, ...rest) => measure(process.execPath, [join(root, 'bench', 'count-child.mjs'), join(root, 'dist'), file, ...rest]);
  // Default threads first: that is what `petition count` does and what the goal is measured on.
  results.push({ what: 'petition tallyFiles (fast, default threads)', ...child(csv, 'fast') });
  results.push({ what: 'petition tallyFiles (fast, 1 thread)', ...child(csv, 'fast', '1') });
  results.push({ what: 'petition tallyFiles (full csv-parse)', ...child(csv, 'full') });
  results.push({ what: 'petition tallyFiles (fast, default threads), every field quoted', ...child(quoted, 'fast') });

  console.log('');
  // CPU seconds as well as wall time: other work on the machine stretches wall time, not CPU time.
  console.log('| run | threads | wall s | CPU s | peak RSS MB | rows | unique | duplicates | wall vs python |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const ratio = python.wall / r.wall;
    const cpu = (r.out.cpuMs / 1000).toFixed(2);
    console.log(`| ${r.what} | ${r.out.threads ?? 1} | ${r.wall.toFixed(2)} | ${cpu} | ${r.rssMB.toFixed(0)} | ${r.out.rows} | ${r.out.unique} | ${r.out.duplicates} | ${ratio.toFixed(2)}× |`);
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  const fast = results[1];
  console.log('');
  console.log(
    `goal ≥ 3× python: ${(python.wall / fast.wall).toFixed(2)}× ${python.wall / fast.wall >= 3 ? 'met' : 'NOT met'}; ` +
      `goal ≤ 200 MB: ${fast.rssMB.toFixed(0)} MB ${fast.rssMB <= 200 ? 'met' : 'NOT met'}`,
  );
  if (results.some((r) => r.out.unique !== python.out.unique || r.out.rows !== python.out.rows)) {
    console.log('WARNING: the counts differ between runs');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Wall time from here (process start to exit) and peak RSS from GNU time when present, else from the child itself. */
function measure(command, commandArgs) {
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const run = useTime
    ? spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout);
  const timeRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
  const rssMB = timeRss ? Number(timeRss[1]) / 1024 : (out.maxRssMB ?? NaN);
  return { wall, rssMB, out };
}
