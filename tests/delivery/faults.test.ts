// The runner with our SMTP client against servers that misbehave on purpose (a raw loopback socket): a message the
// server may hold is never sent twice, a server that will not answer never hangs a run, an interruption stops it at once.
import { promises as fs } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runDelivery, deliveryError, type SendDependencies } from '../../src/io/delivery/runner.js';
import { smtpConfigFromEnv } from '../../src/io/mail/config.js';
import { createSmtpSender } from '../../src/io/mail/smtp-sender.js';
import { readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { makeLetter } from './letters.js';
import { pdfRenderer, tempDir } from './harness.js';
import { envelope, opening, startRawServer, type RawServer, type RawStep } from './raw-smtp.js';

let servers: RawServer[] = [];
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  servers = [];
  dirs = [];
});

async function raw(script: (n: number) => RawStep[]): Promise<RawServer> {
  const s = await startRawServer(script);
  servers.push(s);
  return s;
}
async function archive(): Promise<string> {
  const out = await tempDir();
  dirs.push(out);
  return out;
}

/** Half-second deadlines: a stall fails fast. */
const deps = (out: string, port: number, extra: Partial<SendDependencies> = {}): SendDependencies => {
  const config = smtpConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_GREETING_TIMEOUT: '0.5', SMTP_COMMAND_TIMEOUT: '0.5', SMTP_REPLY_TIMEOUT: '0.5', SMTP_MESSAGE_TIMEOUT: '5' });
  return { createSender: () => createSmtpSender(config), renderAll: pdfRenderer(out), ...extra };
};
const options = (out: string) => ({ out, yes: true, isTTY: false, retryBaseMs: 5, concurrency: 1 });
const statusOf = async (out: string, id: string) => (await readLedgerState(out)).letters.get(id)?.status;

