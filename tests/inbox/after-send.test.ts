// After the send, end to end: the built binary sends to a real SMTP server on loopback, then reads a mailbox holding a
// DSN failure, a bounce without one, an out-of-office, two replies by people (one without In-Reply-To) and unrelated
// mail — from a real Dovecot over IMAP, a Maildir folder and an mbox file — and each letter gets the right delivery and
// reply state in status --json; the unrelated mail is listed as unmatched; a second read changes nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/core/json-schemas.js';
import { envelopeId } from '../../src/core/delivery/dsn.js';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAll, approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, rosterYaml } from '../support/fixtures.js';
import { tempFolder } from '../support/temp.js';
import { DOVECOT, startDovecot, TEST_CA_FILE, type Dovecot } from './dovecot.js';
import { dsnFailure, exchangeBounce, humanReply, outOfOffice, unrelated, type Sent } from './messages.js';

const subject = 'Restore the Paris Peace Agreements';
/** Four addressees with email (invented people at example.org), one print letter. */
const extra = (id: string, name: string, email: string) =>
  `  - id: ${id}\n    group: signatory\n    honorific: Mr\n    name: ${name}\n    title: Test Official\n    country: FR\n    language: en\n    salutation:\n      en: Dear Sir\n      fr: Monsieur\n    email: ${email}\n`;
const roster = checkedToday(rosterYaml)
  .replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr')
  .replace(
    '  - id: kh-copy',
    `${extra('fr-deputy', 'Test Deputy', 'deputy@example.org')}${extra('fr-envoy', 'Test Envoy', 'envoy@example.org')}${extra('fr-senator', 'Test Senator', 'senator@example.org')}  - id: kh-copy`,
  );

interface StatusJson {
  letters: { id: string; status: string; delivery_report?: { state: string; status?: string }; reply?: { state: string; date: string; excerpt?: string } }[];
}
interface FollowUpJson {
  reports: { counts: Record<string, number> }[];
  follow_up: { after_days: number; due: string[]; not_due: { id: string; reason: string }[] };
}
interface InboxJson {
  messages: { ref: string; kind: string; event?: string; letter?: string; matched_by?: string; why?: string; subject: string }[];
  recorded: Record<string, number>;
  recorded_before: number;
  unmatched: number;
}

