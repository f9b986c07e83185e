// A roster older than it allows is refused by `send` (exit 3) until a person vouches for it; the built binary, a real
// SMTP server on loopback, real temp folders (removed afterwards).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petitionAsync } from '../support/cli.js';
import { makeProject, repoRoot, rosterYaml } from '../support/fixtures.js';

// The fixture roster is as of 2017; two of its addressees have an email.
const roster = rosterYaml.replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');
const today = new Date().toISOString().slice(0, 10);

describe('send and a stale roster', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${server.port}` });

  it('refuses the bundled 2024 petition, naming its 2017 roster, before anything is rendered', async () => {
    const out = mkdtempSync(join(tmpdir(), 'petition-stale-'));
    dirs.push(out);
    const r = await petitionAsync(['-C', repoRoot, 'send', '--petition', '2024-independent-review', '--yes', '--out', out], repoRoot, env());
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /refused: 2024-independent-review: roster paris-conference-2017 \(recipients\/paris-conference-2017\.yaml, as of 2017-10-23\) is older than 180 days for 24 addressee\(s\)/,
    );
    expect(r.stderr).toMatch(/--roster-checked-on YYYY-MM-DD/);
  });

  it('refuses a stale roster, then sends each letter once when a person vouches for it, and records that in the ledger', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    dirs.push(dir);
    await approveAllAsync(dir); // approved: what is refused is the roster's age
    const refused = await petitionAsync(['send', '--yes'], dir, env());
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/refused: test: roster test-roster .* as of 2017-10-01\) is older than 180 days/);
    expect(server.received).toHaveLength(0);

    // Not a date: a usage error (exit 2) at once, also with --test-to, where the roster's age is not checked.
    for (const extra of [[], ['--test-to', 'me@example.org']]) {
      const bad = await petitionAsync(['send', '--yes', '--roster-checked-on', '2026-02-30', ...extra], dir, env());
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--roster-checked-on <date>' argument '2026-02-30' is invalid\. "2026-02-30" is not a date \(give YYYY-MM-DD\)/);
    }
    expect(server.received).toHaveLength(0);

    const tooOld = await petitionAsync(['send', '--yes', '--roster-checked-on', '2020-01-01'], dir, env());
    expect(tooOld.code).toBe(3);
    expect(tooOld.stderr).toMatch(/--roster-checked-on 2020-01-01 is \d+ days ago, more than the 180/);

    const vouched = await petitionAsync(['send', '--yes', '--roster-checked-on', today], dir, env());
    expect(vouched.code, vouched.stderr).toBe(0);
    expect(server.received.map((m) => m.to[0]).sort()).toEqual(['minister@example.org', 'sg@example.org']);
    const queued = readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.event === 'queued');
    expect(queued).toHaveLength(2);
    for (const r of queued) expect(r.rosterCheckedOn).toBe(today);
  });
});
