// Our SMTP client against real servers on loopback: smtp-server for the good paths, a raw socket for the bad ones.
// Every failure must say where it happened and whether the end of DATA had left (committed).
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage, Sender } from '../../src/core/delivery/sender.js';
import { nextStep } from '../../src/core/delivery/attempt.js';
import { defaultRetryPolicy } from '../../src/core/delivery/retry.js';
import { failureOf } from '../../src/io/delivery/executor.js';
import { smtpConfigFromEnv, type SmtpConfig } from '../../src/io/mail/config.js';
import { createSmtpSender, SmtpSendError } from '../../src/io/mail/smtp-sender.js';
import { startTestServer, TEST_CERT, type TestServer, type TestServerOptions } from './harness.js';
import { acceptOne, envelope, opening, startRawServer, type RawServer, type RawStep } from './raw-smtp.js';

/** What the executor records for a send that failed with this error: the state machine decides, as in production. */
const ledgerEventFor = (error: unknown): string => nextStep({ kind: 'failed', failure: failureOf(error) }, { attempt: 1, policy: defaultRetryPolicy }).record.event;

const USER = 'committee';
const PASS = 'S3cret-Pa55-never-printed';
/** Short deadlines so that a stall fails in half a second. */
const FAST = { SMTP_CONNECT_TIMEOUT: '0.5', SMTP_GREETING_TIMEOUT: '0.5', SMTP_COMMAND_TIMEOUT: '0.5', SMTP_DATA_TIMEOUT: '0.5', SMTP_REPLY_TIMEOUT: '0.5' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function smtpServer(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  cleanups.push(() => s.close());
  return s;
}

async function rawServer(scripts: (n: number) => RawStep[]): Promise<RawServer> {
  const s = await startRawServer(scripts);
  cleanups.push(() => s.close());
  return s;
}

function sender(port: number, env: Record<string, string> = {}, change: Partial<SmtpConfig> = {}): Sender {
  const config = { ...smtpConfigFromEnv({ SMTP_URL: `smtp://localhost:${port}`, ...FAST, ...env }), ...change };
  const s = createSmtpSender(config);
  cleanups.push(() => s.close());
  return s;
}

function message(n = 1, body = 'Dear Minister,\r\n.a line that starts with a dot\r\n', to = [`m${n}@example.net`]): OutgoingMessage {
  const raw = Buffer.from(`From: petition@example.org\r\nTo: ${to.join(', ')}\r\nSubject: Petition ${n}\r\nMessage-ID: <m${n}@example.org>\r\n\r\n${body}`);
  return { letterId: `p/m${n}/en`, messageId: `<m${n}@example.org>`, envelope: { from: 'petition@example.org', to }, raw };
}

async function failure(promise: Promise<unknown>): Promise<SmtpSendError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpSendError);
  return error as SmtpSendError;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

describe('SMTP client, good paths (smtp-server)', () => {
  it('sends a message byte for byte, dot-stuffing undone by the server', async () => {
    const s = await smtpServer();
    const m = message();
    const result = await sender(s.port).send(m);
    expect(result).toMatchObject({ messageId: '<m1@example.org>', accepted: ['m1@example.net'], rejected: [] });
    expect(result.response).toMatch(/^250 /);
    expect(s.received).toHaveLength(1);
    expect(s.received[0]!.raw.equals(Buffer.from(m.raw))).toBe(true);
    expect(s.received[0]!.from).toBe('petition@example.org');
  });

  it('upgrades with STARTTLS, logs in, and carries an 8-bit body unchanged', async () => {
    const s = await smtpServer({ starttls: true, auth: { user: USER, pass: PASS } });
    const m = message(1, 'ឯកឧត្តម រដ្ឋមន្ត្រី\r\n');
    await sender(s.port, { SMTP_URL: `smtp://${USER}:${PASS}@localhost:${s.port}`, SMTP_TLS_CA_FILE: TEST_CERT }).send(m);
    expect(s.received[0]).toMatchObject({ secure: true, user: USER });
    expect(s.received[0]!.raw.equals(Buffer.from(m.raw))).toBe(true);
  });

  it('reuses at most maxConnections connections, and retires one after 100 messages', async () => {
    const s = await smtpServer();
    const pooled = sender(s.port, { SMTP_MAX_CONNECTIONS: '2' });
    await Promise.all(Array.from({ length: 12 }, (_, i) => pooled.send(message(i))));
    expect(s.received).toHaveLength(12);
    expect(s.connections).toBeLessThanOrEqual(2);

    const single = await smtpServer();
    const one = sender(single.port, { SMTP_MAX_CONNECTIONS: '1' });
    for (let i = 0; i < 101; i++) await one.send(message(i));
    expect(single.received).toHaveLength(101);
    expect(single.connections).toBe(2);
  });

  it('a 4xx after the end of DATA is committed but definite: not unknown', async () => {
    const s = await smtpServer({ verdict: () => ({ code: 451, message: 'Try again later' }) });
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'final-reply', committed: true, responseCode: 451 });
    expect(error.message).toMatch(/^451 Try again later/);
    expect(ledgerEventFor(error)).toBe('deferred');
  });
});

