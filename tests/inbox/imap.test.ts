// The IMAP source against a real Dovecot on loopback: what was appended is what is read, reading changes no flag,
// markSeen sets \Seen on exactly the messages named, and each failure is one line naming the host, never the password.
import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, ExitCode, formatProblem, InputError } from '../../src/core/errors.js';
import { imapConfigFromEnv, ImapError, openImap } from '../../src/io/inbox/imap.js';
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES, type InboundRaw, type InboxSource } from '../../src/io/inbox/source.js';
import { DOVECOT, startDovecot, TEST_CA_FILE, type Dovecot } from './dovecot.js';

const SECRET = 'Zq7-s3cret';

/** Reads only ca.pem; any other file is missing, as the real fs would say. */
function readFile(file: string): string {
  if (file === 'ca.pem') return 'a CA';
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
}

function configError(env: Record<string, string>, insecure = false): { lines: string[]; everything: string } {
  try {
    imapConfigFromEnv(env, { insecure, readFile });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const input = error as InputError;
    return { lines: input.problems.map((p) => `${p.field}: ${p.message}`), everything: [input.message, ...input.problems.map(formatProblem)].join('\n') };
  }
  return { lines: [], everything: '' };
}

describe('imapConfigFromEnv', () => {
  it.each([
    [
      'imaps://aiko:pw@mail.example.org/INBOX',
      { host: 'mail.example.org', port: 993, secure: true, requireTLS: false, user: 'aiko', pass: 'pw', mailbox: 'INBOX', display: 'imaps://aiko@mail.example.org:993/INBOX' },
    ],
    ['imap://aiko:pw@mail.example.org', { port: 143, secure: false, requireTLS: true, mailbox: 'INBOX', display: 'imap://aiko@mail.example.org:143/INBOX' }],
    ['imap://aiko:pw@127.0.0.1:1143/Replies', { port: 1143, requireTLS: false, mailbox: 'Replies' }],
    ['imaps://replies%40example.org:p%40ss%3Aw%2Fr%3F%23%25@mail.example.org:9993/Bounces%2FDSN', { user: 'replies@example.org', pass: 'p@ss:w/r?#%', port: 9993, mailbox: 'Bounces/DSN' }],
    ['imaps://aiko:pw@mail.example.org/Archive/2024', { mailbox: 'Archive/2024' }],
    ['  imaps://aiko:pw@[::1]/  ', { host: '[::1]', mailbox: 'INBOX' }],
  ])('reads %s', (url, expected) => {
    expect(imapConfigFromEnv({ IMAP_URL: url })).toMatchObject({ ...expected, connectTimeoutMs: 30_000 });
  });

  it('lets --insecure log in without TLS off loopback, reads the CA file and the timeout', () => {
    expect(imapConfigFromEnv({ IMAP_URL: 'imap://aiko:pw@mail.example.org', IMAP_TLS_CA_FILE: 'ca.pem', IMAP_CONNECT_TIMEOUT: '2.5' }, { insecure: true, readFile: () => 'a CA' })).toMatchObject({
      requireTLS: false,
      ca: 'a CA',
      connectTimeoutMs: 2500,
    });
  });

  it.each([
    ['missing', {}, ['IMAP_URL: is not set']],
    ['blank', { IMAP_URL: '  ' }, ['IMAP_URL: is not set']],
    ['another scheme', { IMAP_URL: `pop3://aiko:${SECRET}@mail.example.org` }, ['IMAP_URL: scheme "pop3:" is not imap: or imaps:']],
    ['no scheme', { IMAP_URL: `aiko:${SECRET}@mail.example.org` }, ['IMAP_URL: does not start with imap:// or imaps://']],
    ['not a URL', { IMAP_URL: `imaps://aiko:${SECRET}@@` }, ['IMAP_URL: is not a URL']],
    ['an unencoded # in the password', { IMAP_URL: `imaps://aiko:${SECRET}#x@mail.example.org` }, ['IMAP_URL: is not a URL']],
    ['an unencoded ? in the password', { IMAP_URL: `imaps://aiko:${SECRET}?x@mail.example.org/` }, ['IMAP_URL: is not a URL']],
    ['no password', { IMAP_URL: 'imaps://aiko@mail.example.org' }, ['IMAP_URL: needs a user name and a password']],
    ['a malformed escape', { IMAP_URL: `imaps://aiko:${SECRET}%zz@mail.example.org` }, ['IMAP_URL: has a malformed %-escape']],
    ['port 0', { IMAP_URL: `imaps://aiko:${SECRET}@mail.example.org:0` }, ['IMAP_URL: port is not a number from 1 to 65535']],
    ['a bad timeout', { IMAP_URL: `imaps://aiko:${SECRET}@mail.example.org`, IMAP_CONNECT_TIMEOUT: 'soon' }, ['IMAP_CONNECT_TIMEOUT: is not a number of seconds from 0 to 86400']],
    ['an unreadable CA file', { IMAP_URL: `imaps://aiko:${SECRET}@mail.example.org`, IMAP_TLS_CA_FILE: 'gone.pem' }, ['IMAP_TLS_CA_FILE: cannot read gone.pem: ENOENT']],
  ])('refuses %s, never quoting the URL or password', (_, env, lines) => {
    const found = configError(env);
    expect(found.lines.map((l) => l.replace(/(ENOENT).*/, '$1'))).toEqual(lines);
    expect(found.everything).not.toContain(SECRET);
    expect(found.everything).not.toContain('mail.example.org');
  });
});