describe('faults the runner must survive without a duplicate or a hang', () => {
  it.each<[string, RawStep]>([
    ['drops the connection after reading the whole message', { drop: true }],
    ['never answers after the end of the message', { stall: true }],
  ])('a server that %s: unknown, never retried, a rerun leaves it alone', async (_name, after) => {
    const s = await raw(() => [...opening(), ...envelope(), { readMessage: true }, after]);
    const out = await archive();
    const letters = [makeLetter('un')];
    const report = await runDelivery(letters, options(out), deps(out, s.port));
    expect(report.counts).toMatchObject({ sent: 0, unknown: 1, failed: 0 });
    expect(s.messages).toHaveLength(1);
    expect(deliveryError(report)?.exitCode).toBe(1);
    expect(await statusOf(out, 'paris-2017/un/en')).toBe('unknown');
    const { records } = await readLedgerFile(out);
    expect(records.map((r) => r.event)).toEqual(['queued', 'sending', 'unknown']);

    const again = await runDelivery(letters, options(out), deps(out, s.port));
    expect(again.outcomes[0]).toMatchObject({ action: 'skip-unknown', status: 'unknown' });
    expect(again.outcomes[0]?.hint).toMatch(/--retry-unknown --only paris-2017\/un\/en/);
    expect(s.messages).toHaveLength(1);
  });

  it('a letter once unknown stays unknown when a retry is refused: never auto-retried, its first .eml kept', async () => {
    // First connection: the server reads the message and drops. Then every retry is refused at RCPT.
    const s = await raw((n) =>
      n === 0
        ? [...opening(), ...envelope(), { readMessage: true }, { drop: true }]
        : [...opening(), { expect: /^MAIL FROM:/ }, { say: '250 Ok' }, { expect: /^RCPT TO:/ }, { say: '550 5.1.1 No such user' }, { expect: /^RSET$/ }, { say: '250 Ok' }, { stall: true }],
    );
    const out = await archive();
    const letters = [makeLetter('un')];
    expect((await runDelivery(letters, options(out), deps(out, s.port))).counts.unknown).toBe(1);
    const eml = 'mail/paris-2017/un.en.eml';
    const first = await fs.readFile(`${out}/${eml}`);

    const retried = await runDelivery(letters, { ...options(out), retryUnknown: true }, deps(out, s.port));
    expect(retried.outcomes[0]).toMatchObject({ action: 'retry-unknown', status: 'failed' });
    // The refusal cannot prove the first attempt was not delivered: the ledger keeps the letter unknown.
    expect(await statusOf(out, 'paris-2017/un/en')).toBe('unknown');
    expect((await readLedgerState(out)).letters.get('paris-2017/un/en')?.reason).toMatch(/550 .*; an earlier attempt may have been delivered/);
    const third = await runDelivery(letters, options(out), deps(out, s.port));
    expect(third.outcomes[0]).toMatchObject({ action: 'skip-unknown' });
    expect(s.messages).toHaveLength(1);
    // Nothing deleted: the current .eml is the retry's, the first one is kept in earlier/.
    const earlier = await fs.readdir(`${out}/mail/paris-2017/earlier`);
    expect(earlier).toHaveLength(1);
    expect((await fs.readFile(`${out}/mail/paris-2017/earlier/${earlier[0]}`)).equals(first)).toBe(true);
    await fs.access(`${out}/${eml}`);
  });

  it('a 251 to the end of the message is delivered: sent, and a rerun sends nothing', async () => {
    const s = await raw(() => [...opening(), ...envelope(), { readMessage: true }, { say: '251 2.0.0 queued elsewhere' }, { stall: true }]);
    const out = await archive();
    const letters = [makeLetter('un')];
    const report = await runDelivery(letters, options(out), deps(out, s.port));
    expect(report.counts).toMatchObject({ sent: 1, failed: 0, unknown: 0 });
    const again = await runDelivery(letters, options(out), deps(out, s.port));
    expect(again.outcomes[0]).toMatchObject({ action: 'skip-sent' });
    expect(s.messages).toHaveLength(1);
  });

  it('a greylisted To with an accepted Cc: nothing goes to the Cc alone; the whole letter is retried and arrives once', async () => {
    const s = await raw(() => [
      ...opening(),
      { expect: /^MAIL FROM:/ },
      { say: '250 Ok' },
      { expect: /^RCPT TO:<un@example\.net>$/ },
      { say: '450 4.2.0 Greylisted, try again later' },
      { expect: /^RCPT TO:<cc@example\.com>$/ },
      { say: '250 Ok' },
      { expect: /^RSET$/ },
      { say: '250 Ok' },
      ...envelope(2),
      { readMessage: true },
      { say: '250 2.0.0 Ok: queued' },
      { stall: true },
    ]);
    const out = await archive();
    const report = await runDelivery([makeLetter('un', { cc: [{ name: 'Copy', address: 'cc@example.com' }] })], options(out), deps(out, s.port));
    expect(report.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(report.outcomes[0]?.attempts).toBe(2);
    expect(s.messages).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });

  it('a server answering EHLO with an endless multi-line reply: each attempt ends at the deadline, then the run stops, no letter failed', async () => {
    const s = await raw(() => [{ say: '220 raw.example.net' }, { expect: /^EHLO / }, { drip: '250-still thinking', everyMs: 50 }]);
    const out = await archive();
    const started = Date.now();
    const report = await runDelivery([makeLetter('un'), makeLetter('fr')], options(out), deps(out, s.port));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.stopped).toMatch(/^stopped: the server did not open a session/);
    expect(report.counts).toMatchObject({ sent: 0, failed: 0, unknown: 0, 'not-attempted': 2 });
    expect(s.connections).toBe(5); // the default five attempts, then the run stops
    expect(await statusOf(out, 'paris-2017/un/en')).toBe('queued');
  });

  it.each([
    ['while the server drips an endless EHLO reply', [{ say: '220 raw.example.net' }, { expect: /^EHLO / }, { drip: '250-still thinking', everyMs: 50 }] as RawStep[], 'queued'],
    ['after the end of the message, waiting for the reply', [...opening(), ...envelope(), { readMessage: true }, { stall: true }] as RawStep[], 'unknown'],
  ])('an interruption %s stops the run at once and records the letter as it stands', async (_name, script, status) => {
    const s = await raw(() => script);
    const out = await archive();
    const controller = new AbortController();
    const slow = smtpConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${s.port}` }); // default deadlines: only the interruption can end this
    const waiting = runDelivery([makeLetter('un'), makeLetter('fr')], options(out), { createSender: () => createSmtpSender(slow), renderAll: pdfRenderer(out), signal: controller.signal });
    await new Promise((r) => setTimeout(r, 400));
    const stoppedAt = Date.now();
    controller.abort();
    const report = await waiting;
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect(report.stopped).toBe('stopped: interrupted');
    expect(report.counts).toMatchObject({ sent: 0, failed: 0 });
    expect(await statusOf(out, 'paris-2017/un/en')).toBe(status);
    expect(await statusOf(out, 'paris-2017/fr/en')).toBe('queued');
  });
});
