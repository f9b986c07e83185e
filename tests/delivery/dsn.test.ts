// Delivery reports (RFC 3461 DSN) and the return path per letter, against a real SMTP server on loopback that offers
// DSN or hides it: what arrives on the server, what the ledger keeps and what the report says.
import { afterEach, describe, expect, it } from 'vitest';
import type { Letter } from '../../src/core/types.js';
import { envelopeId, testEnvelopeId, verpToken } from '../../src/core/delivery/dsn.js';
import { InputError } from '../../src/core/errors.js';
import { sendJson } from '../../src/core/json.js';
import type { OutgoingMessage } from '../../src/core/delivery/sender.js';
import { runDelivery, type SendDependencies, type SendOptions } from '../../src/io/delivery/runner.js';
import { smtpConfigFromEnv, type SmtpConfig } from '../../src/io/mail/config.js';
import { createSmtpSender } from '../../src/io/mail/smtp-sender.js';
import { readLedgerFile } from '../../src/io/ledger/journal.js';
import { formatDeliveryReport } from '../../src/ui/delivery-report.js';
import { makeLetter } from './letters.js';
import { pdfRenderer, startTestServer, tempDir, type Received, type TestServer, type TestServerOptions } from './harness.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

const configFor = (s: TestServer, extra: Record<string, string> = {}): SmtpConfig => smtpConfigFromEnv({ SMTP_URL: `smtp://localhost:${s.port}`, ...extra });

function deps(out: string, config: SmtpConfig): SendDependencies {
  return {
    createSender: () => createSmtpSender(config, { connectionTimeoutMs: 2_000, socketTimeoutMs: 5_000 }),
    renderAll: pdfRenderer(out),
    compose: { dkim: config.dkim, envelopeFrom: config.envelopeFrom, returnPath: config.returnPath },
  };
}

const options = (out: string, extra: Partial<SendOptions> = {}): SendOptions => ({ out, yes: true, isTTY: false, retryBaseMs: 5, ...extra });

const letters = (): Letter[] => [
  makeLetter('un', { cc: [{ name: 'Co-chair', address: 'co+chair@example.org' }] }),
  makeLetter('fr'),
  makeLetter('id', { to: [{ name: 'Minister', address: 'id@example.net' }] }),
];

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

const byLetter = (s: TestServer): Map<string, Received> => new Map(s.received.map((m) => [/X-Petition-Letter: (\S+)/.exec(m.raw.toString('utf8'))?.[1] ?? '', m]));

describe('delivery reports (DSN)', () => {
  it.each([
    { name: 'pipelined', hidePipelining: false },
    { name: 'a command at a time', hidePipelining: true },
  ])('asks for them on every message when the server offers DSN ($name)', async ({ hidePipelining }) => {
    const s = await server({ dsn: true, hidePipelining });
    const out = await tempDir();
    const all = letters();
    const report = await runDelivery(all, options(out), deps(out, configFor(s)));

    expect(report.counts.sent).toBe(3);
    expect(report.deliveryReports).toBe('requested');
    const received = byLetter(s);
    for (const letter of all) {
      const m = received.get(letter.id);
      expect(m?.dsn).toEqual({ ret: 'HDRS', envid: envelopeId(letter.id) });
      const recipients = [...letter.to, ...letter.cc].map((a) => a.address);
      expect(m?.to).toEqual(recipients);
      expect(m?.rcptDsn).toEqual(recipients.map((address) => ({ notify: ['FAILURE', 'DELAY'], orcpt: `rfc822;${address}` })));
    }
    expect(formatDeliveryReport(report, { color: false })).toContain('delivery reports (DSN) requested for every message');
    expect(sendJson([report]).reports[0]?.delivery_reports).toBe('requested');
  });

  it('sends none of the parameters to a server that does not offer DSN, and says so', async () => {
    const s = await server({ dsn: false });
    const out = await tempDir();
    const report = await runDelivery(letters(), options(out), deps(out, configFor(s)));

    expect(report.counts.sent).toBe(3);
    // A real server may refuse a parameter it did not offer (555); this one records what it got: none of them.
    expect(s.received.every((m) => m.dsn === undefined && m.rcptDsn.every((r) => Object.keys(r).length === 0))).toBe(true);
    expect(report.deliveryReports).toBe('not-offered');
    expect(formatDeliveryReport(report, { color: false })).toContain('the server offers no DSN: bounces are matched by Message-ID only');
    expect(sendJson([report]).reports[0]?.delivery_reports).toBe('not-offered');
  });

  it('gives a test send an ENVID no real letter has', async () => {
    const s = await server({ dsn: true });
    const out = await tempDir();
    const all = letters();
    const report = await runDelivery(all, options(out, { testTo: 'organizer@example.org' }), deps(out, configFor(s, { SMTP_RETURN_PATH: 'bounces+{token}@example.org' })));

    expect(report.counts.sent).toBe(3);
    const received = byLetter(s);
    for (const letter of all) {
      expect(received.get(letter.id)?.dsn?.envid).toBe(testEnvelopeId(letter.id));
      // A test send's bounce must not be taken for the real letter's: it keeps the plain envelope sender.
      expect(received.get(letter.id)?.from).toBe('petition@example.org');
    }
    expect(report.returnPath).toBeUndefined();
  });
});

