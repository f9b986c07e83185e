#!/usr/bin/env node
// A whole synthetic campaign of N addressees (default 10,000), as the organiser runs it: validate, render every letter,
// approve them all, then send every one to a local SMTP server (smtp-server on loopback, in this process), then
// status. Prints wall time and peak memory of each step, and checks that the server received each letter exactly once.
// Usage: node bench/campaign.mjs [N] [--jobs J]; not part of `npm run bench` (10,000 letters take minutes).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { syntheticProject } from './synthetic.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'petition.js');
const n = Number(process.argv[2] ?? 10000);
const jobs = process.argv.includes('--jobs') ? ['--jobs', process.argv[process.argv.indexOf('--jobs') + 1]] : [];

const received = new Map();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      for (const to of session.envelope.rcptTo) received.set(to.address, (received.get(to.address) ?? 0) + 1);
      callback();
    });
  },
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.server.address().port;

/** Wall time and peak RSS (GNU time) of one CLI run, without blocking this process's SMTP server. */
function run(args, cwd) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], { cwd, env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ code, ms, mb: Number(stderr.trim().split('\n').at(-1)) / 1024, stderr });
    });
  });
}

const p = syntheticProject(n, { listed: 0 });
try {
  for (const [name, args] of [
    ['validate', ['validate']],
    ['render', ['render', '--out', 'archive', ...jobs]],
    // A send refuses letters nobody approved: a reviewer approves them all first, a step timed on its own.
    ['approve', ['approve', '--all', '--by', 'Bench Reviewer <reviewer@example.org>']],
    ['send', ['send', '--yes', '--out', 'archive', '--rate', '100000']],
    ['status', ['status', '--out', 'archive', '--json']],
  ]) {
    const r = await run(args, p.dir);
    const failed = r.code !== 0 ? `  FAILED (exit ${r.code}): ${r.stderr.split('\n').find((l) => /error|heap/i.test(l)) ?? ''}` : '';
    console.log(`${String(n).padStart(6)} addressees  ${name.padEnd(8)} ${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.mb.toFixed(0).padStart(5)} MB${failed}`);
    if (failed) break;
  }
  const counts = [...received.values()];
  console.log(`server received ${counts.reduce((a, b) => a + b, 0)} messages for ${received.size} addressees; sent more than once: ${counts.filter((c) => c > 1).length}`);
} finally {
  rmSync(p.dir, { recursive: true, force: true });
  server.close();
}