describe('petition inbox after a send', () => {
  let server: TestServer;
  let dir: string;
  let mailbox: string[];
  beforeAll(async () => {
    server = await startTestServer();
    dir = makeProject({ 'recipients/test-roster.yaml': roster });
    approveAll(dir);
    const sent = await petitionAsync(['send', '--yes'], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received).toHaveLength(5);
    const letter = (to: string): Sent => {
      const raw = server.received.find((m) => m.to[0] === to)?.raw.toString('utf8') ?? '';
      return { messageId: /^Message-ID: (<[^>]+>)/im.exec(raw)?.[1] ?? '', to, subject };
    };
    mailbox = [
      dsnFailure(letter('sg@example.org'), { envelopeId: envelopeId('test/un-sg/en') }),
      exchangeBounce(letter('deputy@example.org')),
      outOfOffice(letter('minister@example.org')),
      humanReply(letter('minister@example.org'), { id: '<reply-minister@example.org>' }),
      humanReply(letter('envoy@example.org'), { threaded: false, id: '<reply-envoy@example.org>', body: 'We received your letter and will answer in due course.' }),
      unrelated(),
    ];
  }, 120_000);
  afterAll(async () => server.close());

  const status = (project = dir): Map<string, StatusJson['letters'][number]> => {
    const r = petition(['status', '--json'], project);
    expect(r.code, r.stderr).toBe(0);
    matches('status', JSON.parse(r.stdout));
    return new Map((JSON.parse(r.stdout) as StatusJson).letters.map((l) => [l.id, l]));
  };

  const expectStates = (project = dir) => {
    const letters = status(project);
    expect(letters.get('test/un-sg/en')).toMatchObject({ status: 'sent', delivery_report: { state: 'bounced', status: '5.1.1' } });
    expect(letters.get('test/fr-deputy/en')).toMatchObject({ status: 'sent', delivery_report: { state: 'bounced' } });
    expect(letters.get('test/fr-minister/en')).toMatchObject({ status: 'sent', reply: { state: 'replied', date: '2017-11-06T10:00:00.000Z' } });
    expect(letters.get('test/fr-envoy/en')).toMatchObject({ reply: { state: 'replied', excerpt: 'We received your letter and will answer in due course.' } });
    expect(letters.get('test/fr-senator/en')?.reply).toBeUndefined();
    expect(letters.get('test/fr-senator/en')?.delivery_report).toBeUndefined();
    expect(letters.get('test/kh-copy/km')?.status).toBe('print');
  };

  const expectFirstRead = (out: InboxJson) => {
    expect(out.recorded).toEqual({ bounced: 2, 'auto-replied': 1, replied: 2 });
    expect(out.unmatched).toBe(1);
    expect(out.messages.find((m) => m.letter === undefined)).toMatchObject({ subject: 'Our monthly newsletter', why: expect.stringMatching(/not from an addressee/) as string });
    expect(out.messages.filter((m) => m.letter).map((m) => [m.letter, m.event, m.matched_by])).toEqual([
      ['test/un-sg/en', 'bounced', 'envelope-id'],
      ['test/fr-deputy/en', 'bounced', 'original-message-id'],
      ['test/fr-minister/en', 'auto-replied', 'in-reply-to'],
      ['test/fr-minister/en', 'replied', 'in-reply-to'],
      ['test/fr-envoy/en', 'replied', 'address-and-subject'],
    ]);
  };

  const maildirOf = (messages: readonly string[]): string => {
    const maildir = tempFolder('petition-maildir-');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub));
    messages.forEach((raw, i) => writeFileSync(join(maildir, 'new', `17000000${i}.M${i}P1.test`), raw));
    return maildir;
  };

  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const matches = (schema: 'inbox' | 'report' | 'status' | 'follow_up', value: unknown) => {
    const validate = ajv.compile(jsonSchemas[schema]);
    expect(validate(value) ? '' : ajv.errorsText(validate.errors)).toBe('');
  };
  const inbox = (args: string[], env: Record<string, string | undefined> = {}, project = dir): InboxJson => {
    const r = petition(['inbox', '--json', ...args], project, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning/); // e.g. Node's, for an IP address given as a TLS server name
    const value = JSON.parse(r.stdout) as InboxJson;
    matches('inbox', value);
    return value;
  };

  it('from a Maildir: each letter its state, the newsletter unmatched, a second read adds nothing, the folder untouched', () => {
    const maildir = maildirOf(mailbox);
    const ledger = join(dir, 'archive', 'ledger.jsonl');
    const before = readFileSync(ledger, 'utf8');

    expectFirstRead(inbox(['--maildir', maildir]));
    expectStates();
    const afterFirst = readFileSync(ledger, 'utf8');
    expect(afterFirst.startsWith(before)).toBe(true);

    const again = inbox(['--maildir', maildir]);
    expect(again.recorded).toEqual({});
    expect(again.recorded_before).toBe(5);
    expect(readFileSync(ledger, 'utf8')).toBe(afterFirst);
    expect(existsSync(join(maildir, 'new', '170000000.M0P1.test'))).toBe(true);

    // The same messages from an mbox: already recorded, so nothing new either.
    const mbox = join(tempFolder('petition-mbox-'), 'replies.mbox');
    writeFileSync(mbox, mailbox.map((raw) => `From MAILER-DAEMON Tue Oct 24 09:15:00 2017\n${raw.replace(/\r\n/g, '\n')}\n`).join(''));
    const fromMbox = inbox(['--mbox', mbox]);
    expect(fromMbox.recorded).toEqual({});
    expect(fromMbox.recorded_before).toBe(5);
    expect(fromMbox.unmatched).toBe(1);

    const table = petition(['status'], dir);
    expect(table.stdout).toMatch(/test\/un-sg\/en\s+.*sent\s+.*bounced 5\.1\.1\s+none/);
    expect(table.stdout).toMatch(/test\/fr-minister\/en\s+.*sent\s+.*no report\s+replied on 2017-11-06/);
    expect(table.stdout).toMatch(/test\/un-sg\/en: it bounced: fix the address/);

    const report = petition(['report', '--json'], dir);
    expect(report.code, report.stderr).toBe(0);
    matches('report', JSON.parse(report.stdout));
    const total = (JSON.parse(report.stdout) as { reports: { year: string; total: Record<string, number> }[] }).reports.find((r) => r.year !== 'unsent')?.total;
    expect(total).toMatchObject({ sent: 5, bounced: 2, replied: 2, silent: 1, acknowledged: 0 });
  });

  it('follow-up reminds exactly the silent addressee, once, threaded to its letter, and only once approved', async () => {
    inbox(['--maildir', maildirOf(mailbox)]); // what the first test read (a second read adds nothing)
    const smtp = { SMTP_URL: `smtp://127.0.0.1:${server.port}` };
    const received = server.received.length;
    const followUp = async (after: string): Promise<FollowUpJson> => {
      const r = await petitionAsync(['follow-up', '--after', after, '--yes', '--json'], dir, smtp);
      expect(r.code, r.stderr).toBe(0);
      matches('follow_up', JSON.parse(r.stdout));
      return JSON.parse(r.stdout) as FollowUpJson;
    };

    // A reminder is a letter of its own: unapproved, it does not go.
    const refused = await petitionAsync(['follow-up', '--after', '0', '--yes'], dir, smtp);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/test\/fr-senator\.follow-up\/en/);
    await approveAllAsync(dir, {}, ['--follow-up']);

    const early = await followUp('14');
    expect(early.follow_up.due).toEqual([]);
    expect(early.follow_up.not_due.find((n) => n.id === 'test/fr-senator/en')?.reason).toMatch(/^sent on \d{4}-\d{2}-\d{2}: due on \d{4}-\d{2}-\d{2}$/);
    expect(server.received).toHaveLength(received);

    const due = await followUp('0');
    expect(due.follow_up.due).toEqual(['test/fr-senator.follow-up/en']);
    expect(Object.fromEntries(due.follow_up.not_due.map((n) => [n.id, n.reason]))).toEqual({
      'test/un-sg/en': 'bounced (5.1.1): fix the address, or print the letter',
      'test/fr-deputy/en': expect.stringMatching(/^bounced/) as string,
      'test/fr-minister/en': 'replied on 2017-11-06',
      'test/fr-envoy/en': expect.stringMatching(/^replied on /) as string,
    });
    expect(due.reports[0]?.counts.sent).toBe(1);
    expect(server.received).toHaveLength(received + 1);
    const reminder = server.received.at(-1);
    const raw = reminder?.raw.toString('utf8') ?? '';
    const original = server.received.find((m) => m.to[0] === 'senator@example.org')?.raw.toString('utf8') ?? '';
    const originalId = /^Message-ID: (<[^>]+>)/im.exec(original)?.[1];
    expect(reminder?.to).toEqual(['senator@example.org']);
    expect(raw).toMatch(new RegExp(`^In-Reply-To: ${originalId}\r$`, 'm'));
    expect(raw).toMatch(new RegExp(`^References: ${originalId}\r$`, 'm'));
    expect(raw).toMatch(/^Subject: Re: Restore the Paris Peace Agreements\r$/m);
    expect(raw).toMatch(/We have not yet received a reply/);
    expect(raw).not.toMatch(/Content-Disposition: attachment/);

    // Exactly once: a second run sends nothing.
    const again = await followUp('0');
    expect(again.reports[0]?.counts.sent).toBe(0);
    expect(server.received).toHaveLength(received + 1);
    expect(status().get('test/fr-senator.follow-up/en')?.status).toBe('sent');
    // The report counts the reminder with its letter, not as a sixth letter.
    const report = petition(['report', '--json'], dir);
    expect(report.code, report.stderr).toBe(0);
    matches('report', JSON.parse(report.stdout));
    const total = (JSON.parse(report.stdout) as { reports: { year: string; total: Record<string, number> }[] }).reports.find((r) => r.year !== 'unsent')?.total;
    expect(total).toMatchObject({ letters: 5, sent: 5, reminded: 1, bounced: 2, replied: 2, silent: 1 });
  });

  it.each([
    [['inbox'], { IMAP_URL: undefined }, /mailbox: none given \(set IMAP_URL/],
    [['inbox', '--maildir', 'a', '--mbox', 'b'], {}, /--maildir: and --mbox were both given/],
  ])('%j: exit 2, the ledger untouched', (args, env, message) => {
    const before = readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8');
    const r = petition(args, dir, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8')).toBe(before);
  });

  it.runIf(process.env.CI !== undefined && !existsSync(DOVECOT))('has Dovecot in CI (.ci/run installs dovecot-imapd)', () => {
    throw new Error(`no Dovecot at ${DOVECOT}: the IMAP tests cannot run`);
  });

  describe.runIf(existsSync(DOVECOT))('from a real IMAP server', () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot();
      const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
      await client.connect();
      for (const raw of mailbox) await client.append('INBOX', Buffer.from(raw));
      await client.logout();
    }, 60_000);
    afterAll(async () => dovecot?.close());

    it('reads the mailbox without changing it, adds nothing it had, and never prints the password', async () => {
      const url = `imap://${dovecot.user}:${encodeURIComponent(dovecot.pass)}@127.0.0.1:${dovecot.port}/INBOX`;
      const env = { IMAP_URL: url, IMAP_TLS_CA_FILE: TEST_CA_FILE }; // Dovecot offers STARTTLS with the test certificate
      // A campaign that sent nothing: every message is unmatched, none dropped.
      const unsent = makeProject({ 'recipients/test-roster.yaml': roster });
      const none = petition(['inbox', '--json'], unsent, env);
      expect(none.code, none.stderr).toBe(0);
      expect((JSON.parse(none.stdout) as InboxJson).unmatched).toBe(6);
      expect(existsSync(join(unsent, 'archive'))).toBe(false); // nothing written, not even the lock's folder

      // The same campaign sent from another folder: the same letters, so the same Message-IDs.
      const project = makeProject({ 'recipients/test-roster.yaml': roster });
      approveAll(project);
      const sent = await petitionAsync(['send', '--yes'], project, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
      expect(sent.code, sent.stderr).toBe(0);
      expectFirstRead(inbox([], env, project));
      expectStates(project);
      const again = inbox([], env, project);
      expect(again.recorded).toEqual({});
      expect(again.recorded_before).toBe(5);

      const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
      await client.connect();
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      const flags: string[] = [];
      for await (const m of client.fetch('1:*', { flags: true })) flags.push(...(m.flags ?? []));
      await client.logout();
      expect(box.exists).toBe(6);
      expect(flags).not.toContain('\\Seen');

      const wrong = petition(['inbox'], project, { ...env, IMAP_URL: url.replace(encodeURIComponent(dovecot.pass), 'wrong-pass-123') });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/127\.0\.0\.1/);
      expect(`${none.stdout}${none.stderr}${wrong.stdout}${wrong.stderr}`).not.toMatch(new RegExp(`wrong-pass-123|${dovecot.pass}`));
    }, 60_000);
  });
});
