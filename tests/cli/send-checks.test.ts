// `petition send` checks its options and SMTP settings before it loads or renders anything: the built binary, a real
// project folder, no server needed (nothing may connect).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { petitionAsync } from '../support/cli.js';
import { makeProject, petitionMd } from '../support/fixtures.js';

const PASSWORD = 'Hq4-never-printed';
// Loopback, no TLS needed; port 9 (discard) is never reached because the checks come first.
const GOOD_URL = 'smtp://127.0.0.1:9';

describe('petition send: up-front checks', () => {
  const dirs: string[] = [];
  const project = (overrides: Record<string, string | null> = {}): string => {
    const dir = makeProject(overrides);
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'two addresses', testTo: 'me@example.org, you@example.org' },
    { name: 'a header on a second line', testTo: 'me@example.org\nBcc: you@example.org' },
  ])('--test-to with $name: exit 2 naming the option, before anything is rendered', async ({ testTo }) => {
    const dir = project();
    const r = await petitionAsync(['send', '--yes', '--test-to', testTo], dir, { SMTP_URL: GOOD_URL });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('command line: --test-to: is not one email address (give exactly one address, e.g. --test-to me@example.org)');
    expect(existsSync(join(dir, 'archive'))).toBe(false); // no PDFs, no ledger
  });

  it('a malformed %-escape in SMTP_URL: exit 2 with a hint, the password never printed', async () => {
    const dir = project();
    const r = await petitionAsync(['send', '--yes'], dir, { SMTP_URL: `smtps://organizer:${PASSWORD}%zz@mail.example.org` });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('environment: SMTP_URL: has a malformed %-escape in the user name or password (a user name or password with @ : / ? # % must be percent-encoded');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it('an unencoded # in the password: exit 2, never echoed', async () => {
    const dir = project();
    const r = await petitionAsync(['send', '--yes'], dir, { SMTP_URL: `smtp://organizer:${PASSWORD}#1@mail.example.org:587` });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('environment: SMTP_URL: is not a URL (');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it('reports a bad --test-to and an unusable DKIM key at once, before loading the petitions', async () => {
    // The petition is broken too: that problem would be found only by loading it, which must not happen yet.
    const dir = project({ 'petitions/test/petition.md': petitionMd.replace(/^title: .*$/m, 'title: 42\nunknown_field: x') });
    const keyFile = join(dir, 'public.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const r = await petitionAsync(['send', '--yes', '--test-to', 'nobody'], dir, {
      SMTP_URL: GOOD_URL,
      DKIM_DOMAIN: 'example.org',
      DKIM_SELECTOR: 's1',
      DKIM_PRIVATE_KEY_FILE: keyFile,
    });
    expect(r.code, r.stderr).toBe(2);
    const problems = r.stderr.split('\n').filter((line) => /^error: (command line|environment):/.test(line));
    expect(problems).toEqual([
      'error: command line: --test-to: is not one email address (give exactly one address, e.g. --test-to me@example.org)',
      'error: environment: DKIM_PRIVATE_KEY_FILE: is a public key (DKIM signs with the private key; the public key goes in DNS)',
    ]);
    expect(r.stderr).not.toContain('petition.md');
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it.each([
    { value: 'bounces@example.org', problem: 'SMTP_RETURN_PATH: must contain {token} exactly once' },
    { value: 'bounces+{token}', problem: 'SMTP_RETURN_PATH: is not an email address once {token} is filled in' },
    { value: 'bounces@{token}.example.org', problem: 'SMTP_RETURN_PATH: must have {token} before the @' },
  ])('SMTP_RETURN_PATH=$value: exit 2 naming the variable, with a hint, before anything is rendered', async ({ value, problem }) => {
    const dir = project();
    const r = await petitionAsync(['send', '--yes'], dir, { SMTP_URL: GOOD_URL, SMTP_RETURN_PATH: value });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: environment: ${problem} (an address with {token} once in its local part, e.g. bounces+{token}@example.org)`);
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it('SMTP_RETURN_PATH with SMTP_ENVELOPE_FROM: exit 2, set only one', async () => {
    const dir = project();
    const r = await petitionAsync(['send', '--yes'], dir, { SMTP_URL: GOOD_URL, SMTP_RETURN_PATH: 'bounces+{token}@example.org', SMTP_ENVELOPE_FROM: 'relay@example.org' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: environment: SMTP_RETURN_PATH: is set together with SMTP_ENVELOPE_FROM (set only one of them');
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });
});