describe('the SMTP client', () => {
  const message = (envelopeId?: string): OutgoingMessage => ({
    letterId: 'p/a/en',
    messageId: '<a@example.org>',
    envelope: { from: 'petition@example.org', to: ['a@example.net', 'b+c@example.net'] },
    ...(envelopeId === undefined ? {} : { envelopeId }),
    raw: Buffer.from('From: petition@example.org\r\nTo: a@example.net\r\nSubject: x\r\nMessage-ID: <a@example.org>\r\n\r\nHello\r\n'),
  });

  it.each([
    { offered: true, envelopeId: 'abc123', dsn: { ret: 'HDRS', envid: 'abc123' }, rcpt: { notify: ['FAILURE', 'DELAY'], orcpt: 'rfc822;b+c@example.net' } },
    { offered: true, envelopeId: undefined, dsn: { ret: 'HDRS', envid: null }, rcpt: { notify: ['FAILURE', 'DELAY'], orcpt: 'rfc822;b+c@example.net' } },
    { offered: false, envelopeId: 'abc123', dsn: undefined, rcpt: {} },
  ])('DSN offered: $offered, ENVID $envelopeId: says in its result whether it asked', async ({ offered, envelopeId, dsn, rcpt }) => {
    const s = await server({ dsn: offered });
    const sender = createSmtpSender(configFor(s), { connectionTimeoutMs: 2_000, socketTimeoutMs: 5_000 });
    try {
      const result = await sender.send(message(envelopeId));
      expect(result.dsn).toBe(offered);
    } finally {
      await sender.close();
    }
    expect(s.received[0]?.dsn).toEqual(dsn);
    expect(s.received[0]?.rcptDsn[1]).toEqual(rcpt);
  });
});

describe('SMTP_RETURN_PATH', () => {
  it('gives each letter a MAIL FROM of its own, named by its token, and the ledger keeps it', async () => {
    const s = await server();
    const out = await tempDir();
    const all = letters();
    const report = await runDelivery(all, options(out), deps(out, configFor(s, { SMTP_RETURN_PATH: 'bounces+{token}@example.org' })));

    expect(report.counts.sent).toBe(3);
    const received = byLetter(s);
    for (const letter of all) expect(received.get(letter.id)?.from).toBe(`bounces+${verpToken(letter.id)}@example.org`);
    expect(new Set(s.received.map((m) => m.from)).size).toBe(3);
    const { records } = await readLedgerFile(out);
    const sending = records.filter((r) => r.event === 'sending');
    expect(sending.map((r) => [r.letter, r.returnPath])).toEqual(expect.arrayContaining(all.map((l) => [l.id, `bounces+${verpToken(l.id)}@example.org`])));
    expect(sending).toHaveLength(3);
    expect(report.returnPath).toBe(true);
    expect(formatDeliveryReport(report, { color: false })).toContain('the server offers no DSN: bounces are matched by the return path and Message-ID only');
    expect(sendJson([report]).reports[0]).toMatchObject({ delivery_reports: 'not-offered', return_path: true });
  });

  it.each([
    { value: 'bounces@example.org', message: /SMTP_RETURN_PATH.*exactly once/ },
    { value: 'bounces+{token}', message: /SMTP_RETURN_PATH.*not an email address/ },
    { value: 'bounces@{token}.example.org', message: /SMTP_RETURN_PATH.*before the @/ },
  ])('refuses $value up front, naming the variable', ({ value, message }) => {
    const error = caught(() => smtpConfigFromEnv({ SMTP_URL: 'smtp://localhost:2525', SMTP_RETURN_PATH: value }));
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => p.field)).toEqual(['SMTP_RETURN_PATH']);
    expect(`${problems[0]?.field} ${problems[0]?.message}`).toMatch(message);
    expect(problems[0]?.hint).toContain('bounces+{token}@example.org');
  });

  it('is refused together with SMTP_ENVELOPE_FROM', () => {
    expect(() => smtpConfigFromEnv({ SMTP_URL: 'smtp://localhost:2525', SMTP_RETURN_PATH: 'bounces+{token}@example.org', SMTP_ENVELOPE_FROM: 'relay@example.org' })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'SMTP_RETURN_PATH', message: 'is set together with SMTP_ENVELOPE_FROM' })] }),
    );
  });
});
