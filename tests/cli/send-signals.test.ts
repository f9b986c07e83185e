// Ctrl-C and SIGTERM during `petition send`: the first stops the run within moments with its report (exit 1), a second
// exits at once; the ledger stays readable and nothing is sent twice.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRawServer, type RawServer } from '../delivery/raw-smtp.js';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAll, petition } from '../support/cli.js';
import { makeProject, repoRoot, checkedToday, rosterYaml } from '../support/fixtures.js';

const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  exitedAt: number;
}

/** Starts `petition send --yes`; `when(stderr)` says when to send each signal of `signals`. */
function sendWithSignals(dir: string, smtpUrl: string, signals: { when: (stderr: string) => boolean; signal: NodeJS.Signals; at?: number }[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'petition.js'), 'send', '--yes'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', SMTP_URL: smtpUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const pending = [...signals];
    const check = (): void => {
      while (pending[0] && pending[0].when(stderr)) {
        const next = pending.shift()!;
        next.at = Date.now();
        child.kill(next.signal);
      }
    };
    const poll = setInterval(check, 20);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      check();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

describe('interrupting petition send', () => {
  const dirs: string[] = [];
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('SIGTERM while the server drips an endless reply: the run stops within moments, reports, exits 1', async () => {
    const raw: RawServer = await startRawServer(() => [{ say: '220 raw.example.net' }, { expect: /^EHLO / }, { drip: '250-still thinking', everyMs: 100 }]);
    servers.push(raw);
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    dirs.push(dir);
    approveAll(dir);
    const signal = { when: () => raw.commands.some((c) => c.length > 0), signal: 'SIGTERM' as const, at: 0 };
    const run = await sendWithSignals(dir, `smtp://127.0.0.1:${raw.port}`, [signal]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.exitedAt - (signal.at ?? 0)).toBeLessThan(3_000);
    expect(run.stderr).toMatch(/SIGTERM: stopping/);
    expect(run.stdout).toMatch(/stopped: interrupted/);
    expect(raw.messages).toHaveLength(0);
    const check = petition(['ledger', 'check', '--out', 'archive'], dir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 60_000);

  it('a second signal exits at once, and the ledger stays readable', async () => {
    const server: TestServer = await startTestServer();
    servers.push(server);
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    dirs.push(dir);
    approveAll(dir);
    // The warnings are printed once the campaign is loaded and the handler is in place; rendering follows.
    const loaded = (stderr: string) => stderr.includes('warning:');
    const second = { when: (stderr: string) => stderr.includes('SIGINT: stopping'), signal: 'SIGINT' as const, at: 0 };
    const run = await sendWithSignals(dir, `smtp://127.0.0.1:${server.port}`, [{ when: loaded, signal: 'SIGINT' }, second]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/SIGINT again: exiting now/);
    expect(run.exitedAt - (second.at ?? 0)).toBeLessThan(1_000);
    expect(server.received).toHaveLength(0);
    const check = petition(['ledger', 'check', '--out', 'archive'], dir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 60_000);
});
