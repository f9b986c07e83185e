// `petition status --out DIR` reports what the ledger holds, whatever roster today's plan would use: a send with
// another roster is never reported as "0 sent". The built binary, a real SMTP server, real temp folders.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, rosterYaml } from '../support/fixtures.js';
import { tempFolder } from '../support/temp.js';

// Another roster for the same petition: its addressees have other ids, and two of them an email.
const other = checkedToday(rosterYaml)
  .replace('id: test-roster', 'id: other-roster')
  .replaceAll('id: un-sg', 'id: un-sg-2026')
  .replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');

describe('status from the archive', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("lists every letter the ledger records as sent, even when today's plan would use another roster", async () => {
    const dir = makeProject({ 'recipients/other.yaml': other });
    dirs.push(dir);
    await approveAllAsync(dir, {}, ['--roster', 'recipients/other.yaml']);
    const sent = await petitionAsync(['send', '--yes', '--roster', 'recipients/other.yaml', '--out', 'A'], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received).toHaveLength(2);

    const status = petition(['status', '--out', 'A', '--json'], dir);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string; reason?: string }[] }).letters;
    // un-sg-2026 is not in today's plan; fr-minister is, as another letter (a print letter to the default roster).
    expect(rows.find((r) => r.id === 'test/un-sg-2026/en')).toMatchObject({ status: 'sent', reason: expect.stringMatching(/not in the current plan/) });
    expect(rows.find((r) => r.id === 'test/fr-minister/en')).toMatchObject({
      status: 'changed',
      reason: expect.stringMatching(
        /^changed since sent; recorded from roster other-roster \(recipients\/other\.yaml, sha256 [0-9a-f]{12}\), planned today from test-roster \(recipients\/test-roster\.yaml, sha256 [0-9a-f]{12}\)$/,
      ),
    });
    const text = petition(['status', '--out', 'A'], dir);
    expect(text.stdout).toMatch(/^2 sent \(1 changed since\), /m);
    expect(text.stdout).toMatch(/^letter\s+addressee\s+status\s+time\s+roster\s+message-id \/ reason$/m);
    // A send with today's roster says, letter by letter, what the archive holds from the other one (its letters
    // are others, approved in their turn).
    await approveAllAsync(dir);
    const next = await petitionAsync(['send', '--yes', '--out', 'A', '--json', '--roster-checked-on', new Date().toISOString().slice(0, 10)], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(next.code, next.stderr).toBe(0);
    const warnings = (JSON.parse(next.stdout) as { reports: { warnings: string[] }[] }).reports[0]!.warnings;
    expect(warnings).toEqual([
      expect.stringMatching(
        /^test\/fr-minister\/en: recorded from roster other-roster \(recipients\/other\.yaml, sha256 [0-9a-f]{12}\), planned today from test-roster \(recipients\/test-roster\.yaml, sha256 [0-9a-f]{12}\)$/,
      ),
      expect.stringMatching(/^test\/un-sg-2026\/en: sent from roster other-roster \(recipients\/other\.yaml, sha256 [0-9a-f]{12}\), not in today's plan from test-roster /),
    ]);
    expect(text.stdout).toMatch(
      /^warning: test: its letters come from 2 rosters: test-roster \(recipients\/test-roster\.yaml, sha256 [0-9a-f]{12}\): 1 letter\(s\); other-roster \(recipients\/other\.yaml, sha256 [0-9a-f]{12}\): 3 letter\(s\); the roster column says which$/m,
    );
  });

  it('records the roster of every letter it sends or renders, and status needs nothing but the archive', async () => {
    const dir = makeProject({ 'recipients/other.yaml': other });
    const elsewhere = mkdtempSync(join(tmpdir(), 'petition-elsewhere-'));
    dirs.push(dir, elsewhere);
    const out = join(elsewhere, 'archive');
    await approveAllAsync(dir, {}, ['--roster', 'recipients/other.yaml']);
    const sent = await petitionAsync(['send', '--yes', '--roster', 'recipients/other.yaml', '--out', out], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(sent.code, sent.stderr).toBe(0);
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dir, 'recipients', 'other.yaml')))
      .digest('hex');
    const roster = { id: 'other-roster', file: 'recipients/other.yaml', sha256 };
    const queued = readFileSync(join(out, 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.event === 'queued');
    expect(queued.length).toBe(2);
    for (const r of queued) expect(r.roster).toEqual(roster);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { letters: { id: string; channel: string; roster: unknown }[] };
    expect(manifest.letters.length).toBeGreaterThan(2);
    for (const l of manifest.letters) expect(l.roster).toEqual(roster);

    // From a folder with no campaign: the archive alone, every letter it holds, one roster, no warning.
    const status = petition(['status', '--out', out, '--json'], elsewhere);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { letters: { id: string; status: string; roster: unknown }[]; rosters: unknown[]; warnings: string[] };
    expect(report.letters.map((l) => l.id).sort()).toEqual(manifest.letters.map((l) => l.id).sort());
    expect(
      report.letters
        .filter((l) => l.status === 'sent')
        .map((l) => l.id)
        .sort(),
    ).toEqual(['test/fr-minister/en', 'test/un-sg-2026/en']);
    expect(report.letters.filter((l) => l.status !== 'sent').every((l) => l.status === 'print')).toBe(true);
    expect(report.rosters).toEqual([{ ...roster, letters: manifest.letters.length }]);
    expect(report.warnings).toEqual([]);
  });
  it('reads a manifest whose letters carry fields of the wrong type without failing (exit 0, the fields left out)', () => {
    const out = tempFolder('petition-status-manifest-');
    const letter = (id: string, roster: unknown) => ({ id, addressee: 7, channel: 'email', content_hash: 'x', files: [], roster });
    const manifest = {
      version: 2,
      generated_at: '2026-10-23T00:00:00.000Z',
      petitions: [],
      letters: [letter('p/a/en', { id: 'r1', file: 'f', sha256: 1 }), letter('p/b/en', { id: 'r2', file: 'g' })],
    };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    const status = petition(['status', '--out', out, '--json'], out);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { letters: { id: string; addressee: string; roster?: unknown }[]; rosters: unknown[] };
    expect(report.letters.map((l) => [l.id, l.addressee, l.roster])).toEqual([
      ['p/a/en', 'a', undefined],
      ['p/b/en', 'b', { id: 'r2', file: 'g' }],
    ]);
  });
});
