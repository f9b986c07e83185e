import { generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerJournal, readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { acquireRunLock } from '../../src/io/ledger/lock.js';
import { smtpConfigFromEnv, type Env } from '../../src/io/mail/config.js';
import { InputError, RefusedError } from '../../src/core/errors.js';
import type { LedgerRecord } from '../../src/core/delivery/ledger.js';
import { tempDir, TEST_CERT } from './harness.js';

const rec = (letter: string, event: LedgerRecord['event']): LedgerRecord => ({ v: 1, at: '2026-10-23T01:00:00.000Z', letter, event, contentHash: 'h' });

describe('ledger journal', () => {
  it('ignores a torn last line with a warning and appends on a fresh line after it', async () => {
    const out = await tempDir();
    const file = path.join(out, 'ledger.jsonl');
    await fs.writeFile(file, `${JSON.stringify(rec('p/a/en', 'sending'))}\n${JSON.stringify(rec('p/a/en', 'sent'))}\n{"v":1,"at":"2026-10-23T01:00:01.000Z","letter":"p/b/en","ev`);
    const state = await readLedgerState(out);
    expect(state.letters.get('p/a/en')?.status).toBe('sent');
    expect(state.letters.has('p/b/en')).toBe(false);
    expect(state.warnings).toEqual(['ledger.jsonl:3: ignoring a torn last line (interrupted write)']);

    const journal = await LedgerJournal.open(out);
    await journal.append(rec('p/b/en', 'sending'));
    await journal.close();
    const again = await readLedgerFile(out);
    expect(again.records.map((r) => `${r.letter} ${r.event}`)).toEqual(['p/a/en sending', 'p/a/en sent', 'p/b/en sending']);
    // The torn line stays (nothing is deleted), closed by a note that says it is torn, so it is not mistaken for damage.
    expect(again.warnings).toEqual(['ledger.jsonl:3: ignoring a torn line (an interrupted write, closed by a later run)']);
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines[2]).toBe('{"v":1,"at":"2026-10-23T01:00:01.000Z","letter":"p/b/en","ev');
    expect(JSON.parse(lines[3] ?? '')).toMatchObject({ v: 1, note: 'the line above is an interrupted write; it is ignored' });
  });

  it('writes concurrent appends in order, each whole on its own line', async () => {
    const out = await tempDir();
    const journal = await LedgerJournal.open(out);
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append(rec(`p/${i}/en`, 'queued'))));
    await journal.close();
    const { records, warnings } = await readLedgerFile(out);
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.letter)).toEqual(Array.from({ length: 200 }, (_, i) => `p/${i}/en`));
  });

  it('reads a missing ledger as empty', async () => {
    const state = await readLedgerState(path.join(await tempDir(), 'nothing-here'));
    expect(state.letters.size).toBe(0);
  });
});

describe('run lock', () => {
  it('lets one send run at a time and takes over the lock of a dead process', async () => {
    const out = await tempDir();
    const lock = await acquireRunLock(out);
    await expect(acquireRunLock(out)).rejects.toBeInstanceOf(RefusedError);
    await lock.release();
    // A process id that cannot be alive (beyond the kernel's pid range) stands for a killed run.
    await fs.writeFile(path.join(out, '.send.lock'), JSON.stringify({ pid: 2 ** 30, at: 'then' }));
    const taken = await acquireRunLock(out);
    await taken.release();
  });
});

describe('smtpConfigFromEnv', () => {
  const problemsOf = (env: Env, insecure = false): string[] => {
    try {
      smtpConfigFromEnv(env, { insecure });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).problems.map((p) => `${p.field}: ${p.message}`);
    }
  };

  it.each([
    [
      'smtps URL',
      { SMTP_URL: 'smtps://u:p%40ss@mail.example.org' },
      { host: 'mail.example.org', port: 465, secure: true, requireTLS: false, auth: { user: 'u', pass: 'p@ss' }, display: 'smtps://u@mail.example.org:465' },
    ],
    ['smtp URL to a remote host requires STARTTLS', { SMTP_URL: 'smtp://u:p@mail.example.org:587' }, { secure: false, requireTLS: true, display: 'smtp://u@mail.example.org:587 (STARTTLS required)' }],
    ['smtp URL to loopback does not', { SMTP_URL: 'smtp://127.0.0.1:2525' }, { requireTLS: false, auth: undefined, port: 2525 }],
    ['host variables', { SMTP_HOST: 'mail.example.org', SMTP_USER: 'u', SMTP_PASS: ' p ', SMTP_SECURE: 'true' }, { port: 465, secure: true, auth: { user: 'u', pass: ' p ' } }],
    ['host variables, default port 587 with STARTTLS', { SMTP_HOST: 'mail.example.org' }, { port: 587, requireTLS: true }],
    ['connections', { SMTP_URL: 'smtp://[::1]:25', SMTP_MAX_CONNECTIONS: '5' }, { maxConnections: 5, requireTLS: false }],
  ] as const)('%s', (_name, env, expected) => {
    expect(smtpConfigFromEnv(env)).toMatchObject(expected);
  });

  it('allows clear text to a remote host only with insecure', () => {
    expect(smtpConfigFromEnv({ SMTP_URL: 'smtp://mail.example.org:25' }, { insecure: true }).requireTLS).toBe(false);
  });

  it('reads the CA file and the DKIM key file', () => {
    const dkimKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = smtpConfigFromEnv(
      { SMTP_URL: 'smtps://mail.example.org', SMTP_TLS_CA_FILE: TEST_CERT, DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: 'key.pem' },
      { readFile: (f) => (f === 'key.pem' ? dkimKey : `ca from ${path.basename(f)}`) },
    );
    expect(config.ca).toBe('ca from test-only-localhost.cert.pem');
    expect(config.dkim).toMatchObject({ domainName: 'example.org', keySelector: 's1' });
  });

  it('reports every problem at once, without echoing secrets', () => {
    const problems = problemsOf({
      SMTP_URL: 'http://u:hunter2@mail.example.org',
      DKIM_DOMAIN: 'example.org',
      DKIM_PRIVATE_KEY: 'hunter2',
      SMTP_MAX_CONNECTIONS: '0',
    });
    expect(problems).toEqual([
      'SMTP_URL: scheme "http:" is not smtp: or smtps:',
      'DKIM_SELECTOR: is missing',
      'DKIM_PRIVATE_KEY: is not a PEM private key',
      'SMTP_MAX_CONNECTIONS: is not a number from 1 to 20',
    ]);
    expect(problems.join()).not.toContain('hunter2');
    expect(problemsOf({})).toEqual(['SMTP_URL: no SMTP server configured']);
    expect(problemsOf({ SMTP_URL: 'not a url with hunter2' })).toEqual(['SMTP_URL: is not a URL']);
    expect(problemsOf({ SMTP_HOST: 'mail.example.org', SMTP_PASS: 'x' })).toEqual(['SMTP_USER: a password is set without a user name']);
    expect(problemsOf({ SMTP_HOST: 'mail.example.org', SMTP_USER: 'u' })).toEqual(['SMTP_PASS: user "u" has no password']);
    expect(problemsOf({ SMTP_HOST: 'mail.example.org', SMTP_PORT: '99999' })).toEqual(['SMTP_PORT: port is not a number from 1 to 65535']);
  });
});
