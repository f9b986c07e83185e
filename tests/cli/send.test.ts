// The send command end to end: the built binary, a real SMTP server on loopback, a real archive folder.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { makeProject, petitionMd, checkedToday, rosterYaml, signaturesCsv } from '../support/fixtures.js';

// Two addressees with email; one print letter.
const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');

describe('petition send', () => {
  let server: TestServer;
  const password = 'pa55-w0rd-never-printed';
  beforeAll(async () => {
    server = await startTestServer({ auth: { user: 'organizer', pass: password } });
  });
  afterAll(async () => server.close());
  const env = () => ({ SMTP_URL: `smtp://organizer:${password}@127.0.0.1:${server.port}` });

  it('refuses without --yes when there is no terminal (exit 3) and sends nothing', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    await approveAllAsync(dir); // approved: the refusal is the missing --yes, not the approval
    const r = await petitionAsync(['send'], dir, env());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refused: .*--yes/);
    expect(server.received).toHaveLength(0);
  });

  it('sends each email letter exactly once, archives it, and a rerun sends nothing', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    await approveAllAsync(dir);
    const first = await petitionAsync(['send', '--yes'], dir, env());
    expect(first.code, first.stderr).toBe(0);
    expect(server.received.map((m) => m.to).sort()).toEqual([['minister@example.org'], ['sg@example.org']]);

    const mail = await simpleParser(server.received.find((m) => m.to[0] === 'sg@example.org')!.raw);
    expect(mail.subject).toBe('Restore the Paris Peace Agreements');
    expect(mail.from?.value[0]).toMatchObject({ address: 'committee@example.org', name: 'Test Committee' });
    expect(mail.text).toContain('This petition is supported by 13 signatures from 3 countries.');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['un-sg.en.pdf', 'test.annex.pdf']);
    expect(mail.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');

    const archived = readdirSync(join(dir, 'archive', 'mail', 'test')).sort();
    expect(archived).toEqual(['fr-minister.en.eml', 'un-sg.en.eml']);
    const everything = [
      first.stdout,
      first.stderr,
      readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8'),
      readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8'),
      ...archived.map((f) => readFileSync(join(dir, 'archive', 'mail', 'test', f), 'utf8')),
    ].join('\n');
    expect(everything).not.toContain(password);
    expect(first.stdout).toMatch(/test\/kh-copy\/km\s+.*print/);

    const again = await petitionAsync(['send', '--yes'], dir, env());
    expect(again.code, again.stderr).toBe(0);
    expect(server.received).toHaveLength(2);

    const status = petition(['status', '--json'], dir);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string }[] }).letters;
    expect(
      rows
        .filter((r) => r.status === 'sent')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['test/fr-minister/en', 'test/un-sg/en']);
  });

  it('a render error in any petition stops the run before the first message of any petition leaves', async () => {
    // "second" is sent first and renders fine; "test" names an image that is there but is not a PNG, which only
    // the render finds out.
    const broken = petitionMd.replace('2. Second point.', '2. Second point.\n\n![Seal](seal.png)');
    const dir = makeProject({
      'recipients/test-roster.yaml': roster,
      'petitions/test/petition.md': broken,
      'petitions/second/petition.md': petitionMd.replace('append: [km]\n', ''),
      'petitions/second/signatures/online.csv': signaturesCsv,
    });
    writeFileSync(join(dir, 'petitions', 'test', 'seal.png'), 'not a picture');
    await approveAllAsync(dir); // approved: what stops the run is the render error
    const before = server.received.length;
    const r = await petitionAsync(['send', '--yes'], dir, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/seal\.png: image "seal\.png" not a PNG or JPEG image/);
    expect(server.received.length).toBe(before);
  });

  it('without SMTP settings: exit 2 naming the variable, before anything else', async () => {
    const r = await petitionAsync(['send', '--yes'], makeProject(), { SMTP_URL: undefined, SMTP_HOST: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SMTP_URL|SMTP_HOST/);
  });
});
