import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, InputError } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/io/archive/atomic.js';
import { writeManifest } from '../../src/io/archive/manifest.js';
import { archiveFile, ensureArchiveDir, prepareArchiveFiles } from '../../src/io/archive/safe-path.js';
import { LedgerJournal } from '../../src/io/ledger/journal.js';

const HINT = '(the archive never writes through symbolic links; remove it or choose another --out)';

let root: string;
let out: string;
/** Where the links point: nothing may ever be written here. */
let elsewhere: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'petition-safe-path-'));
  out = join(root, 'archive');
  elsewhere = join(root, 'elsewhere');
  mkdirSync(out);
  mkdirSync(elsewhere);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The one problem of the InputError `action` throws, formatted. */
async function refusal(action: () => Promise<unknown>): Promise<string> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const problems = (error as InputError).problems;
  expect(problems).toHaveLength(1);
  return formatProblem(problems[0]!);
}

describe('ensureArchiveDir and archiveFile', () => {
  it('make the folders below the archive', async () => {
    const file = await archiveFile(out, 'letters/p/a.en.pdf');
    expect(file).toBe(join(out, 'letters', 'p', 'a.en.pdf'));
    expect(lstatSync(join(out, 'letters', 'p')).isDirectory()).toBe(true);
  });

  it('follow the archive folder itself when it is a link the user chose', async () => {
    const chosen = join(root, 'chosen');
    symlinkSync(elsewhere, chosen);
    await ensureArchiveDir(chosen, 'letters/p');
    expect(lstatSync(join(elsewhere, 'letters', 'p')).isDirectory()).toBe(true);
  });

  it.each([
    ['a folder', 'letters', 'letters/p/a.en.pdf', 'letters'],
    ['a folder further down', 'letters/p', 'letters/p/a.en.pdf', 'letters/p'],
    ['the file itself', 'letters/p/a.en.pdf', 'letters/p/a.en.pdf', 'letters/p/a.en.pdf'],
  ])('refuse a link at %s, naming it relative to the archive', async (_what, link, target, named) => {
    mkdirSync(join(out, link, '..'), { recursive: true });
    symlinkSync(elsewhere, join(out, link));
    expect(await refusal(() => archiveFile(out, target))).toBe(`${named}: is a symbolic link inside the archive folder ${HINT}`);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuse a dangling link too', async () => {
    symlinkSync(join(elsewhere, 'gone'), join(out, 'annex'));
    expect(await refusal(() => archiveFile(out, 'annex/p.annex.pdf'))).toMatch(/^annex: is a symbolic link/);
    expect(existsSync(join(elsewhere, 'gone'))).toBe(false);
  });

  it('refuse a file where a folder must be', async () => {
    writeFileSync(join(out, 'letters'), 'not a folder');
    expect(await refusal(() => ensureArchiveDir(out, 'letters/p'))).toBe('letters: is a file where the archive needs a folder (move it away or choose another --out)');
  });

  it('prepareArchiveFiles refuses before making any folder of a later file', async () => {
    symlinkSync(elsewhere, join(out, 'annex'));
    await expect(prepareArchiveFiles(out, ['annex/p.annex.pdf', 'letters/p/a.en.pdf'])).rejects.toBeInstanceOf(InputError);
    expect(existsSync(join(out, 'letters'))).toBe(false);
  });
});

describe('writers refuse links', () => {
  it('the ledger: LedgerJournal.open refuses a ledger.jsonl that is a link', async () => {
    const target = join(elsewhere, 'ledger.jsonl');
    writeFileSync(target, '');
    symlinkSync(target, join(out, 'ledger.jsonl'));
    expect(await refusal(() => LedgerJournal.open(out))).toBe(`ledger.jsonl: is a symbolic link inside the archive folder ${HINT}`);
    expect(readFileSync(target, 'utf8')).toBe('');
  });

  it('the ledger: a real file opens and appends', async () => {
    const journal = await LedgerJournal.open(out);
    await journal.append({ v: 1, at: '2024-10-23T00:00:00.000Z', letter: 'p/a/en', event: 'queued', contentHash: 'h', run: 'r' });
    await journal.close();
    expect(readFileSync(join(out, 'ledger.jsonl'), 'utf8')).toContain('"event":"queued"');
  });

  it('the manifest: writeManifest refuses a manifest.json that is a link and writes nothing there', async () => {
    const target = join(elsewhere, 'manifest.json');
    writeFileSync(target, 'theirs');
    symlinkSync(target, join(out, 'manifest.json'));
    const manifest = { version: 2 as const, generated_at: '2024-10-23T00:00:00.000Z', petitions: [], letters: [] };
    expect(await refusal(() => writeManifest(out, manifest))).toBe(`manifest.json: is a symbolic link inside the archive folder ${HINT}`);
    expect(readFileSync(target, 'utf8')).toBe('theirs');
    expect(readdirSync(out)).toEqual(['manifest.json']); // no temporary file left behind
  });

  it('writeFileAtomic with the archive refuses a linked folder on the way (mail/<petition>)', async () => {
    mkdirSync(join(out, 'mail'));
    symlinkSync(elsewhere, join(out, 'mail', 'p'));
    expect(await refusal(() => writeFileAtomic(join(out, 'mail', 'p', 'a.en.eml'), 'raw', { archive: out }))).toMatch(/^mail\/p: is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('writeFileAtomic without the archive still refuses when the file itself is a link', async () => {
    const target = join(elsewhere, 'a.en.eml');
    writeFileSync(target, 'theirs');
    mkdirSync(join(out, 'mail', 'p'), { recursive: true });
    symlinkSync(target, join(out, 'mail', 'p', 'a.en.eml'));
    await expect(writeFileAtomic(join(out, 'mail', 'p', 'a.en.eml'), 'raw', { dirExists: true })).rejects.toBeInstanceOf(InputError);
    expect(readFileSync(target, 'utf8')).toBe('theirs');
  });

  it('writeFileAtomic replaces a real file whole', async () => {
    await writeFileAtomic(join(out, 'manifest.json'), 'one', { archive: out });
    await writeFileAtomic(join(out, 'manifest.json'), 'two', { archive: out });
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('two');
    expect(readdirSync(out)).toEqual(['manifest.json']);
  });
});
