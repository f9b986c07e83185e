// The archive's disk fills up in the middle of a send: the run stops at the first write that fails, reports exactly
// what was sent (exit 1, not an internal error), every message that left is archived, and a rerun after space is
// freed sends the rest — nobody gets a letter twice. The archive is a small tmpfs mounted in a user and mount
// namespace of the test's own (`unshare -rm`), so nothing is mocked and nothing outside the test is touched.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type TestServer } from './harness.js';
import { ensureBuilt, reportOf, startWorker, workerCommand } from './worker.js';

const PASS = 'Disk-Full-Pa55word';
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

describe.runIf(canUnshare || process.env.CI)('a send whose disk fills up', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ auth: { user: 'committee', pass: PASS } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  it('a disk already full when the ledger is opened: exit 1 naming the file, nothing sent, never an internal error', async () => {
    const mountPoint = await tempDir();
    const copy = await tempDir();
    dirs.push(mountPoint, copy);
    const before = server.received.length;
    const env = { SMTP_URL: `smtp://committee:${PASS}@127.0.0.1:${server.port}` };
    const script = 'mount -t tmpfs -o size=1m tmpfs "$1" && shift 2 && "$@"; code=$?; exit $code';
    const worker = workerCommand(mountPoint, ['--leave-free', '0']);
    const run = await startWorker(['unshare', '-rm', 'sh', '-c', script, 'sh', mountPoint, '--', ...worker], env).done;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/could not write (ledger\.jsonl|mail\/paris-2017\/\w+\.en\.eml): ENOSPC/);
    expect(server.received.length).toBe(before);
  }, 60_000);

  it('stops at the first failed write with exit 1, reports what was sent, and a rerun sends the rest once', async () => {
    const mountPoint = await tempDir();
    const copy = await tempDir();
    dirs.push(mountPoint, copy);
    const env = { SMTP_URL: `smtp://committee:${PASS}@127.0.0.1:${server.port}` };
    // In its own namespaces: a 1 MiB tmpfs as the archive, filled after rendering until 20 KiB are left; the archive is
    // copied out when the worker is done (the mount goes with the namespace).
    const script = 'mount -t tmpfs -o size=1m tmpfs "$1" && shift 2 && "$@"; code=$?; rm -f "$OUT/filler.bin"; cp -a "$OUT/." "$COPY/"; exit $code';
    // One letter at a time, so that the disk fills after a few letters whatever the machine's speed.
    const worker = workerCommand(mountPoint, ['--lanes', '1', '--leave-free', String(20 * 1024)]);
    const first = await startWorker(['unshare', '-rm', 'sh', '-c', script, 'sh', mountPoint, '--', ...worker], { ...env, OUT: mountPoint, COPY: copy }).done;

    expect(first.code, first.stderr).toBe(1);
    const report = reportOf(first);
    expect(report.stopped).toMatch(/^stopped: could not write (ledger\.jsonl|mail\/paris-2017\/\w+\.en\.eml): ENOSPC/);
    // What the report calls sent is exactly what the server received, and some letters were left for later.
    const sent = report.outcomes.filter((o) => o.status === 'sent').map((o) => o.id.split('/')[1]);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(12);
    expect(server.received.map((m) => m.to[0]?.split('@')[0]).sort()).toEqual([...sent].sort());
    expect(report.counts.unknown).toBe(0);
    // Every message that left is in the archive, byte for byte.
    for (const m of server.received) {
      const eml = await fs.readFile(path.join(copy, 'mail', 'paris-2017', `${m.to[0]?.split('@')[0]}.en.eml`));
      expect(eml.equals(m.raw)).toBe(true);
    }

    // Space again: the rerun sends what was not sent. A letter whose "sent" record did not fit is unknown, not resent.
    const second = await startWorker(workerCommand(copy), env).done;
    const again = reportOf(second);
    const perAddress = new Map<string, number>();
    for (const m of server.received) perAddress.set(m.to[0] ?? '', (perAddress.get(m.to[0] ?? '') ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBe(1);
    expect(perAddress.size).toBe(12);
    expect(again.counts.sent + again.counts.unknown + again.counts.skipped).toBe(12);
    expect(second.code).toBe(again.counts.unknown > 0 ? 1 : 0);
    for (const t of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(t).not.toContain(PASS);
  }, 60_000);
});
