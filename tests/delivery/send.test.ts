// The runner against a real SMTP server on loopback: what arrives, how often, and what the archive records.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Letter } from '../../src/core/types.js';
import { DeliveryError, InputError, RefusedError } from '../../src/core/errors.js';
import { runDelivery, deliveryError, type SendOptions, type SendDependencies } from '../../src/io/delivery/runner.js';
import { smtpConfigFromEnv, type SmtpConfig } from '../../src/io/mail/config.js';
import { createSmtpSender } from '../../src/io/mail/smtp-sender.js';
import { composeMessage, letterMessageId, UnsafeLetterError } from '../../src/io/mail/compose.js';
import { readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { readManifest } from '../../src/io/archive/manifest.js';
import { formatDeliveryReport, formatStatus } from '../../src/ui/delivery-report.js';
import { statusReport } from '../../src/core/delivery/status.js';
import { makeLetter } from './letters.js';
import { pdfLooksWhole, pdfRenderer, startTestServer, tempDir, TEST_CERT, type TestServer, type TestServerOptions } from './harness.js';

const USER = 'committee';
const PASS = 'S3cret-Pa55-never-printed';
const KHMER_SUBJECT = 'ញត្តិស្តីពីខួបលើកទី ២៦ នៃកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer({ auth: { user: USER, pass: PASS }, ...options });
  servers.push(s);
  return s;
}

function configFor(s: TestServer, extra: Record<string, string> = {}): SmtpConfig {
  return smtpConfigFromEnv({ SMTP_URL: `smtp://${USER}:${encodeURIComponent(PASS)}@localhost:${s.port}`, ...extra });
}

function deps(out: string, config: SmtpConfig, extra: Partial<SendDependencies> = {}): SendDependencies {
  return {
    createSender: () => createSmtpSender(config, { connectionTimeoutMs: 2_000, socketTimeoutMs: 5_000 }),
    renderAll: pdfRenderer(out),
    ...extra,
  };
}

const options = (out: string, extra: Partial<SendOptions> = {}): SendOptions => ({ out, yes: true, isTTY: false, retryBaseMs: 5, ...extra });

const WITH_ANNEX = [
  { filename: 'letter.pdf', kind: 'letter-pdf' as const },
  { filename: 'signatures-annex.pdf', kind: 'annex-pdf' as const },
];

const roster = (): Letter[] => [
  makeLetter('un', { cc: [{ name: 'Co-chair France', address: 'fr-cochair@example.com' }], attachments: WITH_ANNEX }),
  makeLetter('fr'),
  makeLetter('km', { language: 'km', subject: KHMER_SUBJECT, to: [{ name: 'ឯកឧត្តម រដ្ឋមន្ត្រី', address: 'km@example.net' }] }),
  makeLetter('id'),
];

const countByRecipient = (s: TestServer): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const m of s.received) counts.set(m.to[0] ?? '', (counts.get(m.to[0] ?? '') ?? 0) + 1);
  return counts;
};
const addresses = (a: AddressObject | AddressObject[] | undefined): string[] => (a ? (Array.isArray(a) ? a : [a]).flatMap((x) => x.value.map((v) => v.address ?? '')) : []);

