// A send process killed with SIGKILL mid-run, then run again: nobody gets two letters, and the ones whose fate is
// unknown are reported, not silently resent.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { startTestServer, tempDir, type TestServer } from './harness.js';
import { ensureBuilt, reportOf, startWorker, until, workerCommand } from './worker.js';

const PASS = 'Kill-Test-Pa55word';
const start = (out: string, port: number, args: string[] = []) => startWorker(workerCommand(out, args), { SMTP_URL: `smtp://committee:${PASS}@127.0.0.1:${port}` });

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
    const first = start(out, server.port);
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
    // Each message the server holds is in the archive at its name, byte for byte: its .eml was there before it left.
    for (const m of server.received.slice(4)) {
      const eml = await fs.readFile(path.join(out, 'mail', 'paris-2017', `${m.to[0]?.split('@')[0]}.en.eml`));
      expect(eml.equals(m.raw)).toBe(true);
    }

    mode = 'accept';
    const second = await start(out, server.port).done;
    expect(second.code).toBe(1); // unknown letters are a problem to look at
    const report = reportOf(second);
    const unknown = report.outcomes
      .filter((o) => o.status === 'unknown')
      .map((o) => o.id)
      .sort();
    expect(unknown).toEqual([...unknownAfterCrash].sort());
    expect(report.counts.sent).toBe(12 - 4 - unknown.length);
    expect(second.stderr).toMatch(/unknown/);
    // The killed run's temporary files (messages written, not yet synced) are gone after the rerun.
    expect((await fs.readdir(path.join(out, 'mail', 'paris-2017'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Nobody got two letters; everybody not "unknown" got exactly one.
    const perAddress = new Map<string, number>();
    for (const m of server.received) perAddress.set(m.to[0] ?? '', (perAddress.get(m.to[0] ?? '') ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBe(1);
    const unknownAddresses = new Set(unknown.map((id) => `${id.split('/')[1]}@example.net`));
    for (const a of ['un', 'fr', 'id', 'au', 'ca', 'cn', 'in', 'jp', 'la', 'my', 'ph', 'sg'].map((x) => `${x}@example.net`))
      expect(perAddress.get(a) ?? 0, a).toBe(unknownAddresses.has(a) && !heldRecipients.includes(a) ? 0 : 1);

    // --retry-unknown sends exactly those letters again (the operator's decision), nothing else.
    const before = server.received.length;
    const third = await start(out, server.port, ['--retry-unknown']).done;
    expect(third.code).toBe(0);
    const retried = reportOf(third)
      .outcomes.filter((o) => o.action === 'retry-unknown')
      .map((o) => o.id)
      .sort();
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
