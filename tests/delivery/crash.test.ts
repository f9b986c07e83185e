// A send process killed with SIGKILL mid-run, then run again: nobody gets two letters, and the ones whose fate is
// unknown are reported, not silently resent.
import { execFileSync, spawn } from 'node:child_process';
import { promises as fs, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { FIXTURES, startTestServer, tempDir, type TestServer } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = path.join(FIXTURES, 'send-worker.mjs');
const LETTERS = path.join(FIXTURES, 'kill-letters.json');
const PASS = 'Kill-Test-Pa55word';

/** The worker runs the built runner; build when dist/ is missing or older than the sources. */
function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist', 'io', 'delivery', 'index.js');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  let stale = true;
  try {
    stale = statSync(built).mtimeMs < newest(path.join(ROOT, 'src'));
  } catch {
    stale = true;
  }
  if (stale) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'inherit' });
}

interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startWorker(out: string, port: number, args: string[] = []): { done: Promise<WorkerRun>; kill(): void } {
  const child = spawn(process.execPath, [WORKER, LETTERS, out, ...args], {
    env: { PATH: process.env.PATH ?? '', SMTP_URL: `smtp://committee:${PASS}@127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<WorkerRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, kill: () => child.kill('SIGKILL') };
}

async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const reportOf = (run: WorkerRun): { counts: Record<string, number>; outcomes: { id: string; status: string; action: string }[] } => {
  const line = run.stdout.split('\n').find((l) => l.includes('"event":"report"'));
  if (!line) throw new Error(`no report; stderr: ${run.stderr}`);
  return JSON.parse(line).report;
};

describe('a send killed mid-run', () => {
  let server: TestServer;
  let mode: 'hold-after-4' | 'accept' = 'hold-after-4';
  let accepted = 0;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({
      auth: { user: 'committee', pass: PASS },
      verdict: () => {
        if (mode === 'accept') return 'accept';
        accepted += 1;
        return accepted <= 4 ? 'accept' : 'hold';
      },
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('sends every addressee exactly one letter over the crash and the rerun, and reports the unknown ones', async () => {
    const out = await tempDir();
    const first = startWorker(out, server.port);
    // Four delivered, then the server keeps the next messages without answering: kill the sender right there.
    await until(() => server.held >= 3);
    first.kill();
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const heldRecipients = server.received.slice(4).map((m) => m.to[0]);
    expect(heldRecipients).toHaveLength(3);
    const afterCrash = await readLedgerState(out);
    const unknownAfterCrash = [...afterCrash.letters.values()].filter((l) => l.status === 'unknown').map((l) => l.letter);
    // Every message the server holds was recorded as `sending` before it left, and nothing else is in doubt: the
    // runner prepares eight letters at a time but puts only as many on the wire as the pool has connections (3).
    expect([...unknownAfterCrash].sort()).toEqual(heldRecipients.map((a) => `paris-2017/${a?.split('@')[0]}/en`).sort());

    mode = 'accept';
    const second = await startWorker(out, server.port).done;
    expect(second.code).toBe(1); // unknown letters are a problem to look at
    const report = reportOf(second);
    const unknown = report.outcomes.filter((o) => o.status === 'unknown').map((o) => o.id).sort();
    expect(unknown).toEqual([...unknownAfterCrash].sort());
    expect(report.counts.sent).toBe(12 - 4 - unknown.length);
    expect(second.stderr).toMatch(/unknown/);

    // Nobody got two letters; everybody not "unknown" got exactly one.
    const perAddress = new Map<string, number>();
    for (const m of server.received) perAddress.set(m.to[0] ?? '', (perAddress.get(m.to[0] ?? '') ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBe(1);
    const unknownAddresses = new Set(unknown.map((id) => `${id.split('/')[1]}@example.net`));
    for (const a of ['un', 'fr', 'id', 'au', 'ca', 'cn', 'in', 'jp', 'la', 'my', 'ph', 'sg'].map((x) => `${x}@example.net`))
      expect(perAddress.get(a) ?? 0, a).toBe(unknownAddresses.has(a) && !heldRecipients.includes(a) ? 0 : 1);

    // --retry-unknown sends exactly those letters again (the operator's decision), nothing else.
    const before = server.received.length;
    const third = await startWorker(out, server.port, ['--retry-unknown']).done;
    expect(third.code).toBe(0);
    const retried = reportOf(third).outcomes.filter((o) => o.action === 'retry-unknown').map((o) => o.id).sort();
    expect(retried).toEqual(unknown);
    expect(server.received.length - before).toBe(unknown.length);

    // The password never reached the processes' output, the ledger, the manifest or the archived messages.
    const { records } = await readLedgerFile(out);
    expect(records.length).toBeGreaterThan(0);
    const files = (await fs.readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    const texts = [killed.stdout, killed.stderr, second.stdout, second.stderr, third.stdout, third.stderr, ...(await Promise.all(files.map((f) => fs.readFile(f, 'latin1'))))];
    for (const t of texts) expect(t).not.toContain(PASS);
    expect(second.stdout).toContain('smtp://committee@127.0.0.1');
  }, 60_000);
});