describe('send over SMTP', () => {
  it('refuses a letter to send that the pre-flight did not find approved, sending nothing of the petition; a test send needs none', async () => {
    const s = await server();
    const out = await tempDir();
    const letters = roster();
    const approvedBy = new Map(letters.slice(1).map((l) => [l.id, ['reviewer@example.org']]));
    const refusal = await runDelivery(letters, options(out, { requireApproval: true, approvedBy }), deps(out, configFor(s))).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as Error).message).toBe(`1 letter(s) to send were not found approved before the run: ${letters[0]!.id}; nothing more was sent`);
    expect(s.received).toHaveLength(0);

    const test = await runDelivery(letters, options(out, { requireApproval: true, approvedBy, testTo: 'reviewer@example.org' }), deps(out, configFor(s)));
    expect(test.counts).toMatchObject({ sent: 4 });
    const sent = await runDelivery(letters, options(out, { requireApproval: true, approvedBy: new Map(letters.map((l) => [l.id, ['reviewer@example.org']])) }), deps(out, configFor(s)));
    expect(sent.counts).toMatchObject({ sent: 4 });
  });

  it('delivers one correct message per addressee over STARTTLS with AUTH, archives it, and sends nothing on a rerun', async () => {
    const s = await server({ starttls: true });
    const out = await tempDir();
    const letters = roster();
    const config = configFor(s, { SMTP_TLS_CA_FILE: TEST_CERT });
    const report = await runDelivery(letters, options(out), deps(out, config));

    expect(report.counts).toMatchObject({ sent: 4, failed: 0, unknown: 0 });
    expect(deliveryError(report)).toBeUndefined();
    expect([...countByRecipient(s).values()]).toEqual([1, 1, 1, 1]);
    expect(s.received.every((m) => m.secure && m.user === USER)).toBe(true);

    for (const letter of letters) {
      const got = s.received.find((m) => m.to[0] === letter.to[0]?.address);
      expect(got, letter.id).toBeDefined();
      const mail = await simpleParser(got!.raw);
      expect(mail.subject).toBe(letter.subject);
      expect(mail.messageId).toBe(letterMessageId(letter));
      expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
      expect(mail.date?.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(addresses(mail.from)).toEqual(['petition@example.org']);
      expect(addresses(mail.replyTo)).toEqual(['reply@example.org']);
      expect(addresses(mail.to)).toEqual(letter.to.map((a) => a.address));
      expect(addresses(mail.cc)).toEqual(letter.cc.map((a) => a.address));
      expect((mail.to as AddressObject).value[0]?.name).toBe(letter.to[0]?.name);
      expect(got!.to).toEqual([...letter.to, ...letter.cc].map((a) => a.address));
      expect(mail.text?.trim()).toBe(letter.text.trim());
      expect(mail.html).toContain(`addressed to ${letter.addresseeId}`);
      expect(mail.attachments.map((a) => a.filename)).toEqual(letter.attachments.map((a) => a.filename));
      const pdf = mail.attachments[0]!;
      expect(pdf.contentType).toBe('application/pdf');
      expect(pdfLooksWhole(pdf.content)).toBe(true);
      expect(pdf.content).toEqual(await fs.readFile(path.join(out, 'letters', 'paris-2017', `${letter.addresseeId}.${letter.language}.pdf`)));
      if (letter.attachments.length > 1) {
        const annex = mail.attachments[1]!;
        expect(annex.contentType).toBe('application/pdf');
        expect(pdfLooksWhole(annex.content)).toBe(true);
        expect(annex.content).toEqual(await fs.readFile(path.join(out, 'annex', 'paris-2017.annex.pdf')));
      }
      // The archive's .eml is the message byte for byte as the server received it.
      const eml = await fs.readFile(path.join(out, 'mail', 'paris-2017', `${letter.addresseeId}.${letter.language}.eml`));
      expect(eml.equals(got!.raw)).toBe(true);
    }

    // The Khmer subject travels RFC 2047-encoded, as UTF-8 encoded words, and decodes to the same text.
    const kmRaw = s.received.find((m) => m.to[0] === 'km@example.net')!.raw.toString('latin1');
    const subjectHeader = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(kmRaw)?.[1] ?? '';
    expect(subjectHeader).toMatch(/=\?UTF-8\?[BQ]\?/);
    expect(subjectHeader).not.toMatch(/[^\x20-\x7e\r\n\t]/);

    const manifest = await readManifest(out);
    expect(manifest?.letters).toHaveLength(4);
    for (const entry of manifest!.letters) {
      expect(entry.delivery).toMatchObject({ status: 'sent', attempts: 1 });
      expect(entry.delivery?.message_id).toMatch(/@example\.org>$/);
      expect(entry.files.map((f) => f.kind).sort()).toEqual(entry.addressee === 'un' ? ['annex-pdf', 'eml', 'letter-pdf'] : ['eml', 'letter-pdf']);
      for (const f of entry.files) expect(f.path).not.toMatch(/^\//);
    }
    const ledger = await readLedgerFile(out);
    expect(ledger.warnings).toEqual([]);
    expect(ledger.records.filter((r) => r.event === 'sent')).toHaveLength(4);

    const again = await runDelivery(letters, options(out), deps(out, config));
    expect(again.counts).toMatchObject({ sent: 0, skipped: 4 });
    expect(again.outcomes.every((o) => o.action === 'skip-sent')).toBe(true);
    expect(s.received).toHaveLength(4);

    const status = formatStatus(statusReport(await readLedgerState(out), [], letters), { color: false });
    expect(status).toContain('4 sent, 0 failed, 0 unknown');
    expect(status).toMatch(/paris-2017\/km\/km\s+km\s+sent/);
  });

  it('does not trust a certificate it was not given: without SMTP_TLS_CA_FILE the test server is refused', async () => {
    const s = await server({ starttls: true });
    const out = await tempDir();
    const report = await runDelivery([makeLetter('fr')], options(out), deps(out, configFor(s)));
    expect(report.counts.sent).toBe(0);
    expect(report.stopped).toMatch(/self-signed certificate: the certificate of localhost is not trusted/);
    expect(report.outcomes[0]).toMatchObject({ status: 'not-attempted', attempts: 1 });
    expect(s.attempts).toHaveLength(0);
  });

  it('retries 451 replies and delivers each of those letters once', async () => {
    const s = await server({ verdict: (a) => ((a.rcpt[0]!.startsWith('fr@') || a.rcpt[0]!.startsWith('km@')) && a.nth <= 2 ? { code: 451, message: 'Greylisted, try again later' } : 'accept') });
    const out = await tempDir();
    const report = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(report.counts).toMatchObject({ sent: 4, failed: 0 });
    expect([...countByRecipient(s).values()].sort()).toEqual([1, 1, 1, 1]);
    expect(report.outcomes.find((o) => o.addressee === 'fr')?.attempts).toBe(3);
    const deferred = (await readLedgerFile(out)).records.filter((r) => r.event === 'deferred');
    expect(deferred).toHaveLength(4);
    expect(deferred[0]?.reason).toMatch(/451/);
  });

  it('marks a 550 as failed, sends the others, and reports it for exit 1', async () => {
    const s = await server({ verdict: (a) => (a.rcpt[0]!.startsWith('fr@') ? { code: 550, message: 'No such user here' } : 'accept') });
    const out = await tempDir();
    const report = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(report.counts).toMatchObject({ sent: 3, failed: 1 });
    expect(s.attempts.filter((a) => a.rcpt[0] === 'fr@example.net')).toHaveLength(1); // permanent: not retried
    const failed = report.outcomes.find((o) => o.addressee === 'fr');
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.reason).toMatch(/550 No such user/);
    const error = deliveryError(report);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error?.exitCode).toBe(1);
    expect(formatDeliveryReport(report, { color: false })).toMatch(/paris-2017\/fr\/en\s+Minister FR\s+failed\s+\S+ \S+\s+.*550 No such user/);
    const frEntry = (await readManifest(out))?.letters.find((l) => l.addressee === 'fr');
    expect(frEntry?.delivery).toMatchObject({ status: 'failed' });
    // mail/ keeps what may have been sent: the refused message is not there but in refused/, the others are.
    expect(frEntry?.files.map((f) => f.kind)).toEqual(['letter-pdf']);
    const mailDir = path.join(out, 'mail', 'paris-2017');
    expect(
      (await fs.readdir(mailDir, { withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort(),
    ).toEqual(['id.en.eml', 'km.km.eml', 'un.en.eml']);
    expect(await fs.readdir(path.join(mailDir, 'refused'))).toEqual([expect.stringMatching(/^fr\.en\.\d{4}-\d\d-\d\dT[\d-]+Z\.eml$/)]);

    // The next run tries the failed letter again and only that one.
    const again = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(again.outcomes.filter((o) => o.action === 'retry-failed').map((o) => o.addressee)).toEqual(['fr']);
    expect(again.counts).toMatchObject({ sent: 0, failed: 1, skipped: 3 });
  });

  it('survives the connection being cut mid-run: the message goes again, once', async () => {
    // Cut before the message was sent (at RCPT): certainly not delivered, so safely sent again.
    const s = await server({ cutAtRcpt: (address, nth) => address === 'km@example.net' && nth === 1 });
    const out = await tempDir();
    const report = await runDelivery(roster(), options(out, { concurrency: 1 }), deps(out, configFor(s)));
    expect(report.counts).toMatchObject({ sent: 4, failed: 0 });
    expect(report.outcomes.find((o) => o.addressee === 'km')?.attempts).toBe(2);
    expect(s.attempts.filter((a) => a.rcpt[0] === 'km@example.net')).toHaveLength(1);
    expect([...countByRecipient(s).values()]).toEqual([1, 1, 1, 1]);
  });

  it('never sends twice when the server took the whole message and the connection dropped before its reply', async () => {
    // The server reads the message to its end, then the connection drops: it may have stored it. Unknown, not retried.
    const s = await server({ verdict: (a) => (a.rcpt[0] === 'km@example.net' ? 'cut' : 'accept') });
    const out = await tempDir();
    const report = await runDelivery(roster(), options(out, { concurrency: 1 }), deps(out, configFor(s)));
    expect(report.counts).toMatchObject({ sent: 3, unknown: 1, failed: 0 });
    expect(s.attempts.filter((a) => a.rcpt[0] === 'km@example.net')).toHaveLength(1);
    const km = report.outcomes.find((o) => o.addressee === 'km');
    expect(km?.reason).toMatch(/no reply after the end of the message/);
    expect(km?.hint).toMatch(/--retry-unknown --only paris-2017\/km\/km/);
    expect(deliveryError(report)?.message).toMatch(/1 unknown/);
    expect((await readLedgerState(out)).letters.get('paris-2017/km/km')?.status).toBe('unknown');
    // A rerun leaves it alone; only --retry-unknown sends it again.
    const again = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(again.counts).toMatchObject({ sent: 0, unknown: 1, skipped: 3 });
    expect(s.attempts.filter((a) => a.rcpt[0] === 'km@example.net')).toHaveLength(1);
  });

  it('stops after --max-errors failures and leaves the rest for the next run', async () => {
    const s = await server({ verdict: () => ({ code: 554, message: 'Transaction failed' }) });
    const out = await tempDir();
    const report = await runDelivery(roster(), options(out, { maxErrors: 2, concurrency: 1 }), deps(out, configFor(s)));
    expect(report.counts).toMatchObject({ failed: 2, 'not-attempted': 2 });
    expect(report.stopped).toMatch(/--max-errors 2/);
    expect(s.attempts).toHaveLength(2);
    expect(deliveryError(report)?.message).toMatch(/2 failed, 2 not attempted/);
  });

  it('refuses, before anything is sent, an archive whose mail folder cannot be made (exit 2)', async () => {
    const s = await server();
    const out = await tempDir();
    await fs.writeFile(path.join(out, 'mail'), 'not a folder');
    const error = await runDelivery(roster(), options(out, { concurrency: 1 }), deps(out, configFor(s))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect(String((error as InputError).problems.map((p) => `${p.file}: ${p.message}`))).toMatch(/^mail: /);
    expect(s.received).toHaveLength(0);
    await fs.rm(path.join(out, 'mail'));
    const again = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(again.counts).toMatchObject({ sent: 4 });
    expect([...countByRecipient(s).values()]).toEqual([1, 1, 1, 1]);
  });

  it.each(['mail', 'mail/paris-2017', 'ledger.jsonl', 'manifest.json'])('never writes through a symbolic link at %s: exit 2 before anything is sent', async (link) => {
    const s = await server();
    const out = await tempDir();
    const elsewhere = await tempDir();
    await fs.mkdir(path.dirname(path.join(out, link)), { recursive: true });
    const target = link.endsWith('.json') || link.endsWith('.jsonl') ? path.join(elsewhere, 'file') : elsewhere;
    await fs.symlink(target, path.join(out, link));
    const error = await runDelivery(roster(), options(out), deps(out, configFor(s))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]).toMatchObject({ file: link, message: expect.stringMatching(/symbolic link/) });
    expect(s.received).toHaveLength(0);
    expect(await fs.readdir(elsewhere)).toEqual([]);
    await fs.rm(elsewhere, { recursive: true, force: true });
  });

  it('stops taking letters when interrupted, and finishes and records the ones under way', async () => {
    const s = await server();
    const out = await tempDir();
    const controller = new AbortController();
    const report = await runDelivery(roster(), options(out, { concurrency: 1 }), deps(out, configFor(s), { signal: controller.signal, onProgress: (o) => o.status === 'sent' && controller.abort() }));
    expect(report.counts).toMatchObject({ sent: 1, 'not-attempted': 3 });
    expect(report.stopped).toBe('stopped: interrupted');
    expect(s.received).toHaveLength(1);
    const again = await runDelivery(roster(), options(out), deps(out, configFor(s)));
    expect(again.counts).toMatchObject({ sent: 3, skipped: 1 });
    expect(s.received).toHaveLength(4);
  });

  it('stops the run without marking letters failed when the password is wrong, and never shows it', async () => {
    const s = await server({ echoRefusedCredentials: true });
    const out = await tempDir();
    const wrong = 'Wr0ng-Pa55-also-secret';
    const config = smtpConfigFromEnv({ SMTP_HOST: 'localhost', SMTP_PORT: String(s.port), SMTP_USER: USER, SMTP_PASS: wrong });
    const report = await runDelivery(roster(), options(out, { concurrency: 1 }), deps(out, config));
    expect(report.stopped).toMatch(/stopped:.*535|Invalid/);
    expect(report.counts.failed).toBe(0);
    expect(s.received).toHaveLength(0);
    const state = await readLedgerState(out);
    expect([...state.letters.values()].every((l) => l.status === 'queued')).toBe(true);
    const everything = [
      JSON.stringify(report),
      formatDeliveryReport(report, { color: false }),
      config.display,
      await fs.readFile(path.join(out, 'ledger.jsonl'), 'utf8'),
      await fs.readFile(path.join(out, 'manifest.json'), 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(Buffer.from(`\0${USER}\0${wrong}`).toString('base64'));
    expect(report.stopped).toContain('***');
  });

  it('never lets the SMTP password into the report, ledger, manifest or .eml', async () => {
    const s = await server({ verdict: (a) => (a.rcpt[0]!.startsWith('id@') ? { code: 550, message: 'Rejected' } : 'accept') });
    const out = await tempDir();
    const config = configFor(s);
    const report = await runDelivery(roster(), options(out), deps(out, config));
    expect(report.counts.sent).toBe(3);
    const files = await listFiles(out);
    expect(files.some((f) => f.endsWith('.eml'))).toBe(true);
    for (const file of files) expect((await fs.readFile(file)).toString('latin1'), file).not.toContain(PASS);
    const shown = [
      JSON.stringify(report),
      formatDeliveryReport(report, { color: true }),
      config.display,
      formatStatus(statusReport(await readLedgerState(out), []), { color: false }),
      JSON.stringify(statusReport(await readLedgerState(out), [])),
    ].join('\n');
    expect(shown).not.toContain(PASS);
    expect(config.display).toBe(`smtp://${USER}@localhost:${s.port} (STARTTLS if offered)`);
  });

  it('refuses a letter with a line break in a header field before anything is sent', async () => {
    const s = await server();
    const out = await tempDir();
    const letters = [
      makeLetter('fr'),
      makeLetter('un', { subject: 'Petition\r\nBcc: victim@example.com' }),
      makeLetter('id', { cc: [{ name: 'Copy\nBcc: victim@example.com', address: 'copy@example.com' }] }),
    ];
    const error = await runDelivery(letters, options(out), deps(out, configFor(s))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => `${p.file} ${p.field}`)).toEqual(['paris-2017/un/en subject', 'paris-2017/id/en cc[0].name']);
    expect(s.attempts).toHaveLength(0);

    // The adapter defends on its own too: the composer refuses, so the sender never sees such a letter.
    await expect(composeMessage(letters[1]!, [], { date: new Date() })).rejects.toBeInstanceOf(UnsafeLetterError);
    await expect(composeMessage(makeLetter('fr', { to: [{ name: 'A', address: 'a@example.net\r\nRCPT TO:<victim@example.com>' }] }), [], { date: new Date() })).rejects.toThrow(/line break/);
    await expect(composeMessage(makeLetter('fr'), [], { date: new Date(), testTo: 'me@example.com\nBcc: x@example.com' })).rejects.toThrow(/--test-to: is not one email address/);
  });

  it('composes an attachment read once for the run (the shared annex) byte for byte as one read from its file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'paris-2017.annex.pdf');
    await fs.writeFile(file, Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256)));
    const date = new Date('2024-10-23T09:00:00Z');
    const fromPath = await composeMessage(makeLetter('fr'), [{ path: file, filename: 'annex.pdf' }], { date });
    const fromBytes = await composeMessage(makeLetter('fr'), [{ path: file, filename: 'annex.pdf', content: await fs.readFile(file) }], { date });
    // MIME boundaries are random per message; everything else is the same.
    const unbound = (raw: Uint8Array): string =>
      Buffer.from(raw)
        .toString('latin1')
        .replace(/--_NmP-[\w-]+/g, '--B')
        .replace(/boundary="[^"]+"/g, 'boundary="B"');
    expect(unbound(fromBytes.raw)).toBe(unbound(fromPath.raw));
  });

  it('sends every letter to --test-to with [TEST] subjects, no Cc, and leaves the ledger alone', async () => {
    const s = await server();
    const out = await tempDir();
    const letters = roster();
    const report = await runDelivery(letters, options(out, { testTo: 'organizer@example.com' }), deps(out, configFor(s)));
    expect(report.testMode).toBe(true);
    expect(report.counts.sent).toBe(4);
    expect(s.received.every((m) => m.to.length === 1 && m.to[0] === 'organizer@example.com')).toBe(true);
    for (const m of s.received) {
      const mail = await simpleParser(m.raw);
      expect(mail.subject).toMatch(/^\[TEST\] /);
      expect(mail.cc).toBeUndefined();
      expect(letters.map((l) => letterMessageId(l))).not.toContain(mail.messageId);
    }
    expect(await fs.readdir(out)).not.toContain('ledger.jsonl');
    expect(formatDeliveryReport(report, { color: false })).toMatch(/TEST RUN: every letter went to organizer@example\.com.*ledger was left alone/);
    // A real run afterwards still sends everything.
    const real = await runDelivery(letters, options(out), deps(out, configFor(s)));
    expect(real.counts.sent).toBe(4);
  });

  it('asks on a terminal, refuses without one, and renders nothing when refused', async () => {
    const s = await server();
    const out = await tempDir();
    const renders: Letter[][] = [];
    const d = deps(out, configFor(s), { renderAll: pdfRenderer(out, renders) });
    const noTTY = await runDelivery(roster(), options(out, { yes: false }), d).catch((e: unknown) => e);
    expect(noTTY).toBeInstanceOf(RefusedError);
    expect((noTTY as RefusedError).exitCode).toBe(3);
    expect(renders).toHaveLength(0);

    const asked: string[] = [];
    const declined = await runDelivery(roster(), options(out, { yes: false, isTTY: true, confirm: async (summary) => (asked.push(`${summary.toSend}/${summary.total}`), false) }), d).catch(
      (e: unknown) => e,
    );
    expect(declined).toBeInstanceOf(RefusedError);
    expect(asked).toEqual(['4/4']);
    expect(s.attempts).toHaveLength(0);

    const accepted = await runDelivery(roster(), options(out, { yes: false, isTTY: true, confirm: async () => true }), d);
    expect(accepted.counts.sent).toBe(4);
  });

  it('renders every letter before the first message leaves; a render error sends nothing', async () => {
    const s = await server();
    const out = await tempDir();
    const failing = async (): Promise<Map<string, string[]>> => {
      throw new Error('font missing for km');
    };
    await expect(runDelivery(roster(), options(out), deps(out, configFor(s), { renderAll: failing }))).rejects.toThrow(/font missing/);
    expect(s.attempts).toHaveLength(0);
    // A renderer that forgets a letter is caught too.
    const partial = async (letters: Letter[]): Promise<Map<string, string[]>> => new Map(letters.slice(1).map((l) => [l.id, []]));
    await expect(runDelivery(roster(), options(out), deps(out, configFor(s), { renderAll: partial }))).rejects.toThrow(/not rendered/);
    expect(s.attempts).toHaveLength(0);
  });

  it('reports print letters as print and sends only the selected, up to --limit', async () => {
    const s = await server();
    const out = await tempDir();
    const letters = [...roster(), makeLetter('kh-post', { channel: 'print', to: [] })];
    const report = await runDelivery(letters, options(out, { only: ['fr', 'km', 'id', 'kh-post'], limit: 2 }), deps(out, configFor(s)));
    expect(report.outcomes.map((o) => `${o.addressee}:${o.action}`)).toEqual(['un:skip-not-selected', 'fr:send', 'km:send', 'id:skip-limit', 'kh-post:print']);
    expect(report.counts).toMatchObject({ sent: 2, print: 1 });
    expect(s.received.map((m) => m.to[0])).toEqual(expect.arrayContaining(['fr@example.net', 'km@example.net']));
    expect(s.received).toHaveLength(2);
    expect(formatDeliveryReport(report, { color: false })).toMatch(/1 print letter\(s\) are in .*letters, to be posted/);
    await expect(runDelivery(letters, options(out, { only: ['nobody'] }), deps(out, configFor(s)))).rejects.toThrow(InputError);
  });

  it('resends a letter that changed only with --resend', async () => {
    const s = await server();
    const out = await tempDir();
    await runDelivery([makeLetter('fr')], options(out), deps(out, configFor(s)));
    const changed = [makeLetter('fr', { contentHash: 'hash-fr-2', text: 'Corrected text' })];
    const skipped = await runDelivery(changed, options(out), deps(out, configFor(s)));
    expect(skipped.outcomes[0]).toMatchObject({ action: 'skip-changed', status: 'skipped' });
    expect(skipped.outcomes[0]?.reason).toMatch(/changed since sent/);
    expect(formatStatus(statusReport(await readLedgerState(out), [], changed), { color: false })).toMatch(/changed\s+\S+ \S+\s+changed since sent/);
    const resent = await runDelivery(changed, options(out, { resend: true }), deps(out, configFor(s)));
    expect(resent.outcomes[0]).toMatchObject({ action: 'resend', status: 'sent' });
    expect(s.received).toHaveLength(2);
    expect((await readLedgerState(out)).letters.get('paris-2017/fr/en')).toMatchObject({ timesSent: 2, sentContentHash: 'hash-fr-2' });
  });

  it('holds to the --rate across retries', async () => {
    const s = await server({ verdict: (a) => (a.rcpt[0] === 'fr@example.net' && a.nth === 1 ? { code: 421, message: 'Too busy' } : 'accept') });
    const out = await tempDir();
    let clock = Date.parse('2026-10-23T01:00:00Z');
    const waits: number[] = [];
    const report = await runDelivery(
      roster(),
      options(out, { rate: 60, concurrency: 1, retryBaseMs: 1 }),
      deps(out, configFor(s), {
        now: () => new Date(clock),
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
        random: () => 0.5,
      }),
    );
    expect(report.counts.sent).toBe(4);
    // Five attempts at 60/min: the first goes at once, each later one a second after the one before (the retry's own 1 ms backoff counts toward it).
    const rateWaits = waits.filter((w) => w > 1);
    expect(rateWaits).toEqual([1000, 999, 1000, 1000]);
  });

  it('signs with DKIM and archives the signed message', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const s = await server();
    const out = await tempDir();
    const keyFile = path.join(out, 'dkim.pem');
    await fs.writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const config = configFor(s, { DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'petition', DKIM_PRIVATE_KEY_FILE: keyFile });
    await runDelivery([makeLetter('fr')], options(out), deps(out, config, { compose: { dkim: config.dkim } }));
    const raw = s.received[0]!.raw;
    expect(raw.toString()).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org;[\s\S]*s=petition;/);
    expect((await fs.readFile(path.join(out, 'mail', 'paris-2017', 'fr.en.eml'))).equals(raw)).toBe(true);
  });

  it('stops the run, sends nothing and fails no letter when the DKIM key cannot sign', async () => {
    const s = await server();
    const out = await tempDir();
    const broken = { domainName: 'example.org', keySelector: 'petition', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' };
    const report = await runDelivery([makeLetter('fr'), makeLetter('id')], options(out, { concurrency: 1 }), deps(out, configFor(s), { compose: { dkim: broken } }));
    expect(report.stopped).toMatch(/^stopped: DKIM signing failed/);
    expect(report.counts).toMatchObject({ sent: 0, failed: 0, 'not-attempted': 2 });
    expect(s.received).toHaveLength(0);
  });

  it('refuses to send in clear when TLS is required and the server offers no STARTTLS', async () => {
    const s = await server();
    const out = await tempDir();
    const config: SmtpConfig = { ...configFor(s), requireTLS: true };
    const report = await runDelivery([makeLetter('fr')], options(out), deps(out, config));
    expect(report.counts.sent).toBe(0);
    expect(report.stopped).toMatch(/refusing to send without TLS/);
    expect(s.attempts).toHaveLength(0);
  });
});