describe('SMTP client, envelope (raw server)', () => {
  it('refuses a message all of whose recipients are refused, and says RSET', async () => {
    const s = await rawServer(() => [
      ...opening(),
      { expect: /^MAIL FROM:<petition@example\.org>$/ },
      { say: '250 Ok' },
      { expect: /^RCPT TO:/ },
      { say: '550 5.1.1 No such user' },
      { expect: /^RSET$/ },
      { say: '250 Ok' },
      { stall: true },
    ]);
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'rcpt', committed: false, responseCode: 550, code: 'EENVELOPE' });
    expect(error.message).toMatch(/refused for m1@example\.net: 550 5\.1\.1 No such user/);
    await until(() => s.commands[0]!.includes('RSET'));
    expect(s.errors).toEqual([]);
  });

  it('all or nothing: one refused recipient and the letter goes to nobody (no DATA), the 4xx one deciding', async () => {
    const s = await rawServer(() => [
      ...opening(),
      { expect: /^MAIL FROM:/ },
      { say: '250 Ok' },
      { expect: /^RCPT TO:<a@example\.net>$/ },
      { say: '550 No' },
      { expect: /^RCPT TO:<b@example\.net>$/ },
      { say: '450 4.2.0 Greylisted, try again later' },
      { expect: /^RSET$/ },
      { say: '250 Ok' },
      { stall: true },
    ]);
    const error = await failure(sender(s.port).send(message(1, 'x\r\n', ['a@example.net', 'b@example.net'])));
    // The greylisting decides: the whole letter is retried later, nothing having been delivered to anyone.
    expect(error).toMatchObject({ phase: 'rcpt', committed: false, responseCode: 450, code: 'EENVELOPE' });
    expect(error.message).toMatch(/refused for a@example\.net, b@example\.net: 450/);
    expect(s.messages).toHaveLength(0);
    await until(() => s.commands[0]!.includes('RSET'));
    expect(s.errors).toEqual([]);
  });

  it('takes any 2xx reply to the end of the message as delivered (251, 252)', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { readMessage: true }, { say: '251 2.0.0 queued elsewhere' }, { stall: true }]);
    const result = await sender(s.port).send(message());
    expect(result).toMatchObject({ response: '251 2.0.0 queued elsewhere', accepted: ['m1@example.net'], rejected: [] });
  });

  it('with PIPELINING, sends MAIL, every RCPT and DATA in one go and reads the replies in order', async () => {
    // The server answers only once it has all three commands: a client waiting for each reply would time out.
    const s = await rawServer(() => [
      ...opening(['PIPELINING']),
      { expect: /^MAIL FROM:<petition@example\.org>$/ },
      { expect: /^RCPT TO:<a@example\.net>$/ },
      { expect: /^RCPT TO:<b@example\.net>$/ },
      { expect: /^DATA$/ },
      { say: ['250 Ok', '250 Ok', '250 Ok', '354 Go'] },
      { readMessage: true },
      { say: '250 Queued' },
      { stall: true },
    ]);
    const result = await sender(s.port).send(message(1, 'x\r\n', ['a@example.net', 'b@example.net']));
    expect(result).toMatchObject({ accepted: ['a@example.net', 'b@example.net'], rejected: [], response: '250 Queued' });
    expect(s.messages).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });

  it('with PIPELINING, a refused recipient after a 354 closes the connection before any of the message', async () => {
    const s = await rawServer(() => [
      ...opening(['PIPELINING']),
      { expect: /^MAIL FROM:/ },
      { expect: /^RCPT TO:<a@example\.net>$/ },
      { expect: /^RCPT TO:<b@example\.net>$/ },
      { expect: /^DATA$/ },
      { say: ['250 Ok', '250 Ok', '550 No such user', '354 Go'] },
      { readMessage: true },
      { say: '250 Queued' },
    ]);
    const error = await failure(sender(s.port).send(message(1, 'x\r\n', ['a@example.net', 'b@example.net'])));
    expect(error).toMatchObject({ phase: 'rcpt', committed: false, responseCode: 550 });
    await new Promise((r) => setTimeout(r, 100));
    expect(s.messages).toHaveLength(0);
  });

  it('with PIPELINING, a refused MAIL is refused once every pipelined reply is read, then RSET', async () => {
    const s = await rawServer(() => [
      ...opening(['PIPELINING']),
      { expect: /^MAIL FROM:/ },
      { expect: /^RCPT TO:/ },
      { expect: /^DATA$/ },
      { say: ['552 5.3.4 Message too big', '503 5.5.1 No mail transaction', '503 5.5.1 No valid recipients'] },
      { expect: /^RSET$/ },
      { say: '250 Ok' },
      { stall: true },
    ]);
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'mail', committed: false, responseCode: 552 });
    await until(() => s.commands[0]!.includes('RSET'));
    expect(s.errors).toEqual([]);
  });

  it('asks for BODY=8BITMIME and SMTPUTF8 when needed and offered, and refuses an international address otherwise', async () => {
    const s = await rawServer((n) => (n === 0 ? acceptOne() : [...opening(['8BITMIME']), { stall: true }]));
    await sender(s.port).send({ ...message(1, 'Chère Ministre\r\n', ['ministre@example.net']), envelope: { from: 'pétition@example.org', to: ['ministre@example.net'] } });
    expect(s.commands[0]![1]).toBe('MAIL FROM:<pétition@example.org> BODY=8BITMIME SMTPUTF8');
    expect(s.messages[0]!.toString('utf8')).toContain('Chère Ministre');

    const plain = sender(s.port);
    const error = await failure(plain.send({ ...message(2), envelope: { from: 'pétition@example.org', to: ['m@example.net'] } }));
    expect(error).toMatchObject({ phase: 'mail', committed: false, code: 'EENVELOPE' });
    expect(error.message).toMatch(/does not offer SMTPUTF8/);
    expect(s.commands[1]!.some((c) => c.startsWith('MAIL'))).toBe(false);
  });

  it('refuses when TLS is required and STARTTLS is not offered', async () => {
    const s = await rawServer(() => [...opening(), { stall: true }]);
    const error = await failure(sender(s.port, {}, { requireTLS: true }).send(message()));
    expect(error).toMatchObject({ phase: 'ehlo', committed: false, code: 'ETLS' });
    expect(error.message).toMatch(/does not offer STARTTLS \(refusing to send without TLS to localhost; --insecure allows it\)/);
  });
});

