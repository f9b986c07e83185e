// Up-front checks of the SMTP settings: every bad SMTP_URL or DKIM key is one clear problem, never an echo of a secret.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { smtpConfigFromEnv, type Env } from '../../src/io/mail/config.js';
import { composeMessage, DkimSigningError } from '../../src/io/mail/compose.js';
import { InputError } from '../../src/core/errors.js';
import { testAddressProblems } from '../../src/core/delivery/headers.js';
import { makeLetter } from './letters.js';

const SECRET = 'Zq7-secret';

/** Every problem as `field: message (hint)`, and the error's own message, so a test can look for leaks in all of it. */
function problemsOf(env: Env): { lines: string[]; everything: string } {
  try {
    smtpConfigFromEnv(env, { readFile: (file) => keyFiles.get(file) ?? '' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const input = error as InputError;
    const lines = input.problems.map((p) => `${p.field}: ${p.message}`);
    return { lines, everything: [input.message, ...input.problems.map((p) => `${p.file} ${p.field} ${p.message} ${p.hint ?? ''}`)].join('\n') };
  }
  return { lines: [], everything: '' };
}

describe('SMTP_URL', () => {
  it.each([
    { name: 'a # in the password', url: `smtp://u:${SECRET}#x@mail.example.org:587`, problem: 'is not a URL' },
    { name: 'a ? in the password', url: `smtp://u:${SECRET}?x@mail.example.org`, problem: 'is not a URL' },
    { name: 'a / in the password', url: `smtp://u:${SECRET}/x@mail.example.org`, problem: 'is not a URL' },
    {
      name: 'a / after digits: the password becomes a port and a path',
      url: 'smtp://u:2025/Zq7-secret@mail.example.org',
      problem: 'has a path, query or fragment after the host (an unencoded / ? or # in the password?)',
    },
    { name: 'a malformed %-escape in the password', url: `smtps://u:${SECRET}%zz@mail.example.org`, problem: 'has a malformed %-escape in the user name or password' },
    { name: 'a lone % in the password', url: `smtps://u:${SECRET}%@mail.example.org`, problem: 'has a malformed %-escape in the user name or password' },
    { name: 'a malformed %-escape in the user name', url: `smtps://${SECRET}%e0:p@mail.example.org`, problem: 'has a malformed %-escape in the user name or password' },
    { name: 'a path', url: `smtps://u:${SECRET}@mail.example.org/inbox`, problem: 'has a path, query or fragment after the host (an unencoded / ? or # in the password?)' },
    { name: 'a query', url: `smtps://u:${SECRET}@mail.example.org?tls=1`, problem: 'has a path, query or fragment after the host (an unencoded / ? or # in the password?)' },
    { name: 'a fragment', url: `smtps://u:${SECRET}@mail.example.org:465#x`, problem: 'has a path, query or fragment after the host (an unencoded / ? or # in the password?)' },
    { name: 'an empty host', url: `smtp:u:${SECRET}@`, problem: 'has no host' },
    { name: 'no scheme: the user name is not quoted as one', url: `${SECRET}:p@mail.example.org`, problem: 'does not start with smtp:// or smtps://' },
    { name: 'the password alone before @', url: `smtps://${SECRET}@mail.example.org`, problem: 'has a user name but no password' },
    { name: 'another scheme', url: `https://u:${SECRET}@mail.example.org`, problem: 'scheme "https:" is not smtp: or smtps:' },
  ])('$name: exit 2 with a hint, the secret never quoted', ({ url, problem }) => {
    const { lines, everything } = problemsOf({ SMTP_URL: url });
    expect(lines).toEqual([`SMTP_URL: ${problem}`]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('mail.example.org');
  });

  it('hints at percent-encoding', () => {
    const { everything } = problemsOf({ SMTP_URL: `smtp://u:${SECRET}%zz@mail.example.org` });
    expect(everything).toContain('must be percent-encoded: @ → %40, : → %3A, / → %2F, ? → %3F, # → %23, % → %25');
  });

  it.each([
    { name: 'percent-encoded # ? / % @ :', url: 'smtps://u%40example.org:a%23b%3Fc%2Fd%25e%40f%3Ag@mail.example.org', user: 'u@example.org', pass: 'a#b?c/d%e@f:g' },
    { name: 'an unencoded @ and : are read as meant', url: 'smtps://u:a@b:c@mail.example.org', user: 'u', pass: 'a@b:c' },
    { name: 'a trailing slash is no path', url: 'smtps://u:p@mail.example.org/', user: 'u', pass: 'p' },
  ])('$name', ({ url, user, pass }) => {
    expect(smtpConfigFromEnv({ SMTP_URL: url })).toMatchObject({ host: 'mail.example.org', port: 465, auth: { user, pass } });
  });
});

const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki', passphrase?: string): string =>
  key.export(passphrase === undefined ? { type, format: 'pem' } : { type, format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
// 1024 bits is the smallest key accepted, and quick to make.
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pkcs8 = pem(rsa.privateKey, 'pkcs8');
const pkcs1 = pem(rsa.privateKey, 'pkcs1');
const lines = pkcs8.trim().split('\n');
const keyFiles = new Map<string, string>([
  ['good.pem', pkcs8],
  ['pkcs1.pem', pkcs1],
  ['public.pem', pem(rsa.publicKey, 'spki')],
  ['encrypted.pem', pem(rsa.privateKey, 'pkcs8', SECRET)],
  ['encrypted-pkcs1.pem', pem(rsa.privateKey, 'pkcs1', SECRET)],
  ['corrupt.pem', [...lines.slice(0, 4), ...lines.slice(7)].join('\n')],
  ['ec.pem', pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, 'pkcs8')],
  ['ed25519.pem', pem(generateKeyPairSync('ed25519').privateKey, 'pkcs8')],
  ['small.pem', pem(generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey, 'pkcs8')],
  ['certificate.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
]);
const dkimEnv = (key: Env): Env => ({ SMTP_URL: 'smtp://127.0.0.1:2525', DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's1', ...key });

describe('DKIM key', () => {
  it.each([
    { name: 'PKCS#8 in a file', key: { DKIM_PRIVATE_KEY_FILE: 'good.pem' } },
    { name: 'PKCS#1 in a file', key: { DKIM_PRIVATE_KEY_FILE: 'pkcs1.pem' } },
    { name: 'in the variable, line breaks written as \\n', key: { DKIM_PRIVATE_KEY: pkcs8.replace(/\n/g, '\\n') } },
  ])('$name: loads and signs', ({ key }) => {
    expect(smtpConfigFromEnv(dkimEnv(key), { readFile: (f) => keyFiles.get(f) ?? '' }).dkim).toMatchObject({ domainName: 'example.org', keySelector: 's1' });
  });

  it.each([
    { name: 'not PEM', key: { DKIM_PRIVATE_KEY: SECRET }, problem: 'DKIM_PRIVATE_KEY: is not a PEM private key' },
    { name: 'a certificate', key: { DKIM_PRIVATE_KEY_FILE: 'certificate.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is not a PEM private key' },
    { name: 'a public key', key: { DKIM_PRIVATE_KEY_FILE: 'public.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is a public key' },
    { name: 'encrypted PKCS#8', key: { DKIM_PRIVATE_KEY_FILE: 'encrypted.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is encrypted with a passphrase' },
    { name: 'encrypted PKCS#1', key: { DKIM_PRIVATE_KEY_FILE: 'encrypted-pkcs1.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is encrypted with a passphrase' },
    { name: 'corrupt', key: { DKIM_PRIVATE_KEY_FILE: 'corrupt.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: cannot be read (corrupt or truncated)' },
    { name: 'corrupt, in the variable', key: { DKIM_PRIVATE_KEY: keyFiles.get('corrupt.pem') }, problem: 'DKIM_PRIVATE_KEY: cannot be read (corrupt or truncated)' },
    { name: 'an EC key', key: { DKIM_PRIVATE_KEY_FILE: 'ec.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is a ec key, and DKIM here signs rsa-sha256' },
    { name: 'an Ed25519 key', key: { DKIM_PRIVATE_KEY_FILE: 'ed25519.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is a ed25519 key, and DKIM here signs rsa-sha256' },
    { name: 'a 512-bit RSA key', key: { DKIM_PRIVATE_KEY_FILE: 'small.pem' }, problem: 'DKIM_PRIVATE_KEY_FILE: is an RSA key of 512 bits' },
    { name: 'both the variable and the file', key: { DKIM_PRIVATE_KEY: pkcs8, DKIM_PRIVATE_KEY_FILE: 'good.pem' }, problem: 'DKIM_PRIVATE_KEY: is set together with DKIM_PRIVATE_KEY_FILE' },
  ])('$name: exit 2 naming the variable, the key never quoted', ({ key, problem }) => {
    const { lines, everything } = problemsOf(dkimEnv(key));
    expect(lines).toEqual([problem]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toMatch(/[A-Za-z0-9+/]{40}/); // no line of any key
  });
});

describe('other settings', () => {
  it.each([
    { env: { SMTP_ENVELOPE_FROM: 'bounces@example.org, x@example.org' }, problem: 'SMTP_ENVELOPE_FROM: is not one email address' },
    { env: { SMTP_ENVELOPE_FROM: 'Bounces <bounces@example.org>' }, problem: 'SMTP_ENVELOPE_FROM: is not one email address' },
    { env: { SMTP_MAX_CONNECTIONS: '21' }, problem: 'SMTP_MAX_CONNECTIONS: is not a number from 1 to 20' },
  ])('$problem', ({ env, problem }) => {
    expect(problemsOf({ SMTP_URL: 'smtp://127.0.0.1:2525', ...env }).lines).toEqual([problem]);
  });

  it('reads SMTP_ENVELOPE_FROM', () => {
    expect(smtpConfigFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_ENVELOPE_FROM: 'bounces@example.org' }).envelopeFrom).toBe('bounces@example.org');
  });
});

describe('composeMessage with a key that cannot sign', () => {
  // nodemailer's signer passes such a message through unsigned; compose must refuse instead.
  it('refuses rather than return an unsigned message', async () => {
    const compose = composeMessage(makeLetter('fr'), [], { date: new Date(), dkim: { domainName: 'example.org', keySelector: 's1', privateKey: 'not a key' } });
    await expect(compose).rejects.toThrow(DkimSigningError);
    await expect(compose).rejects.toThrow(/DKIM signing failed/);
  });

  it('signs with a good key', async () => {
    const message = await composeMessage(makeLetter('fr'), [], { date: new Date(), dkim: { domainName: 'example.org', keySelector: 's1', privateKey: pkcs8 } });
    expect(Buffer.from(message.raw).toString('latin1')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/);
  });
});

describe('testAddressProblems', () => {
  it.each([
    { testTo: undefined, ok: true },
    { testTo: 'me@example.org', ok: true },
    { testTo: 'me+test@mail.example.org', ok: true },
    { testTo: '', ok: false },
    { testTo: 'me', ok: false },
    { testTo: 'me@', ok: false },
    { testTo: 'me@example', ok: false },
    { testTo: 'me@example.org, you@example.org', ok: false },
    { testTo: 'me@example.org;you@example.org', ok: false },
    { testTo: 'Me <me@example.org>', ok: false },
    { testTo: 'me@example.org\r\nBcc: you@example.org', ok: false },
    { testTo: 'me@example.org\u2028', ok: false },
  ])('$testTo', ({ testTo, ok }) => {
    expect(testAddressProblems(testTo)).toEqual(
      ok
        ? []
        : [{ severity: 'error', file: 'command line', line: undefined, field: '--test-to', message: 'is not one email address', hint: 'give exactly one address, e.g. --test-to me@example.org' }],
    );
  });
});
