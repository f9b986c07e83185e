// Approval bound to content, end to end: the built binary, a real SMTP server on loopback, real files. A letter goes
// out only as someone approved it; a letter changed afterwards is refused again, alone; --yes never bypasses it.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, petitionMd, rosterYaml, signaturesCsv } from '../support/fixtures.js';

const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');
const ADA = 'Ada Reviewer <ada@example.org>';
const BO = 'Bo Checker <bo@example.org>';

interface ApprovalsJson {
  letters: { id: string; state: string; lacking: number; approvers: { email: string }[] }[];
  summary: { petition: string; letters: number; approved: number; pending: number; changed: number }[];
}
const approvals = (dir: string): ApprovalsJson => {
  const r = petition(['approvals', '--json'], dir);
  expect(r.code, r.stderr + r.stdout.slice(0, 3000)).toBe(0);
  return JSON.parse(r.stdout) as ApprovalsJson;
};
const stateOf = (dir: string) => Object.fromEntries(approvals(dir).letters.map((l) => [l.id, l.state]));
const approve = (dir: string, ...args: string[]) => {
  const r = petition(['approve', ...args], dir);
  expect(r.code, r.stderr).toBe(0);
  return r;
};

describe('approval before sending', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.received.length = 0;
  });
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${server.port}` });
  const send = (dir: string, ...args: string[]) => petitionAsync(['send', '--yes', ...args], dir, env());

  it('refuses every unapproved letter, sends once approved, and refuses a changed letter again, alone', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });

    const refused = await send(dir);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('2 letter(s) to send lack approval: test/un-sg/en (no approval), test/fr-minister/en (no approval); nothing was sent');
    expect(refused.stderr).toMatch(/petition approve --by/);
    expect(server.received).toHaveLength(0);
    expect(existsSync(join(dir, 'archive', 'ledger.jsonl'))).toBe(false);

    // A test send is how a reviewer checks: no approval needed, the ledger untouched.
    const test = await send(dir, '--test-to', 'reviewer@example.org');
    expect(test.code, test.stderr).toBe(0);
    expect(server.received.map((m) => m.to)).toEqual([['reviewer@example.org'], ['reviewer@example.org']]);
    server.received.length = 0;

    const approved = approve(dir, '--all', '--by', ADA);
    expect(approved.stdout).toMatch(/approved 3 letter\(s\) as Ada Reviewer <ada@example.org>/);
    expect(
      readFileSync(join(dir, 'petitions', 'test', 'approvals.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    expect(readFileSync(join(dir, 'petitions', 'test', 'approved', 'un-sg.en.txt'), 'utf8')).toContain('Dear Secretary-General');
    expect(stateOf(dir)).toEqual({ 'test/un-sg/en': 'approved', 'test/fr-minister/en': 'approved', 'test/kh-copy/km': 'approved' });

    // One letter changes after review: only it is refused.
    const edited = roster.replace('      en: Dear Secretary-General', '      en: Dear Mr Secretary-General');
    writeFileSync(join(dir, 'recipients', 'test-roster.yaml'), edited);
    expect(stateOf(dir)).toEqual({ 'test/un-sg/en': 'changed', 'test/fr-minister/en': 'approved', 'test/kh-copy/km': 'approved' });
    const again = await send(dir);
    expect(again.code, again.stderr).toBe(3);
    expect(again.stderr).toMatch(/1 letter\(s\) to send lack approval: test\/un-sg\/en \(changed since approved by Ada Reviewer on \d{4}-\d{2}-\d{2}; no approval\); nothing was sent/);
    expect(server.received).toHaveLength(0);

    approve(dir, '--only', 'un-sg', '--by', BO);
    const sent = await send(dir);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received.map((m) => m.to).sort()).toEqual([['minister@example.org'], ['sg@example.org']]);
    const mail = server.received.find((m) => m.to[0] === 'sg@example.org')?.raw.toString('utf8') ?? '';
    expect(mail).toContain('Dear Mr Secretary-General');

    // The ledger says who approved what was sent.
    const queued = readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; letter: string; approvedBy?: string[] })
      .filter((r) => r.event === 'queued');
    expect(Object.fromEntries(queued.map((r) => [r.letter, r.approvedBy]))).toEqual({ 'test/un-sg/en': ['bo@example.org'], 'test/fr-minister/en': ['ada@example.org'] });

    // Changed after it was sent: a plain send leaves it (skip-changed), a resend needs approval of the new text.
    writeFileSync(join(dir, 'recipients', 'test-roster.yaml'), edited.replace('Dear Mr Secretary-General', 'Dear Madam or Sir'));
    server.received.length = 0;
    const idle = await send(dir);
    expect(idle.code, idle.stderr).toBe(0);
    const resend = await send(dir, '--resend');
    expect(resend.code).toBe(3);
    expect(resend.stderr).toMatch(/1 letter\(s\) to send lack approval: test\/un-sg\/en \(changed since approved by Bo Checker/);
    expect(server.received).toHaveLength(0);
  });

  it('an approval holds only for the files reviewed: an attachment, a signer or the title changed after it needs approving again', async () => {
    const withBrief = petitionMd.replace('roster: test-roster\n', 'roster: test-roster\nattachments:\n  - path: brief.txt\n');
    const dir = makeProject({ 'recipients/test-roster.yaml': roster, 'petitions/test/petition.md': withBrief, 'petitions/test/brief.txt': 'version 1\n' });
    approve(dir, '--all', '--by', ADA);
    const allApproved = { 'test/un-sg/en': 'approved', 'test/fr-minister/en': 'approved', 'test/kh-copy/km': 'approved' };
    expect(stateOf(dir)).toEqual(allApproved);
    const changedAll = { 'test/un-sg/en': 'changed', 'test/fr-minister/en': 'changed', 'test/kh-copy/km': 'changed' };

    writeFileSync(join(dir, 'petitions', 'test', 'brief.txt'), 'version 2\n');
    expect(stateOf(dir)).toEqual(changedAll);
    const r = await send(dir);
    expect(r.code).toBe(3);
    expect(server.received).toHaveLength(0);
    writeFileSync(join(dir, 'petitions', 'test', 'brief.txt'), 'version 1\n');
    expect(stateOf(dir)).toEqual(allApproved);

    // The same count, another signer's name: the annex lists names.
    const csv = join(dir, 'petitions', 'test', 'signatures', 'online.csv');
    writeFileSync(csv, signaturesCsv.replace('Test Signer 2', 'Test Signer Two'));
    expect(stateOf(dir)).toEqual(changedAll);
    writeFileSync(csv, signaturesCsv);
    writeFileSync(join(dir, 'petitions', 'test', 'petition.md'), withBrief.replace('title: Test petition', 'title: Another title'));
    expect(stateOf(dir)).toEqual(changedAll);
  });

  it('approvals_required: 2 needs two different people (by email, in any case)', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster, 'petitions/test/petition.md': petitionMd.replace('roster: test-roster\n', 'roster: test-roster\napprovals_required: 2\n') });
    approve(dir, '--all', '--by', ADA);
    const once = await send(dir);
    expect(once.code).toBe(3);
    expect(once.stderr).toContain('test/un-sg/en (1 of 2 approvals (by Ada Reviewer; needs 1 more, another person))');

    const same = approve(dir, '--all', '--by', 'Ada R. <ADA@example.org>');
    expect(same.stdout).toMatch(/approved 0 letter\(s\) .*\(3 already approved by you as they are\)/);
    expect((await send(dir)).code).toBe(3);
    expect(server.received).toHaveLength(0);

    approve(dir, '--all', '--by', BO);
    expect(approvals(dir).summary).toEqual([{ petition: 'test', required: 2, letters: 3, approved: 3, pending: 0, changed: 0 }]);
    const sent = await send(dir);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received).toHaveLength(2);
  });

  it('one unapproved petition stops the run before any petition sends', async () => {
    const dir = makeProject({
      'recipients/test-roster.yaml': roster,
      'petitions/second/petition.md': petitionMd.replace('append: [km]\n', ''),
      'petitions/second/signatures/online.csv': signaturesCsv,
    });
    approve(dir, '--petition', 'second', '--all', '--by', ADA);
    const r = await send(dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('2 letter(s) to send lack approval: test/un-sg/en (no approval), test/fr-minister/en (no approval)');
    expect(server.received).toHaveLength(0);
  });

  it('a damaged approvals file is exit 2 at its line, for send and approve alike, and is left as it was', async () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster });
    approve(dir, '--all', '--by', ADA);
    const file = join(dir, 'petitions', 'test', 'approvals.jsonl');
    appendFileSync(file, '{"version":1,"letter":"test/un-sg/en","content_hash":"00"\n');
    const before = readFileSync(file, 'utf8');
    const r = await send(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/petitions\/test\/approvals\.jsonl:4: is not a JSON object \(a damaged or half-written line\) \(petition approve writes these lines/);
    expect(server.received).toHaveLength(0);
    const a = petition(['approve', '--all', '--by', BO], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/approvals\.jsonl:4:/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it.each([
    [['approve', '--by', ADA], /--only: is missing \(name the letters with --only/],
    [['approve', '--all', '--only', 'un-sg', '--by', ADA], /--only: and --all were both given/],
    [['approve', '--all', '--by', 'ada@example.org'], /--by: is not "Name <email>"/],
    [['approve', '--all', '--by', 'Ada <ada>'], /--by: "ada" is not an email address/],
    [['approve', '--only', 'nobody', '--by', ADA], /--only: no letter for "nobody"/],
    [['approve', '--all'], /required option '--by/],
  ])('approve %j: exit 2, nothing written', (args, message) => {
    const dir = makeProject();
    const r = petition(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'petitions', 'test', 'approvals.jsonl'))).toBe(false);
  });

  it('approvals lists each letter, pending, approved or changed', () => {
    const dir = makeProject();
    const before = petition(['approvals'], dir);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/test: 0 of 3 letter\(s\) approved \(1 approver\(s\) each\)/);
    expect(before.stdout).toMatch(/test\/un-sg\/en\s+pending\s+no approval/);
    approve(dir, '--only', 'test/un-sg/en', '--by', ADA);
    const after = petition(['approvals'], dir);
    expect(after.stdout).toMatch(/test\/un-sg\/en\s+approved\s+approved by Ada Reviewer/);
    expect(approvals(dir).letters.find((l) => l.id === 'test/un-sg/en')).toMatchObject({ state: 'approved', lacking: 0, approvers: [{ email: 'ada@example.org' }] });

    // An approve killed while writing leaves a cut-off last line: ignored with a warning (the approval is lost, none
    // is made up), and the next approve closes the line before its own.
    const cut = join(dir, 'petitions', 'test', 'approvals.jsonl');
    const whole = readFileSync(cut, 'utf8');
    writeFileSync(cut, `${whole}${whole.slice(0, 60)}`);
    const torn = petition(['approvals'], dir);
    expect(torn.code, torn.stderr).toBe(0);
    expect(torn.stderr).toMatch(/warning: petitions\/test\/approvals\.jsonl:2: is cut off \(an approve stopped while writing it\?\): ignored/);
    approve(dir, '--only', 'kh-copy', '--by', ADA);
    expect(stateOf(dir)['test/kh-copy/km']).toBe('approved');
    expect(
      readFileSync(cut, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { letter: string }).letter),
    ).toEqual(['test/un-sg/en', 'test/kh-copy/km']);
    writeFileSync(cut, whole);

    // A file whose last line lost its line break (edited by hand) gets one before the next record: no two join.
    const file = join(dir, 'petitions', 'test', 'approvals.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd());
    approve(dir, '--only', 'fr-minister', '--by', ADA);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(stateOf(dir)).toEqual({ 'test/un-sg/en': 'approved', 'test/fr-minister/en': 'approved', 'test/kh-copy/km': 'pending' });
  });
});
