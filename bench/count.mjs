#!/usr/bin/env node
// Benchmark for `petition count` (issue 15, "Count real exports as fast as clean files").
// Usage: node bench/count.mjs [rows] [--no-build] [--no-scale]   (rows: default 1,000,000)
//
// Writes two files of `rows` rows (bench/count-generate.mjs: seeded, the same bytes every run): a clean one (LF, every
// row valid) and a messy one (BOM, CRLF, multi-line quoted comments, ragged rows, unknown countries, signers without an
// email, duplicate emails differing in case and spaces). On each, one process per run, side by side:
// - `petition count FILE --json`, the real CLI: the headline (it writes its rejects file too, into the temp folder);
// - tallyFiles in a process of its own (bench/count-child.mjs), no CLI around it: the fast path on the default threads,
//   on 1 thread (when the default used more), and csv-parse throughout; on the clean file also with every field quoted;
// - Python csv + set (bench/count-python.mjs) and DuckDB read_csv + count(DISTINCT) + GROUP BY country
//   (bench/count-duckdb.mjs, threads = the machine's cores).
// Wall time is taken from here (process start to exit); CPU time and peak RSS from GNU time (/usr/bin/time -v) when
// present, else from the child's own report.
// Checked, not assumed: every petition run must give the generator's answer (rows, unique, invalid, by country), Python
// and DuckDB the generator's emails-only answer, which they define alike; else a WARNING line and exit code 1.
// Goals (issue 15), judged on the CLI's runs: messy: ≥ 5× Python's speed (3× at the least), no slower than DuckDB,
// ≤ 150 MB peak RSS; clean: no slower than before (printed, to compare with earlier runs); messy within 1.2× of clean.
// Scaling (--no-scale skips it): `petition count` alone on messy files of 2× and 4× the rows (4M: ~440 MB): wall time,
// peak RSS, time per row, growth per extra million rows.
// Every file is written in a mkdtemp folder and deleted once its runs are done; the folder is removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSignatures, MESSY } from './count-generate.mjs';
import { PYTHON } from './count-python.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const scale = !args.includes('--no-scale');
if (!args.includes('--no-build')) execFileSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'inherit' });
const cores = availableParallelism();
const GOAL = { python: 5, pythonAtLeast: 3, rssMB: 150, messyVsClean: 1.2 };
const useTime = existsSync('/usr/bin/time');