/** A port on loopback that nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

async function readAll(source: InboxSource): Promise<InboundRaw[]> {
  const all: InboundRaw[] = [];
  for await (const m of source.messages()) all.push(m);
  return all;
}

function reply(n: number): Buffer {
  const eol = '\r\n';
  return Buffer.from(
    [`From: Ilse Brandt <ilse${n}@example.org>`, 'To: petitions@example.org', `Subject: Re: petition ${n}`, `Message-ID: <imap-reply-${n}@example.org>`, '', `Reply ${n}.`, ''].join(eol),
  );
}

/** A loopback server that greets with `greeting` (or stays silent) and answers nothing else: servers that fail us. */
async function rawServer(greeting: string | undefined): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (greeting) socket.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('servers that fail us', () => {
  it('gives up on a server that never greets within IMAP_CONNECT_TIMEOUT, in one line (exit 1)', async () => {
    const silent = await rawServer(undefined);
    const config = imapConfigFromEnv({ IMAP_URL: `imap://aiko:${SECRET}@127.0.0.1:${silent.port}`, IMAP_CONNECT_TIMEOUT: '0.5' });
    const error = await openImap(config).catch((e: unknown) => e);
    await silent.close();
    expect(error).toBeInstanceOf(ImapError);
    expect((error as Error).message).toBe(`IMAP server 127.0.0.1:${silent.port}: no answer within 0.5 s (IMAP_CONNECT_TIMEOUT)`);
  });

  it('never logs in unencrypted when STARTTLS is required and not offered', async () => {
    const plain = await rawServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] invented server ready\r\n');
    // requireTLS is what imap:// to a host off loopback gets; loopback is where a test can reach.
    const config = { ...imapConfigFromEnv({ IMAP_URL: `imap://aiko:${SECRET}@127.0.0.1:${plain.port}` }), requireTLS: true };
    const error = await openImap(config).catch((e: unknown) => e);
    await plain.close();
    expect(error).toBeInstanceOf(ImapError);
    expect((error as Error).message).toBe(`IMAP server 127.0.0.1:${plain.port}: offers no STARTTLS, which imap:// needs off loopback (use imaps://, or --insecure to log in unencrypted)`);
  });
});

const dovecotHere = existsSync(DOVECOT);

