// `petition ledger check|recover`, and every command that reads the ledger, on damaged ledgers: the built binary,
// real archive folders (removed afterwards), a real SMTP server on loopback.
import { promises as fs, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { makeProject, checkedToday, rosterYaml } from '../support/fixtures.js';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});
const track = (dir: string): string => (folders.push(dir), dir);

const AT = '2026-10-23T01:00:00.000Z';
const rec = (letter: string, event: string, extra: object = {}): string => JSON.stringify({ v: 1, at: AT, letter, event, contentHash: `hash-${letter.split('/')[1]}`, ...extra });
const NUL_LINE = '\0'.repeat(120);

/** An archive as the runner leaves it: a manifest with files and delivery facts, .eml files in mail/. */
async function archiveFolder(ledger: string): Promise<string> {
  const dir = track(mkdtempSync(join(tmpdir(), 'petition-ledger-cli-')));
  const out = join(dir, 'archive');
  await fs.mkdir(join(out, 'mail', 'p'), { recursive: true });
  await fs.writeFile(join(out, 'ledger.jsonl'), ledger);
  const entry = (addressee: string, files: { path: string; kind: string }[], delivery?: object) => ({
    id: `p/${addressee}/en`,
    petition: 'p',
    addressee,
    name: addressee,
    language: 'en',
    channel: 'email',
    subject: 'S',
    contentHash: `hash-${addressee}`,
    files: files.map((f) => ({ ...f, sha256: '0'.repeat(64) })),
    signatures: {},
    ...(delivery ? { delivery } : {}),
  });
  const eml = (addressee: string) => ({ path: `mail/p/${addressee}.en.eml`, kind: 'eml' });
  // Version 1, camelCase letter fields, as earlier releases wrote it: recovery reads their manifests too.
  const manifest = {
    version: 1,
    generated_at: AT,
    petitions: [{ slug: 'p' }],
    letters: [
      // a: sent, the proof of it only in the manifest.
      entry('a', [{ path: 'letters/p/a.en.pdf', kind: 'letter-pdf' }, eml('a')], { status: 'sent', messageId: '<a@example.org>', response: '250 ok', at: '2026-10-23T01:00:05.000Z', attempts: 1 }),
      // b: its message was written out; the manifest was not updated since.
      entry('b', [{ path: 'letters/p/b.en.pdf', kind: 'letter-pdf' }, eml('b')], { status: 'queued', at: AT, attempts: 0 }),
      // e: rendered, never handed over (no .eml).
      entry('e', [{ path: 'letters/p/e.en.pdf', kind: 'letter-pdf' }]),
    ],
  };
  await fs.writeFile(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // c has an .eml and no manifest entry: its letter comes from the path.
  // Each message as composed, dated when it was composed; d's went out before its recorded send.
  const composed: Record<string, string> = { a: 'Fri, 23 Oct 2026 01:00:02 +0000', b: 'Fri, 23 Oct 2026 08:00:03 +0700', c: 'Fri, 23 Oct 2026 01:00:04 +0000', d: 'Fri, 23 Oct 2026 00:59:59 +0000' };
  for (const [addressee, date] of Object.entries(composed))
    await fs.writeFile(join(out, 'mail', 'p', `${addressee}.en.eml`), `Date: ${date}\r\nX-Petition-Letter: p/${addressee}/en\r\nSubject: S\r\n\r\nx\r\n`);
  return dir;
}

const readable = [
  rec('p/d/en', 'queued'),
  rec('p/d/en', 'sending'),
  rec('p/d/en', 'sent', { messageId: '<d@example.org>' }),
  rec('p/a/en', 'queued'),
  rec('p/b/en', 'queued'),
  rec('p/e/en', 'queued'),
];
const damaged = `${readable.slice(0, 3).join('\n')}\n${NUL_LINE}\n${readable.slice(3).join('\n')}\n{"v":1,"at":"someday","letter":"p/a/en","event":"sent","contentHash":"hash-a"}\n{"v":1,"at":"2026-10-23T01:00:06`;
const HINT = '(nothing was sent; run `petition ledger check --out archive`, then `petition ledger recover --out archive`)';

describe('petition ledger check', () => {
  it('lists every damaged line and a summary, exit 2', async () => {
    const dir = await archiveFolder(damaged);
    const r = petition(['ledger', 'check'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: archive/ledger.jsonl:4: NUL bytes (zeroed by a crash or power cut?) ${HINT}`,
      `error: archive/ledger.jsonl:8: at: is not an ISO time ${HINT}`,
    ]);
    expect(r.stdout.trim().split('\n')).toEqual([
      'archive/ledger.jsonl: 6 record(s) about 4 letter(s): 1 sent, 3 queued',
      'torn last line 9: an interrupted write, ignored',
      'damaged: 2 problem(s); send and status stop until `petition ledger recover --out archive`',
    ]);
  });

  it('prints one JSON object with --json, and exits 0 on a readable ledger', async () => {
    const dir = await archiveFolder(damaged);
    const json = petition(['-C', dir, 'ledger', 'check', '--json'], tmpdir());
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      version: 1,
      ledger: 'archive/ledger.jsonl',
      exists: true,
      clean: false,
      records: 6,
      letters: { total: 4, sent: 1, failed: 0, unknown: 0, queued: 3 },
      torn_last_line: 9,
      closed_torn_lines: [],
      problems: [
        { line: 4, field: null, message: 'NUL bytes (zeroed by a crash or power cut?)' },
        { line: 8, field: 'at', message: 'is not an ISO time' },
      ],
    });
    await fs.writeFile(join(dir, 'archive', 'ledger.jsonl'), `${readable.join('\n')}\n`);
    const clean = petition(['ledger', 'check', '--out', 'archive'], dir);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toBe('archive/ledger.jsonl: 6 record(s) about 4 letter(s): 1 sent, 3 queued\nok: the ledger can be trusted\n');
  });

  it('status stops on a damaged ledger with exit 2, naming the lines', async () => {
    const dir = await archiveFolder(`${readable.join('\n')}\n${NUL_LINE}`);
    const r = petition(['status', '--json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: archive/ledger.jsonl:7: NUL bytes (zeroed by a crash or power cut?) ${HINT}`);
  });

  it('a missing ledger is fine in an empty archive, and damage beside archived messages', async () => {
    const dir = await archiveFolder('');
    await fs.rm(join(dir, 'archive', 'mail'), { recursive: true });
    await fs.rm(join(dir, 'archive', 'manifest.json'));
    await fs.rm(join(dir, 'archive', 'ledger.jsonl'));
    const empty = petition(['ledger', 'check'], dir);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('archive/ledger.jsonl: no ledger\nok: nothing has been sent from this archive\n');

    const withMail = await archiveFolder('');
    await fs.rm(join(withMail, 'archive', 'ledger.jsonl'));
    const missing = `error: archive/ledger.jsonl: is missing, but the archive shows 4 letter(s) sent or prepared (manifest.json, mail/) ${HINT}`;
    const check = petition(['ledger', 'check'], withMail);
    expect(check.code).toBe(2);
    expect(check.stderr.trim()).toBe(missing);
    const status = petition(['status'], withMail);
    expect(status.code).toBe(2);
    expect(status.stderr.split('\n')[0]).toBe(missing);
    const recovered = petition(['ledger', 'recover', '--json'], withMail);
    expect(JSON.parse(recovered.stdout)).toMatchObject({ changed: true, missing: true, moved_to: null, kept_records: 0 });
    expect(
      (await fs.readFile(join(withMail, 'archive', 'ledger.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => `${(JSON.parse(l) as { event: string }).event} ${(JSON.parse(l) as { letter: string }).letter}`),
    ).toEqual(['sent p/a/en', 'unknown p/b/en', 'unknown p/c/en', 'unknown p/d/en']);
  });

  it('without a subcommand shows the help and exits 2', () => {
    const r = petition(['ledger'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/check \[options\][\s\S]*recover \[options\]/);
  });
});

describe('petition ledger recover', () => {
  it('sets the damaged ledger aside and rebuilds it from the readable records and what the archive proves', async () => {
    const dir = await archiveFolder(damaged);
    const r = petition(['ledger', 'recover', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { moved_to: string; recovered: unknown[] };
    expect(result).toMatchObject({ ledger: 'archive/ledger.jsonl', changed: true, missing: false, kept_records: 6, damaged_lines: [{ line: 4 }, { line: 8 }] });
    expect(result.moved_to).toMatch(/^ledger\.jsonl\.damaged-\d{8}T\d{6}Z$/);
    expect(await fs.readFile(join(dir, 'archive', result.moved_to), 'utf8')).toBe(damaged);

    const lines = (await fs.readFile(join(dir, 'archive', 'ledger.jsonl'), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, 6)).toEqual(readable);
    expect(lines.slice(6).map((l): unknown => JSON.parse(l))).toEqual([
      {
        v: 1,
        at: '2026-10-23T01:00:05.000Z',
        letter: 'p/a/en',
        contentHash: 'hash-a',
        event: 'sent',
        messageId: '<a@example.org>',
        response: '250 ok',
        reason: 'recovered from manifest.json',
        recovered: 'manifest.json',
      },
      {
        v: 1,
        at: '2026-10-23T01:00:03.000Z',
        letter: 'p/b/en',
        contentHash: 'hash-b',
        event: 'unknown',
        reason: 'recovered: a message was prepared (mail/p/b.en.eml); it may have been sent',
        recovered: 'mail/p/b.en.eml',
      },
      {
        v: 1,
        at: '2026-10-23T01:00:04.000Z',
        letter: 'p/c/en',
        contentHash: 'unknown',
        event: 'unknown',
        reason: 'recovered: a message was prepared (mail/p/c.en.eml); it may have been sent',
        recovered: 'mail/p/c.en.eml',
      },
    ]);

    const status = petition(['status', '--json'], dir);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string }[] }).letters;
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({ 'p/a/en': 'sent', 'p/b/en': 'unknown', 'p/c/en': 'unknown', 'p/d/en': 'sent', 'p/e/en': 'queued' });

    const again = petition(['ledger', 'recover'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('nothing to recover: archive/ledger.jsonl is readable (9 record(s)); nothing was changed\n');
    expect((await fs.readdir(join(dir, 'archive'))).filter((f) => f.startsWith('ledger.jsonl')).length).toBe(2);
  });

  it('prints what it recovered', async () => {
    const dir = await archiveFolder(damaged);
    const r = petition(['ledger', 'recover'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^set the damaged ledger aside as archive\/ledger\.jsonl\.damaged-\d{8}T\d{6}Z \(damaged line\(s\): 4, 8\)$/);
    expect(lines.slice(1).map((l) => l.trimEnd())).toEqual([
      'wrote archive/ledger.jsonl: 6 readable record(s) kept, 3 recovered from the archive',
      'event    letter  proven by        message-id',
      'sent     p/a/en  manifest.json    <a@example.org>',
      'unknown  p/b/en  mail/p/b.en.eml',
      'unknown  p/c/en  mail/p/c.en.eml',
      '2 letter(s) may have been sent: `petition send` reports them and resends them only with --retry-unknown',
    ]);
  });
});

describe('petition send on a damaged ledger', () => {
  let server: TestServer;
  const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${server.port}` });

  it('a zeroed ledger stops send with exit 2 and nothing sent; after recover nobody gets a second letter', async () => {
    const dir = track(makeProject({ 'recipients/test-roster.yaml': roster }));
    await approveAllAsync(dir);
    const first = await petitionAsync(['send', '--yes'], dir, env());
    expect(first.code, first.stderr).toBe(0);
    expect(server.received).toHaveLength(2);
    const ledger = join(dir, 'archive', 'ledger.jsonl');
    // A power cut: the file keeps its size, its blocks read back as zeros. The manifest lost the minister's facts.
    await fs.writeFile(ledger, Buffer.alloc((await fs.stat(ledger)).size));
    const manifestFile = join(dir, 'archive', 'manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as { letters: { id: string; delivery?: unknown }[] };
    for (const l of manifest.letters) if (l.id === 'test/fr-minister/en') delete l.delivery;
    await fs.writeFile(manifestFile, JSON.stringify(manifest));

    const blocked = await petitionAsync(['send', '--yes'], dir, env());
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain(`ledger.jsonl:1: NUL bytes (zeroed by a crash or power cut?)`);
    expect(server.received).toHaveLength(2);

    const recovered = petition(['ledger', 'recover', '--json'], dir);
    expect(recovered.code, recovered.stderr).toBe(0);
    const events = (JSON.parse(recovered.stdout) as { recovered: { letter: string; event: string }[] }).recovered;
    expect(events.map((e) => `${e.event} ${e.letter}`)).toEqual(['sent test/un-sg/en', 'unknown test/fr-minister/en']);

    const after = await petitionAsync(['send', '--yes'], dir, env());
    expect(after.code).toBe(1); // an unknown letter is reported, not resent
    expect(after.stdout).toMatch(/test\/fr-minister\/en\s+.*unknown/);
    expect(server.received).toHaveLength(2);
  }, 60_000);
});