const dir = mkdtempSync(join(tmpdir(), 'petition-count-bench-'));
const py = join(dir, 'count.py');
let mismatches = 0;
try {
  writeFileSync(py, PYTHON);
  if (!useTime) console.log('no /usr/bin/time: CPU time and peak RSS as each child reports them (none for the CLI and Python)');
  const clean = await benchFile('clean', {});
  const messy = await benchFile('messy', { messy: true });
  printGoals(clean, messy);
  if (scale) await scaling(messy);
  const load = loadavg().map((l) => l.toFixed(2));
  console.log(`\nload average at the end: ${load.join(' ')} (${cores} cores)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (mismatches > 0) {
  console.log(`WARNING: ${mismatches} answer(s) differ from the generator's (see the WARNING lines above)`);
  process.exitCode = 1;
}

/** Writes one file, times every run on it, checks the answers and prints the table; the file is deleted after. */
async function benchFile(label, options) {
  const file = join(dir, `${label}.csv`);
  const made = await generate(label, file, rows, options);
  const runs = [];
  let fast;
  try {
    runs.push(cli('petition count --json (CLI)', file));
    fast = child('tallyFiles fast, default threads', file, 'fast');
    runs.push(fast);
    if (fast.threads > 1) runs.push(child('tallyFiles fast, 1 thread', file, 'fast', '1'));
    runs.push(child('tallyFiles, csv-parse throughout', file, 'full'));
    if (!options.messy) runs.push(await quotedRun(file.replace(/\.csv$/, '-quoted.csv')));
    runs.push(python(file), duckdb(file, options.messy));
  } finally {
    rmSync(file, { force: true });
  }
  const [py, duck] = runs.slice(-2);
  console.log('| run | threads | wall s | CPU s | peak RSS MB | rows | unique | invalid | vs python | vs duckdb |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const cells = [r.what, r.threads, r.wall.toFixed(2), r.cpu.toFixed(2), r.rssMB.toFixed(0), r.rows, r.unique, r.invalid ?? '—', times(py.wall / r.wall), times(duck.wall / r.wall)];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log("vs python, vs duckdb: their wall time ÷ this run's (above 1× = faster than them). CPU s counts every thread.");
  checkAnswers(label, runs, made.expected);
  return { label, sizeMB: made.sizeMB, cli: runs[0], fast, python: py, duckdb: duck };
}

/** Every petition run against the generator's answer, Python and DuckDB against its emails-only one and each other. */
function checkAnswers(label, runs, expected) {
  const want = expected.petition;
  const reasons = Object.entries(want.invalidByReason).map(([reason, n]) => `${reason} ${n}`);
  const petitionRuns = runs.filter((r) => r.petition);
  const others = runs.filter((r) => !r.petition);
  let wrongPetition = 0;
  let wrongOthers = 0;
  for (const r of petitionRuns) wrongPetition += differences(label, r, want, ['rows', 'unique', 'invalid', 'byCountry']);
  for (const r of others) wrongOthers += differences(label, r, expected.emailsOnly, ['rows', 'unique']);
  if (others[0].rows !== others[1].rows || others[0].unique !== others[1].unique) {
    console.log(`WARNING: ${label}: python and duckdb disagree (rows ${others[0].rows} / ${others[1].rows}, unique ${others[0].unique} / ${others[1].unique})`);
    wrongOthers++;
  }
  mismatches += wrongPetition + wrongOthers;
  const verdict = (ok) => (ok ? 'equal' : 'NOT equal');
  console.log(
    `generator's answer, petition's rules: rows ${want.rows}, unique ${want.unique}, invalid ${want.invalid}${reasons.length ? ` (${reasons.join(', ')})` : ''}, ` +
      `${Object.keys(want.byCountry).length} country codes; every petition run: ${verdict(wrongPetition === 0)}`,
  );
  const emails = expected.emailsOnly;
  console.log(`generator's answer, emails only: rows ${emails.rows}, unique ${emails.unique}; python ${others[0].unique}, duckdb ${others[1].unique}: ${verdict(wrongOthers === 0)}`);
  if (emails.unique !== want.unique || emails.rows !== want.rows) {
    console.log(
      `petition ${want.unique} unique, python/duckdb ${emails.unique}: they count every record and only its email; petition rejects ${want.invalid} rows ` +
        `(ragged, unknown country) and counts a signer without an email once by name + country + postcode`,
    );
  }
}

/** Prints each field of a run that is not the expected one; returns how many were not. */
function differences(label, run, want, fields) {
  let wrong = 0;
  for (const field of fields) {
    const [got, expected] = [JSON.stringify(sorted(run[field])), JSON.stringify(sorted(want[field]))];
    if (got === expected) continue;
    console.log(`WARNING: ${label}: ${run.what}: ${field} ${got} where the generator made ${expected}`);
    wrong++;
  }
  return wrong;
}

/** Objects with their keys in order, so two counts by country compare as JSON whatever order they were made in. */
function sorted(value) {
  return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value;
}

function printGoals(clean, messy) {
  const m = messy.cli;
  const c = clean.cli;
  const vsPython = messy.python.wall / m.wall;
  const vsDuckdb = messy.duckdb.wall / m.wall;
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const pythonVerdict = vsPython >= GOAL.python ? 'met' : `NOT met (the ${GOAL.pythonAtLeast}× minimum ${verdict(vsPython >= GOAL.pythonAtLeast)})`;
  console.log(`\n## goals (issue 15), on \`petition count --json\`${rows === 1_000_000 ? '' : ` (set for 1,000,000 rows; this run has ${rows})`}`);
  console.log(`- messy: ≥ ${GOAL.python}× Python's speed (${GOAL.pythonAtLeast}× at the least): ${times(vsPython)} (${secs(m.wall)} vs ${secs(messy.python.wall)}): ${pythonVerdict}`);
  console.log(`- messy: no slower than DuckDB: ${times(vsDuckdb)} DuckDB's speed (${secs(m.wall)} vs ${secs(messy.duckdb.wall)}): ${verdict(vsDuckdb >= 1)}`);
  console.log(`- messy: ≤ ${GOAL.rssMB} MB peak RSS: ${m.rssMB.toFixed(0)} MB: ${verdict(m.rssMB <= GOAL.rssMB)}`);
  console.log(`- clean: no slower than before: ${secs(c.wall)}, ${c.rssMB.toFixed(0)} MB (tallyFiles alone ${secs(clean.fast.wall)}): compare with an earlier run, not judged here`);
  console.log(
    `- messy within ${GOAL.messyVsClean}× of clean: messy takes ${times(m.wall / c.wall)} clean's time (${secs(m.wall)} vs ${secs(c.wall)}): ${verdict(m.wall / c.wall <= GOAL.messyVsClean)}`,
  );
}

/** `petition count` alone on messy files of 2× and 4× the rows, each deleted once counted; the 1× point is the messy run above. */
async function scaling(messy) {
  const points = [{ rows, sizeMB: messy.sizeMB, run: messy.cli }];
  for (const k of [2, 4]) {
    const file = join(dir, `messy-${k}x.csv`);
    const made = await generate(`messy ${k}×`, file, rows * k, { messy: true });
    try {
      const run = cli('petition count --json (CLI)', file);
      mismatches += differences(`messy ${k}×`, run, made.expected.petition, ['rows', 'unique', 'invalid', 'byCountry']);
      points.push({ rows: rows * k, sizeMB: made.sizeMB, run });
    } finally {
      rmSync(file, { force: true });
    }
  }
  console.log(`\n## scaling: petition count --json on the messy file`);
  console.log('| rows | file MB | wall s | µs per row | peak RSS MB | + wall s per extra 1M rows | + MB per extra 1M rows |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  points.forEach((p, i) => {
    const before = points[i - 1];
    const millions = before ? (p.rows - before.rows) / 1e6 : 0;
    const growth = before ? [((p.run.wall - before.run.wall) / millions).toFixed(2), ((p.run.rssMB - before.run.rssMB) / millions).toFixed(1)] : ['—', '—'];
    console.log(`| ${p.rows} | ${p.sizeMB.toFixed(0)} | ${p.run.wall.toFixed(2)} | ${((p.run.wall / p.rows) * 1e6).toFixed(2)} | ${p.run.rssMB.toFixed(0)} | ${growth.join(' | ')} |`);
  });
}

async function generate(label, file, count, options) {
  const started = performance.now();
  const made = await generateSignatures(file, count, options);
  const sizeMB = statSync(file).size / 1e6;
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n## ${label}: ${count} rows, ${sizeMB.toFixed(1)} MB, written in ${took} s`);
  if (options.messy) {
    const s = made.expected.shape;
    const pct = (n) => `${(((n ?? 0) / count) * 100).toFixed(2)}%`;
    const asked = (rate) => `${+(rate * 100).toFixed(2)}%`;
    const ragged = (s.raggedShort ?? 0) + (s.raggedLong ?? 0);
    console.log(
      `BOM, CRLF; rows made (asked): ${pct(s.multiline)} (${asked(MESSY.multiline)}) with a multi-line quoted comment, ` +
        `${pct(ragged)} (${asked(MESSY.ragged)}) ragged (${s.raggedShort ?? 0} a field short, ${s.raggedLong ?? 0} a field long), ` +
        `${pct(s.unknownCountry)} (${asked(MESSY.unknownCountry)}) an unknown country, ${pct(s.noEmail)} (${asked(MESSY.noEmail)} of signers) no email, ` +
        `${pct(s.duplicate)} (${asked(MESSY.duplicate)}) an earlier signer again`,
    );
  }
  return { ...made, sizeMB };
}

/** The clean file with every field quoted: tallyFiles on the default threads only. */
async function quotedRun(file) {
  await generateSignatures(file, rows, { quoteAll: true });
  try {
    // The same rows as the clean file, so the same answer: checked with the clean file's runs.
    return child('tallyFiles fast, default threads, every field quoted', file, 'fast');
  } finally {
    rmSync(file, { force: true });
  }
}

function cli(what, file) {
  const { wall, cpu, rssMB, out } = measure(process.execPath, [join(root, 'bin', 'petition.js'), 'count', file, '--json'], dir);
  rmSync(join(dir, 'rejects.csv'), { force: true });
  const c = out.counts[0];
  return { what, petition: true, threads: 'auto', wall, cpu, rssMB, rows: c.rows, unique: c.unique, invalid: c.invalid, byCountry: c.by_country };
}

function child(what, file, parser, workers) {
  const { wall, cpu, rssMB, out } = measure(process.execPath, [join(root, 'bench', 'count-child.mjs'), join(root, 'dist'), file, parser, ...(workers ? [workers] : [])]);
  return { what, petition: true, threads: out.threads, wall, cpu, rssMB, rows: out.rows, unique: out.unique, invalid: out.invalid, byCountry: out.byCountry };
}

function python(file) {
  const { wall, cpu, rssMB, out } = measure('python3', [py, file]);
  return { what: 'python3 csv + set', threads: 1, wall, cpu, rssMB, rows: out.rows, unique: out.unique };
}

function duckdb(file, serialRead) {
  const { wall, cpu, rssMB, out } = measure(process.execPath, [join(root, 'bench', 'count-duckdb.mjs'), file, String(cores), ...(serialRead ? ['serial'] : [])]);
  const what = `duckdb read_csv, count distinct + group by${serialRead ? ' (parallel = false)' : ''}`;
  return { what, threads: out.threads, wall, cpu, rssMB, rows: out.rows, unique: out.unique };
}

/** Wall time from here (process start to exit); CPU time and peak RSS from GNU time when present, else from the child itself. */
function measure(command, commandArgs, cwd = root) {
  const started = performance.now();
  const run = useTime
    ? spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout);
  const stderr = run.stderr ?? '';
  const timeRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const rssMB = timeRss ? Number(timeRss[1]) / 1024 : (out.maxRssMB ?? NaN);
  const cpu = user && system ? Number(user[1]) + Number(system[1]) : (out.cpuMs ?? NaN) / 1000;
  return { wall, cpu, rssMB, out };
}

function times(ratio) {
  return `${ratio.toFixed(2)}×`;
}
function secs(s) {
  return `${s.toFixed(2)} s`;
}
