// A damaged ledger is never read as a shorter one: every damaged line is an InputError, and nothing is decided from
// the rest. Real files in a temp folder, removed afterwards.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../src/core/delivery/ledger.js';
import { formatProblem, InputError } from '../../src/core/errors.js';
import { LedgerJournal, readLedgerFile, readLedgerState } from '../../src/io/ledger/journal.js';
import { recoverLedger } from '../../src/io/ledger/recover.js';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});
async function archiveWith(ledger: string | Uint8Array | undefined): Promise<string> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'petition-ledger-'));
  folders.push(out);
  if (ledger !== undefined) await fs.writeFile(path.join(out, 'ledger.jsonl'), ledger);
  return out;
}

const rec = (letter: string, event: LedgerRecord['event']): LedgerRecord => ({ v: 1, at: '2026-10-23T01:00:00.000Z', letter, event, contentHash: 'h' });
const a = JSON.stringify(rec('p/a/en', 'sending'));
const b = JSON.stringify(rec('p/a/en', 'sent'));
const zeros = (n: number): string => '\0'.repeat(n);
const HINT = '(nothing was sent; run `petition ledger check --out archive`, then `petition ledger recover --out archive`)';

async function problemsOf(out: string): Promise<string[]> {
  const error = await readLedgerFile(out, { shownAs: 'archive' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).problems.map(formatProblem);
}

describe('readLedgerFile on a damaged ledger', () => {
  it.each<[string, string, string[]]>([
    ['a NUL-filled middle line', `${a}\n${zeros(90)}\n${b}\n`, [`archive/ledger.jsonl:2: NUL bytes (zeroed by a crash or power cut?) ${HINT}`]],
    ['a NUL-filled tail', `${a}\n${b}\n${zeros(4096)}`, [`archive/ledger.jsonl:3: NUL bytes (zeroed by a crash or power cut?) ${HINT}`]],
    ['a whole zeroed ledger', zeros(8192), [`archive/ledger.jsonl:1: NUL bytes (zeroed by a crash or power cut?) ${HINT}`]],
    [
      'garbage lines',
      `${a}\nnot a record\n${b}\n%%%\n`,
      [`archive/ledger.jsonl:2: not valid JSON (an interrupted write?) ${HINT}`, `archive/ledger.jsonl:4: not valid JSON (an interrupted write?) ${HINT}`],
    ],
    [
      'a wrong shape',
      `${a}\n${JSON.stringify({ ...rec('p/b/en', 'sent'), v: 2 })}\n${JSON.stringify({ ...rec('p/c/en', 'sent'), at: 'yesterday' })}\n`,
      [`archive/ledger.jsonl:2: v: is 2, not 1 ${HINT}`, `archive/ledger.jsonl:3: at: is not an ISO time ${HINT}`],
    ],
  ])('%s: an InputError naming each damaged line', async (_name, text, expected) => {
    const out = await archiveWith(text);
    expect(await problemsOf(out)).toEqual(expected);
    await expect(readLedgerState(out)).rejects.toBeInstanceOf(InputError);
  });

  it('names the ledger relative to the archive folder when not told how the user wrote it', async () => {
    const out = await archiveWith(zeros(10));
    const error = (await readLedgerFile(out).catch((e: unknown) => e)) as InputError;
    expect(error.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['ledger.jsonl:1']);
    expect(error.problems[0]?.hint).toContain('--out <dir>');
  });

  it('is damaged when missing beside an archive that shows messages were prepared', async () => {
    const out = await archiveWith(undefined);
    await fs.mkdir(path.join(out, 'mail', 'p'), { recursive: true });
    await fs.writeFile(path.join(out, 'mail', 'p', 'a.en.eml'), 'Subject: x\r\n\r\nx\r\n');
    expect(await problemsOf(out)).toEqual([`archive/ledger.jsonl: is missing, but the archive shows 1 letter(s) sent or prepared (manifest.json, mail/) ${HINT}`]);
  });

  it('a journal does not open on a damaged tail, and writes nothing to it', async () => {
    const text = `${a}\n${zeros(100)}`;
    const out = await archiveWith(text);
    await expect(LedgerJournal.open(out)).rejects.toBeInstanceOf(InputError);
    expect(await fs.readFile(path.join(out, 'ledger.jsonl'), 'utf8')).toBe(text);
  });
});

describe('LedgerJournal.open', () => {
  it('after a whole last record whose newline was cut off, starts on a fresh line with no torn-line note', async () => {
    const out = await archiveWith(`${a}\n${b}`);
    const journal = await LedgerJournal.open(out);
    await journal.append(rec('p/b/en', 'queued'));
    await journal.close();
    expect(await fs.readFile(path.join(out, 'ledger.jsonl'), 'utf8')).toBe(`${a}\n${b}\n${JSON.stringify(rec('p/b/en', 'queued'))}\n`);
    expect(await readLedgerFile(out)).toEqual({ records: [rec('p/a/en', 'sending'), rec('p/a/en', 'sent'), rec('p/b/en', 'queued')], warnings: [] });
  });
});

describe('recoverLedger', () => {
  it('changes nothing when the ledger is readable, even with a torn last line', async () => {
    const text = `${a}\n${b}\n{"v":1,"at":"2026`;
    const out = await archiveWith(text);
    expect(await recoverLedger(out)).toMatchObject({ changed: false, kept: 2, recovered: [] });
    expect(await fs.readdir(out)).toEqual(['ledger.jsonl']);
    expect(await fs.readFile(path.join(out, 'ledger.jsonl'), 'utf8')).toBe(text);
  });

  it('sets the damaged ledger aside byte for byte and writes the readable records', async () => {
    const text = `${a}\n${zeros(50)}\n${b}\n`;
    const out = await archiveWith(text);
    const result = await recoverLedger(out, new Date('2026-10-24T08:09:10.123Z'));
    expect(result).toMatchObject({ changed: true, missing: false, kept: 2, movedTo: 'ledger.jsonl.damaged-20261024T080910Z' });
    expect(await fs.readFile(path.join(out, 'ledger.jsonl.damaged-20261024T080910Z'), 'utf8')).toBe(text);
    expect(await fs.readFile(path.join(out, 'ledger.jsonl'), 'utf8')).toBe(`${a}\n${b}\n`);
    expect((await fs.readdir(out)).sort()).toEqual(['ledger.jsonl', 'ledger.jsonl.damaged-20261024T080910Z']);

    // A second damage the same second gets its own name: nothing is ever overwritten.
    await fs.appendFile(path.join(out, 'ledger.jsonl'), `${zeros(5)}\n`);
    expect((await recoverLedger(out, new Date('2026-10-24T08:09:10.500Z'))).movedTo).toBe('ledger.jsonl.damaged-20261024T080910Z-2');
    expect(await fs.readFile(path.join(out, 'ledger.jsonl.damaged-20261024T080910Z'), 'utf8')).toBe(text);
  });
});
