// The scanners read CSV themselves only because they read it as csv-parse does. Random text made of the characters
// that matter (delimiter, quote, CR, LF, space, letters) is read both ways, in chunks cut at every position: the
// same records, on the same lines, and the same syntax error. The scanners also read every well-formed file (quoted
// fields holding CR, LF, CRLF, doubled quotes; CRLF lines; no final line end) without handing any of it over.
import { describe, expect, it } from 'vitest';
import { RecordFields, splitRecord, HAND_OFF } from '../../src/core/signatures/csv-record.js';
import { readRecords, type ParserMode } from '../../src/io/signatures/records.js';
import { random } from './fixtures.js';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function read(text: string, mode: ParserMode, chunk: number, delimiter = ',') {
  const records: [number, string[]][] = [];
  const error = await readRecords(
    chunked(text, chunk),
    delimiter,
    mode,
    (fields, line) => void records.push([line, [...fields]]),
    async () => {},
  );
  return { records, error };
}

/** Text of `length` characters drawn from `alphabet`, weighted towards the characters that matter. */
function noise(next: () => number, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(next() * alphabet.length));
  return out;
}

/** A well-formed CSV record as a writer makes it: fields quoted when they must be, quotes doubled. */
function writtenRecord(next: () => number, fields: number): string {
  const cells = [];
  for (let i = 0; i < fields; i++) {
    const cell = noise(next, Math.floor(next() * 6), 'ab ,"\r\n\n');
    cells.push(/[",\r\n]/.test(cell) || (cell === '' && next() < 0.2) || next() < 0.2 ? `"${cell.replaceAll('"', '""')}"` : cell);
  }
  return cells.join(',');
}

describe('text reader ≡ csv-parse on random text', () => {
  it('noise of delimiters, quotes, CR and LF, every chunk size', async () => {
    const next = random(4180);
    for (let round = 0; round < 400; round++) {
      const text = noise(next, 1 + Math.floor(next() * 40), 'a,"\r\n\n \n,b');
      const full = await read(text, 'full', 1 << 20);
      for (const chunk of [1, 2, 3, 5, 1 << 20]) {
        expect(await read(text, 'fast', chunk), `${JSON.stringify(text)} in chunks of ${chunk}`).toEqual(full);
      }
    }
  });

  it('well-formed files of written records, CRLF or LF, with or without a final line end, read without a hand-off', async () => {
    const next = random(1991);
    const fields = new RecordFields();
    for (let round = 0; round < 300; round++) {
      const ending = next() < 0.5 ? '\r\n' : '\n';
      const records = Array.from({ length: 1 + Math.floor(next() * 6) }, () => writtenRecord(next, 1 + Math.floor(next() * 4)));
      const text = records.join(ending) + (next() < 0.5 ? ending : '');
      const full = await read(text, 'full', 1 << 20);
      expect(full.error).toBeUndefined();
      for (const chunk of [1, 4, 1 << 20]) expect(await read(text, 'fast', chunk), JSON.stringify(text)).toEqual(full);
      // Every record is split by the scanner itself: none is left to csv-parse.
      for (let at = 0; at < text.length;) {
        const end = splitRecord(text, at, text.length, true, ',', fields);
        expect(end, `${JSON.stringify(text)} at ${at}`).toBeGreaterThan(at);
        at = end;
      }
    }
  });

  it('a multi-character delimiter and a tab, every chunk size', async () => {
    const next = random(23);
    for (const delimiter of ['||', '\t', ';', '\r']) {
      for (let round = 0; round < 150; round++) {
        const text = noise(next, 1 + Math.floor(next() * 30), `a"\r\n\n ${delimiter}${delimiter}`);
        const full = await read(text, 'full', 1 << 20, delimiter);
        for (const chunk of [1, 2, 7]) expect(await read(text, 'fast', chunk, delimiter), `${JSON.stringify(text)} / ${JSON.stringify(delimiter)} / ${chunk}`).toEqual(full);
      }
    }
  });
});

describe('splitRecord', () => {
  const fields = new RecordFields(1);
  it.each([
    ['plain', 'a,b,c\n', ['a', 'b', 'c'], 0],
    ['CRLF', 'a,b\r\n', ['a', 'b'], 0],
    ['quoted with the delimiter', '"a,b",c\n', ['a,b', 'c'], 0],
    ['doubled quotes', '"say ""hi""",x\n', ['say "hi"', 'x'], 0],
    ['LF inside quotes', '"a\nb",c\n', ['a\nb', 'c'], 1],
    ['CRLF inside quotes', '"a\r\nb\r\n",c\r\n', ['a\r\nb\r\n', 'c'], 2],
    ['a bare CR in an unquoted field', 'a\rb,c\n', ['a\rb', 'c'], 0],
    ['a quote inside an unquoted field is text', 'Sok "Dara" Chan,x\n', ['Sok "Dara" Chan', 'x'], 0],
    ['an empty quoted field', '"",x\n', ['', 'x'], 0],
    ['last record without a line end', 'a,"b"', ['a', 'b'], 0],
    ['a CR at the end of the file is text', 'a,b\r', ['a', 'b\r'], 0],
  ])('%s', (_, text, expected, lineFeeds) => {
    expect(splitRecord(text, 0, text.length, true, ',', fields)).toBe(text.length);
    expect(fields.values(text)).toEqual(expected);
    expect(fields.lineFeeds).toBe(lineFeeds);
  });

  it.each([
    ['text after a closing quote', '"a"b,c\n'],
    ['a quote never closed', '"a,b\nc\n'],
    ['a closing quote, then a bare CR', '"a"\rb\n'],
  ])('hands off %s', (_, text) => expect(splitRecord(text, 0, text.length, true, ',', fields)).toBe(HAND_OFF));

  it('asks for more text rather than deciding at a cut', () => {
    for (const text of ['a,b', '"a\nb', '"a"', '"a""', '"a"\r']) expect(splitRecord(text, 0, text.length, false, ',', fields), text).toBe(-1);
  });
});
