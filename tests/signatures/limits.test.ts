// Issue 9 for signature files: the first bytes sniffed (not UTF-8, not gzip, CR-only), header names with invisible
// characters or twice, and the maximum line length, the same on every reader (fast, full csv-parse, parallel bytes).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { headerProblems } from '../../src/core/signatures/columns.js';
import { limitLineLength, MAX_LINE_CHARS, TOO_LONG_LINE } from '../../src/core/signatures/line-limit.js';
import { sniffSignatureBytes } from '../../src/core/signatures/sniff.js';
import { tallyFiles, type TallySourcesOptions } from '../../src/io/signatures/index.js';
import { HEADER, removeDir, tempDir } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('sniffSignatureBytes', () => {
  const bytes = (text: string, encoding: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(text, encoding));
  it.each([
    ['UTF-8', bytes('name,email\nA,a@example.org\n'), false, { ok: true, lineEnds: 'lf' }],
    ['UTF-8 with CRLF', bytes('name,email\r\nA,a@example.org\r\n'), false, { ok: true, lineEnds: 'lf' }],
    ['CR only', bytes('name,email\rA,a@example.org\r'), false, { ok: true, lineEnds: 'cr' }],
    ['one line ending in CR', bytes('name,email\r'), false, { ok: true, lineEnds: 'lf' }],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0]), true, { ok: true, lineEnds: 'lf' }],
    ['empty', new Uint8Array(), false, { ok: true, lineEnds: 'lf' }],
  ])('%s is read', (_, head, gz, expected) => expect(sniffSignatureBytes(head, gz)).toEqual(expected));

  it.each([
    ['UTF-16LE with a BOM', bytes('\ufeffname,email\n', 'utf16le'), false, 'is UTF-16 (little-endian, with a byte order mark) text, not UTF-8'],
    ['UTF-16BE with a BOM', new Uint8Array(Buffer.from('\ufeffname,email\n', 'utf16le').swap16()), false, 'is UTF-16 (big-endian, with a byte order mark) text, not UTF-8'],
    ['UTF-16LE without a BOM', bytes('name,email\n', 'utf16le'), false, 'is UTF-16 (little-endian) text, not UTF-8'],
    ['UTF-16BE without a BOM', new Uint8Array(Buffer.from('name,email\n', 'utf16le').swap16()), false, 'is UTF-16 (big-endian) text, not UTF-8'],
    ['a .gz that is plain text', bytes('name,email\n'), true, 'is named .gz but is not gzip-compressed'],
  ])('%s is refused', (_, head, gz, message) => expect(sniffSignatureBytes(head, gz)).toMatchObject({ ok: false, message }));
});

describe('headerProblems', () => {
  const mapping = { name: 'name', email: 'email', country: 'country' };
  it.each([
    ['a clean header', ['name', 'email', 'country'], []],
    ['a BOM inside the header', ['name', '\ufeffemail', 'country'], ['warning s.csv:1:2: header: column 2 has invisible characters (U+FEFF); read as "email"']],
    [
      'a zero-width space and an NBSP',
      ['name\u200b', 'email', 'country\u00a0'],
      ['warning s.csv:1:1: header: column 1 has invisible characters (U+200B); read as "name"', 'warning s.csv:1:3: header: column 3 has invisible characters (U+00A0); read as "country"'],
    ],
    ['a used name twice', ['name', 'email', 'country', 'Email '], ['error s.csv:1:4: columns.email: column "email" appears 2 times in the header (columns 2, 4)']],
    ['an unused name twice', ['name', 'email', 'country', 'notes', 'notes'], ['warning s.csv:1:5: header: column "notes" appears 2 times in the header (columns 4, 5); it is not used']],
    [
      'a used name twice, once behind a zero-width space',
      ['name', 'email', '\u200bname'],
      ['warning s.csv:1:3: header: column 3 has invisible characters (U+200B); read as "name"', 'error s.csv:1:3: columns.name: column "name" appears 2 times in the header (columns 1, 3)'],
    ],
  ])('%s', (_, header, expected) => {
    expect(headerProblems(header, mapping, 's.csv').map((p) => `${p.severity} ${formatProblem(p).replace(/ \([^()]*\)$/, '')}`)).toEqual(expected);
  });
});

describe('limitLineLength', () => {
  async function* from(chunks: string[]) {
    yield* chunks;
  }
  const read = async (chunks: string[], max: number) => {
    let text = '';
    for await (const part of limitLineLength(from(chunks), max)) text += part;
    return text;
  };
  it.each([
    ['short lines pass', ['ab\ncd\n'], 'ab\ncd\n'],
    ['a line of exactly the maximum passes', ['abcd\n'], 'abcd\n'],
    ['its CRLF is not counted', ['abcd\r\n'], 'abcd\r\n'],
    ['a CR split from its LF is not counted', ['abcd\r', '\nx\n'], 'abcd\r\nx\n'],
    ['one more is too long', ['abcde\nx\n'], `${TOO_LONG_LINE}\nx\n`],
    ['too long across chunks, dropped as read', ['ab', 'cd', 'ef', 'gh\nx'], `${TOO_LONG_LINE}\nx`],
    ['a last line without a newline', ['x\nabcdefgh'], `x\n${TOO_LONG_LINE}`],
    ['empty lines kept', ['\n\nab\n'], '\n\nab\n'],
  ])('%s', async (_, chunks, expected) => expect(await read(chunks, 4)).toBe(expected));
});

describe('the maximum line length, on every reader', () => {
  const row = (i: number) => `Signer ${i},s${i}@example.org,KH,,2017-10-23,\n`;
  // The length is in the comment: a name that long is refused on its own (too-long), whatever the line's length.
  const padded = (length: number, email: string, end = '\n') => {
    const start = `Long Line,${email},FR,,2017-10-23,`;
    return `${start}${'c'.repeat(length - start.length)}${end}`;
  };
  const text =
    `${HEADER}\n` +
    Array.from({ length: 3000 }, (_, i) => row(i)).join('') +
    padded(MAX_LINE_CHARS, 'fits@example.org', '\r\n') +
    padded(MAX_LINE_CHARS + 1, 'over@example.org') +
    `"Quoted ${'q'.repeat(MAX_LINE_CHARS)}",quoted@example.org,FR,,,\n` +
    Array.from({ length: 3000 }, (_, i) => row(i + 3000)).join('') +
    padded(MAX_LINE_CHARS * 3, 'last@example.org', '');

  let runs = 0;
  async function run(opts: TallySourcesOptions) {
    const file = join(dir, 'long.csv');
    await writeFile(file, text);
    const rejectsPath = join(dir, `rejects-${++runs}.csv`);
    const { tally, problems } = await tallyFiles([file], { ...opts, rejectsPath });
    return { tally, problems, rejectsCsv: (await readFile(rejectsPath, 'utf8')).replaceAll(file, 'long.csv') };
  }

  it('rejects each line over the limit as line-too-long and agrees on fast, full and parallel paths', async () => {
    const fast = await run({ workers: 1 });
    expect(fast.tally).toMatchObject({ rows: 6004, valid: 6001, invalidByReason: { 'line-too-long': 3 } });
    expect(
      fast.rejectsCsv
        .split('\n')
        .filter((l) => l.includes('line-too-long'))
        .map((l) => l.split(',')[1]),
    ).toEqual(['3003', '3004', '6005']);
    expect(await run({ parser: 'full' })).toEqual(fast);
    expect(await run({ workers: 3, minParallelBytes: 0 })).toEqual(fast);
    expect(await run({ workers: 2, minParallelBytes: 0, chunkBytes: 4096 })).toEqual(fast);
  });
});
