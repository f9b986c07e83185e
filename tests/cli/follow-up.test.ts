// petition follow-up's refusals and test sends, end to end: the built binary, a real SMTP server on loopback. (The
// reminders of a campaign after its inbox was read are in tests/inbox/after-send.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, rosterYaml } from '../support/fixtures.js';

/** The Secretary-General in English and the minister in Khmer, both by email: no Khmer reminder is bundled. */
const roster = checkedToday(rosterYaml).replace(
  '    language: fr\n    salutation:\n      en: Dear Minister\n',
  '    language: km\n    email: minister@example.org\n    salutation:\n      km: ឯកឧត្តមរដ្ឋមន្ត្រី\n      en: Dear Minister\n',
);

describe('petition follow-up', () => {
  let server: TestServer;
  let dir: string;
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${server.port}` });
  const ledger = () => readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8');
  beforeAll(async () => {
    server = await startTestServer();
    dir = makeProject({ 'recipients/test-roster.yaml': roster });
    await approveAllAsync(dir);
    const sent = await petitionAsync(['send', '--yes'], dir, env());
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received.map((m) => m.to[0]).sort()).toEqual(['minister@example.org', 'sg@example.org']);
    await approveAllAsync(dir, {}, ['--follow-up']);
  }, 60_000);
  afterAll(async () => server.close());

  it('refuses (exit 2) when a letter due a reminder is in a language without one, naming the template; nothing is sent', async () => {
    const before = ledger();
    const r = await petitionAsync(['follow-up', '--after', '0', '--yes'], dir, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /templates\/km\/follow-up\.md\.hbs: follow-up\.md: is missing: test\/fr-minister\/km is due a reminder in "km" \(have the reminder written in that language by a fluent reader, or leave these letters out with --only\)/,
    );
    expect(server.received).toHaveLength(2);
    expect(ledger()).toBe(before);
  });

  it.each([
    [['--after', '-1'], /--after/],
    [['--after', '1.5'], /"1\.5" is not a whole number/],
    [['--after', '3651'], /3651 is out of range/],
    [[], /required option '--after <days>'/],
    [['--after', '0', '--only', 'nobody'], /--only: no letter for "nobody"/],
  ])('%j: exit 2, nothing sent', async (args, message) => {
    const r = await petitionAsync(['follow-up', '--yes', ...args], dir, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(server.received).toHaveLength(2);
  });

  it('without --yes and no terminal: refused (exit 3), nothing sent', async () => {
    const r = await petitionAsync(['follow-up', '--after', '0', '--only', 'un-sg'], dir, env());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--yes/);
    expect(server.received).toHaveLength(2);
  });

  it('--test-to sends the reminders due to one address, "[TEST] Re:", and leaves the ledger alone', async () => {
    const before = ledger();
    const r = await petitionAsync(['follow-up', '--after', '0', '--only', 'un-sg', '--test-to', 'reviewer@example.org', '--yes'], dir, env());
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(3);
    const raw = server.received[2]!.raw.toString('utf8');
    expect(server.received[2]!.to).toEqual(['reviewer@example.org']);
    expect(raw).toMatch(/^Subject: \[TEST\] Re: Restore the Paris Peace Agreements\r$/m);
    expect(raw).toMatch(/^In-Reply-To: <[0-9a-f]{32}@example\.org>\r$/m);
    expect(ledger()).toBe(before);
  });

  it('--only leaves the letter without a reminder out: the other is reminded, once, and status lists the reminder', async () => {
    const r = await petitionAsync(['follow-up', '--after', '0', '--only', 'un-sg', '--yes'], dir, env());
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(4);
    expect(server.received[3]!.to).toEqual(['sg@example.org']);
    const again = await petitionAsync(['follow-up', '--after', '0', '--only', 'un-sg', '--yes'], dir, env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^test\/un-sg\/en\s+reminded on \d{4}-\d{2}-\d{2}$/m);
    expect(again.stdout).toMatch(/^0 sent, /m);
    expect(server.received).toHaveLength(4);
    const status = petition(['status'], dir);
    expect(status.stdout).toMatch(/test\/un-sg\.follow-up\/en\s+.*sent/);
  });
});