describe.runIf(!dovecotHere && process.env.CI)('Dovecot in CI', () => {
  it('is installed', () => {
    expect.fail(`Dovecot (${DOVECOT}) is missing: the IMAP tests need it in CI (.ci/run installs dovecot-imapd)`);
  });
});

describe.skipIf(!dovecotHere)('the IMAP source against Dovecot', () => {
  let dovecot: Dovecot;
  let client: ImapFlow;
  const appended: { uid: number; raw: Buffer }[] = [];
  let uidValidity = 0n;
  const url = (pass = dovecot.pass, mailbox = 'INBOX', scheme = 'imap', port = dovecot.port): string =>
    `${scheme}://${dovecot.user}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${encodeURIComponent(mailbox)}`;
  const config = (env: Record<string, string> = {}): ReturnType<typeof imapConfigFromEnv> => imapConfigFromEnv({ IMAP_URL: url(), IMAP_TLS_CA_FILE: TEST_CA_FILE, ...env });
  const flagsOf = async (): Promise<Map<number, string[]>> => {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const flags = new Map<number, string[]>();
      // An unsolicited FETCH (another session's flag change) comes without a UID: not an answer to this one.
      for await (const m of client.fetch('1:*', { uid: true, flags: true })) if (m.uid) flags.set(m.uid, [...(m.flags ?? [])].sort());
      return flags;
    } finally {
      lock.release();
    }
  };

  beforeAll(async () => {
    dovecot = await startDovecot();
    client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    for (let n = 1; n <= 5; n++) {
      const done = await client.append('INBOX', reply(n));
      if (!done || done.uid === undefined || done.uidValidity === undefined) throw new Error('Dovecot gave no APPENDUID');
      appended.push({ uid: done.uid, raw: reply(n) });
      uidValidity = done.uidValidity;
    }
    await client.mailboxCreate('Empty');
  }, 60_000);

  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await dovecot?.close();
  });

  it('reads every appended message, bytes as appended, refs uidvalidity:uid, the same on a second read', async () => {
    const source = await openImap(config());
    expect(source.name).toBe(`imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`);
    const first = await readAll(source);
    const second = await readAll(source);
    await source.close();
    expect(first.map((m) => m.ref)).toEqual(appended.map((a) => `${uidValidity}:${a.uid}`));
    expect(first.map((m) => m.raw.toString())).toEqual(appended.map((a) => a.raw.toString()));
    expect(first.map((m) => [m.size, m.truncated])).toEqual(appended.map((a) => [a.raw.length, false]));
    expect(second).toEqual(first);
  });

  it('reads read-only: no \\Seen or any flag set by reading', async () => {
    const before = await flagsOf();
    const source = await openImap(config());
    await readAll(source);
    await source.close();
    const after = await flagsOf();
    expect(after).toEqual(before);
    expect([...after.values()].flat()).not.toContain('\\Seen');
  });

  it('marks seen exactly the messages named, and refuses refs of another UIDVALIDITY', async () => {
    const [, second, , fourth] = appended;
    const source = await openImap(config());
    await source.markSeen([`${uidValidity}:${second!.uid}`, `${uidValidity}:${fourth!.uid}`]);
    await expect(source.markSeen([`${uidValidity + 1n}:${second!.uid}`])).rejects.toBeInstanceOf(InputError);
    await source.close();
    const seen = [...(await flagsOf())].filter(([, flags]) => flags.includes('\\Seen')).map(([uid]) => uid);
    expect(seen).toEqual([second!.uid, fourth!.uid]);
  });

  it('reads an empty mailbox as no messages', async () => {
    const source = await openImap(config({ IMAP_URL: url(dovecot.pass, 'Empty') }));
    expect(await readAll(source)).toEqual([]);
    await source.close();
  });

  it('reads imaps:// with the CA of IMAP_TLS_CA_FILE, and fails TLS in one line without it', async () => {
    const source = await openImap(config({ IMAP_URL: url(dovecot.pass, 'INBOX', 'imaps', dovecot.tlsPort) }));
    expect((await readAll(source)).length).toBe(appended.length);
    await source.close();
    const error = await openImap(imapConfigFromEnv({ IMAP_URL: url(dovecot.pass, 'INBOX', 'imaps', dovecot.tlsPort) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapError);
    expect((error as Error).message).toMatch(new RegExp(`^IMAP server 127\\.0\\.0\\.1:${dovecot.tlsPort}: TLS failed: .*IMAP_TLS_CA_FILE`));
  });

  it('reports a closed port as exit 1, in one line', async () => {
    const port = await closedPort();
    const error = await openImap(config({ IMAP_URL: url(dovecot.pass, 'INBOX', 'imap', port) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImapError);
    expect((error as ImapError).exitCode).toBe(ExitCode.deliveryFailed);
    expect((error as Error).message).toBe(`IMAP server 127.0.0.1:${port}: connection refused (is the server running, and is this its IMAP port?)`);
  });

  it('refuses a mailbox that does not exist as bad input (exit 2)', async () => {
    const error = await openImap(config({ IMAP_URL: url(dovecot.pass, 'Nowhere') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(formatProblem((error as InputError).problems[0]!)).toBe(
      'environment: IMAP_URL: mailbox "Nowhere" does not exist on 127.0.0.1 (the path of IMAP_URL names the mailbox; INBOX when it has none)',
    );
  });

  it('keeps the first MiB of a message over 25 MiB, with its full size', async () => {
    const big = Buffer.concat([reply(9), Buffer.alloc(MAX_MESSAGE_BYTES + 256 * 1024, 'B'), Buffer.from('\r\n')]);
    await client.mailboxCreate('Big');
    await client.append('Big', big);
    const source = await openImap(config({ IMAP_URL: url(dovecot.pass, 'Big') }));
    const [only] = await readAll(source);
    await source.close();
    expect([only!.size, only!.truncated, only!.raw.length]).toEqual([big.length, true, MAX_READ_BYTES]);
    expect(only!.raw.equals(big.subarray(0, MAX_READ_BYTES))).toBe(true);
  }, 60_000);

  it('reads a mailbox of many messages batch by batch in UID order, and marks hundreds seen at once', async () => {
    await client.mailboxCreate('Many');
    const uids: number[] = [];
    for (let n = 1; n <= 520; n++) {
      const done = await client.append('Many', reply(n));
      uids.push(done && done.uid !== undefined ? done.uid : 0);
    }
    const source = await openImap(config({ IMAP_URL: url(dovecot.pass, 'Many') }));
    const messages = await readAll(source);
    expect(messages.map((m) => Number(m.ref.split(':')[1]))).toEqual(uids);
    expect(messages.at(-1)!.raw.toString()).toBe(reply(520).toString());
    await source.markSeen(messages.slice(1).map((m) => m.ref));
    await source.close();
    const lock = await client.getMailboxLock('Many', { readOnly: true });
    const seen: number[] = [];
    try {
      for await (const m of client.fetch('1:*', { uid: true, flags: true })) if (m.uid && m.flags?.has('\\Seen')) seen.push(m.uid);
    } finally {
      lock.release();
    }
    expect(seen.sort((a, b) => a - b)).toEqual(uids.slice(1));
  }, 60_000);

  // Last: after a failed login Dovecot delays the next logins from the same address (its auth penalty).
  it('reports a refused login as exit 1, naming the host and user, never the password', async () => {
    const wrong = `${SECRET}-wrong`;
    const error = await openImap(config({ IMAP_URL: url(wrong) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).exitCode).toBe(ExitCode.deliveryFailed);
    expect((error as Error).message).toBe(`IMAP server 127.0.0.1:${dovecot.port}: login refused for user "tester" (wrong user name or password?)`);
    expect(`${(error as Error).message} ${String((error as Error).stack)}`).not.toContain(wrong);
  });
});
