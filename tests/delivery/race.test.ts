// Many send runs started at once on one archive whose lock a killed run left behind: exactly one takes it over and
// sends, the others are refused (exit 3) naming it, and every addressee gets exactly one letter.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, startTestServer, tempDir, type TestServer } from './harness.js';
import { ensureBuilt, reportOf, startWorker, workerCommand } from './worker.js';

const PASS = 'Race-Test-Pa55word';

describe('send runs racing for a stale lock', () => {
  let server: TestServer;
  let out: string;
  beforeAll(async () => {
    ensureBuilt();
    // A slow relay keeps the winner busy while the others try.
    server = await startTestServer({ auth: { user: 'committee', pass: PASS }, replyDelayMs: 150 });
    out = await tempDir();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await fs.rm(out, { recursive: true, force: true });
  });

  it('lets exactly one run send; nobody gets a letter twice', async () => {
    const abandoned = spawnSync(process.execPath, [path.join(FIXTURES, 'lock-racer.mjs'), out, '--abandon'], { encoding: 'utf8' });
    expect(abandoned.stdout).toContain('"acquired"');
    const env = { SMTP_URL: `smtp://committee:${PASS}@127.0.0.1:${server.port}` };
    const runs = await Promise.all(Array.from({ length: 6 }, () => startWorker(workerCommand(out), env).done));

    expect(
      runs.map((r) => r.code).every((c) => c === 0 || c === 3),
      runs.map((r) => r.stderr).join('\n'),
    ).toBe(true);
    const refused = runs.filter((r) => r.code === 3);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.stderr).toMatch(/another send is running on this archive: process \d+ on host/);
    const sent = runs.filter((r) => r.code === 0).map((r) => reportOf(r).counts.sent ?? 0);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(12);
    const perAddress = new Map<string, number>();
    for (const m of server.received) perAddress.set(m.to[0] ?? '', (perAddress.get(m.to[0] ?? '') ?? 0) + 1);
    expect(perAddress.size).toBe(12);
    expect(Math.max(...perAddress.values())).toBe(1);
  }, 60_000);
});