describe('SMTP client, deadlines and doubt (raw server)', () => {
  it('gives up on an endless multi-line EHLO reply within the command deadline', async () => {
    const s = await rawServer(() => [{ say: '220 raw.example.net' }, { expect: /^EHLO / }, { drip: '250-still talking', everyMs: 100 }]);
    const started = Date.now();
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'ehlo', committed: false, code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a reply bigger than the cap at once', async () => {
    const s = await rawServer(() => [{ say: '220 raw.example.net' }, { expect: /^EHLO / }, { say: Array.from({ length: 600 }, () => '250-x') }, { stall: true }]);
    const error = await failure(sender(s.port, { SMTP_COMMAND_TIMEOUT: '30' }).send(message()));
    expect(error).toMatchObject({ phase: 'ehlo', committed: false, code: 'EPROTOCOL' });
    expect(error.message).toMatch(/more than 512 lines/);
  });

  it('gives up when the greeting never comes', async () => {
    const s = await rawServer(() => [{ stall: true }]);
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'greeting', committed: false, code: 'ETIMEDOUT' });
  });

  it('a server that reads the whole message and drops before its 250 leaves the outcome unknown', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { readMessage: true }, { drop: true }]);
    const error = await failure(sender(s.port).send(message()));
    expect(s.messages).toHaveLength(1);
    expect(error).toMatchObject({ phase: 'final-reply', committed: true, responseCode: undefined, code: 'ECONNECTION' });
    expect(error.message).toMatch(/the server may have it/);
    expect(ledgerEventFor(error)).toBe('unknown');
  });

  it('a stall after the end of DATA is unknown once the reply deadline passes', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { readMessage: true }, { stall: true }]);
    const started = Date.now();
    const error = await failure(sender(s.port).send(message()));
    expect(error).toMatchObject({ phase: 'final-reply', committed: true, code: 'ETIMEDOUT' });
    expect(ledgerEventFor(error)).toBe('unknown');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('the per-message deadline holds even when each step is within its own', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { readMessage: true }, { stall: true }]);
    const error = await failure(sender(s.port, { SMTP_REPLY_TIMEOUT: '30', SMTP_MESSAGE_TIMEOUT: '0.3' }).send(message()));
    expect(error).toMatchObject({ phase: 'final-reply', committed: true, code: 'ETIMEDOUT' });
  });

  it('an abort mid-body drops the connection at once, not committed', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { stopReading: true }, { stall: true }]);
    const controller = new AbortController();
    const big = message(1, `${'x'.repeat(998)}\r\n`.repeat(16 * 1024)); // 16 MiB: more than the socket buffers hold
    const sending = sender(s.port, { SMTP_DATA_TIMEOUT: '30' }).send(big, { signal: controller.signal });
    await until(() => s.commands[0]?.includes('DATA') === true);
    await new Promise((r) => setTimeout(r, 200)); // the body is on its way and backs up
    controller.abort();
    const error = await failure(sending);
    expect(error).toMatchObject({ phase: 'body', committed: false, code: 'EABORT' });
    expect(ledgerEventFor(error)).toBe('deferred');
  });

  it('an abort before the message starts sends nothing', async () => {
    const s = await rawServer(() => acceptOne());
    const error = await failure(sender(s.port).send(message(), { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ phase: 'connect', committed: false, code: 'EABORT' });
    expect(s.messages).toHaveLength(0);
  });

  it('an abort after the end of DATA is committed: unknown', async () => {
    const s = await rawServer(() => [...opening(), ...envelope(), { readMessage: true }, { stall: true }]);
    const controller = new AbortController();
    const sending = sender(s.port, { SMTP_REPLY_TIMEOUT: '30' }).send(message(), { signal: controller.signal });
    await until(() => s.messages.length === 1);
    controller.abort();
    const error = await failure(sending);
    expect(error).toMatchObject({ phase: 'final-reply', committed: true, code: 'EABORT' });
    expect(ledgerEventFor(error)).toBe('unknown');
  });

  it('retries on a fresh connection, once, when a reused one turns out closed before MAIL was answered', async () => {
    const s = await rawServer((n) => (n === 0 ? [...opening(), ...envelope(), { readMessage: true }, { say: '250 Ok' }, { expect: /^MAIL / }, { drop: true }] : acceptOne()));
    const pooled = sender(s.port, { SMTP_MAX_CONNECTIONS: '1' });
    await pooled.send(message(1));
    await pooled.send(message(2));
    expect(s.connections).toBe(2);
    expect(s.messages).toHaveLength(2);
    expect(s.errors).toEqual([]);
  });
});