describe('send --on-anniversary', () => {
  const anniversary = { date: '10-23', time_zone: 'Asia/Phnom_Penh' };
  const at =
    (iso: string): (() => Date) =>
    () =>
      new Date(iso);

  it('does nothing before the day, sends on it, and says "already sent" after it', async () => {
    const s = await server();
    const out = await tempDir();
    const renders: Letter[][] = [];
    const run = (now: string) => runDelivery(roster(), options(out, { onAnniversary: true, anniversary }), deps(out, configFor(s), { now: at(now), renderAll: pdfRenderer(out, renders) }));

    const early = await run('2026-10-20T03:00:00Z');
    expect(early.idle).toBe('next anniversary is 2026-10-23 (in 3 days)');
    expect(deliveryError(early)).toBeUndefined();
    expect(renders).toHaveLength(0);

    const onTheDay = await run('2026-10-23T02:00:00Z');
    expect(onTheDay.counts.sent).toBe(4);

    const after = await run('2026-10-25T02:00:00Z');
    expect(after.idle).toMatch(/^already sent for 2026-10-23 \(4 letters\); next anniversary is 2027-10-23/);
    expect(s.received).toHaveLength(4);

    // A year on, last year's records do not stand for this year's letters.
    const nextYear = await run('2027-10-23T02:00:00Z');
    expect(nextYear.counts.sent).toBe(4);
    expect(s.received).toHaveLength(8);
  });

  it('sends late with a warning inside the window and refuses (exit 3) once it is missed', async () => {
    const s = await server();
    const out = await tempDir();
    const late = await runDelivery(roster().slice(0, 1), options(out, { onAnniversary: true, anniversary }), deps(out, configFor(s), { now: at('2026-10-24T01:00:00Z') }));
    expect(late.counts.sent).toBe(1);
    expect(late.warnings[0]).toMatch(/sending 8\.0 h after the anniversary ended/);

    const missedOut = await tempDir();
    const missed = await runDelivery(roster(), options(missedOut, { onAnniversary: true, anniversary }), deps(missedOut, configFor(s), { now: at('2026-10-24T06:00:00Z') })).catch((e: unknown) => e);
    expect(missed).toBeInstanceOf(RefusedError);
    expect((missed as RefusedError).exitCode).toBe(3);
    expect((missed as RefusedError).message).toMatch(/missed the window/);
    expect(s.received).toHaveLength(1);
  });

  it('a stale roster with --on-anniversary: other days stay green, the day itself refuses (exit 3) before anything is sent', async () => {
    const s = await server();
    const out = await tempDir();
    const staleRoster = { message: 'paris-2017: roster r is older than 180 days', hint: 'check every addressee' };
    const before = await runDelivery(roster(), options(out, { onAnniversary: true, anniversary, staleRoster }), deps(out, configFor(s), { now: at('2026-10-01T01:00:00Z') }));
    expect(before.idle).toMatch(/next anniversary is 2026-10-23/);
    const onTheDay = await runDelivery(roster(), options(out, { onAnniversary: true, anniversary, staleRoster }), deps(out, configFor(s), { now: at('2026-10-23T01:00:00Z') })).catch(
      (e: unknown) => e,
    );
    expect(onTheDay).toBeInstanceOf(RefusedError);
    expect((onTheDay as RefusedError).message).toBe(staleRoster.message);
    expect(s.received).toHaveLength(0);
  });

  it('the day after, with one letter sent by hand: not "already sent" but exit 3 listing the letters never sent', async () => {
    const s = await server();
    const out = await tempDir();
    const byHand = await runDelivery(roster(), options(out, { only: ['fr'] }), deps(out, configFor(s), { now: at('2026-10-24T09:00:00Z') }));
    expect(byHand.counts.sent).toBe(1);
    const daily = await runDelivery(roster(), options(out, { onAnniversary: true, anniversary }), deps(out, configFor(s), { now: at('2026-10-25T03:00:00Z') })).catch((e: unknown) => e);
    expect(daily).toBeInstanceOf(RefusedError);
    expect((daily as RefusedError).exitCode).toBe(3);
    expect((daily as RefusedError).message).toMatch(/3 of 4 letters never sent: paris-2017\/un\/en, paris-2017\/km\/km, paris-2017\/id\/en$/);
    expect(s.received).toHaveLength(1);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
