// Real exports, the pure parts: encoding names, single-byte decoding, names joined from several columns.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parsePetition } from '../../src/core/petition.js';
import { recordToRow, resolveColumns } from '../../src/core/signatures/columns.js';
import { byteOrderMarkProblem, encodingNamed, fromLatin1Text } from '../../src/core/signatures/encoding.js';
import type { ColumnMapping } from '../../src/core/types.js';
import { petitionKmMd, petitionMd } from '../support/fixtures.js';

describe('encodingNamed', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    [' utf-8 ', 'utf-8'],
    ['windows-1252', 'windows-1252'],
    ['Windows-1252', 'windows-1252'],
    ['CP1252', 'windows-1252'],
    ['windows_1252', 'windows-1252'],
    ['x-cp1252', 'windows-1252'],
    ['latin1', 'latin1'],
    ['Latin-1', 'latin1'],
    ['ISO-8859-1', 'latin1'],
    ['iso_8859-1', 'latin1'],
    ['iso8859-1', 'latin1'],
    ['utf-16', undefined],
    ['ascii', undefined],
    ['iso-8859-15', undefined],
    ['', undefined],
  ])('%j → %s', (name, expected) => expect(encodingNamed(name)).toBe(expected));
});

describe('fromLatin1Text', () => {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  // Written out, not compared with TextDecoder: Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1.
  it('windows-1252 is the WHATWG index: ISO-8859-1 but for 0x80–0x9F', () => {
    const text = fromLatin1Text(everyByte.toString('latin1'), 'windows-1252');
    expect(text.slice(0x80, 0xa0)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(text.slice(0, 0x80) + text.slice(0xa0)).toBe(everyByte.toString('latin1', 0, 0x80) + everyByte.toString('latin1', 0xa0));
  });
  it('latin1 is ISO-8859-1: each byte is the code point of the same number', () => {
    const text = fromLatin1Text(everyByte.toString('latin1'), 'latin1');
    expect(Array.from(text, (ch) => ch.codePointAt(0))).toEqual([...everyByte]);
  });
  it.each([
    [0x80, '€', '\u0080'],
    [0x81, '\u0081', '\u0081'], // undefined in windows-1252: stays a C1 control, which the text policy refuses
    [0x8a, 'Š', '\u008a'],
    [0x92, '’', '\u0092'],
    [0x96, '–', '\u0096'],
    [0x9f, 'Ÿ', '\u009f'],
    [0xe9, 'é', 'é'],
    [0x41, 'A', 'A'],
  ])('byte 0x%s: windows-1252 %j, latin1 %j', (byte, windows, latin1) => {
    const text = String.fromCharCode(byte);
    expect(fromLatin1Text(text, 'windows-1252')).toBe(windows);
    expect(fromLatin1Text(text, 'latin1')).toBe(latin1);
  });
});

describe('byteOrderMarkProblem', () => {
  const bomHeader = ['\u00ef\u00bb\u00bfname', 'email'];
  it.each([
    ['windows-1252', bomHeader, 'e.csv:1: encoding: the file starts with a UTF-8 byte order mark, but its source says windows-1252 (the file is UTF-8: remove encoding from the source)'],
    ['latin1', bomHeader, 'e.csv:1: encoding: the file starts with a UTF-8 byte order mark, but its source says latin1 (the file is UTF-8: remove encoding from the source)'],
    ['utf-8', bomHeader, undefined],
    ['windows-1252', ['name', 'email'], undefined],
  ] as const)('%s, %j', (encoding, header, expected) => {
    const found = byteOrderMarkProblem(header, encoding, 'e.csv');
    expect(found && formatProblem(found)).toBe(expected);
  });
});

describe('resolveColumns with a name joined from columns', () => {
  const header = ['Prénom', 'Nom', 'Courriel', 'ID', 'nom '];
  const brief = (mapping: ColumnMapping, head: readonly string[] = header) => {
    const { indexes, problems } = resolveColumns(head, mapping, 's.csv');
    return { indexes: indexes && { name: indexes.name, nameParts: indexes.nameParts, email: indexes.email }, problems: problems.map((p) => formatProblem(p)) };
  };
  it.each([
    ['first and last', { name: ['prénom', 'Courriel'], email: 'ID' }, ['Prénom', 'Courriel', 'ID'], { name: 0, nameParts: [0, 1], email: 2 }, []],
    ['one column in a list', { name: ['Prénom'] }, ['Prénom', 'Courriel'], { name: 0, nameParts: [0], email: -1 }, []],
    ['a plain name has no parts', { name: 'Courriel' }, ['Prénom', 'Courriel'], { name: 1, nameParts: undefined, email: -1 }, []],
    [
      'every missing column named',
      { name: ['first_name', 'Prénom', 'last_name'] },
      ['Prénom', 'Courriel'],
      undefined,
      [
        's.csv:1: columns.name: column "first_name" is not in the header (the header has: Prénom, Courriel)',
        's.csv:1: columns.name: column "last_name" is not in the header (the header has: Prénom, Courriel)',
      ],
    ],
    ['a column listed twice', { name: ['Prénom', 'PRÉNOM'] }, ['Prénom', 'Courriel'], undefined, ['s.csv:1: columns.name: column "PRÉNOM" is listed twice (list each column of the name once)']],
    ['blank entries only', { name: [' '] }, ['Prénom'], undefined, ['s.csv:1: columns.name: no column is mapped to name (every signature needs a name)']],
    [
      'a joined column that appears twice in the header',
      { name: ['Prénom', 'Nom'] },
      header,
      undefined,
      ['s.csv:1:5: columns.name: column "nom" appears 2 times in the header (columns 2, 5) (rename the other columns: which one holds the data is a guess)'],
    ],
  ] as const)('%s', (_, mapping, head, indexes, problems) => {
    expect(brief(mapping, head)).toEqual({ indexes, problems });
  });
});

describe('recordToRow joins the name', () => {
  const { indexes } = resolveColumns(['first', 'middle', 'last', 'email'], { name: ['first', 'middle', 'last'], email: 'email' }, 's.csv');
  it.each([
    [['Jean', 'Paul', 'Sartre'], 'Jean Paul Sartre'],
    [['  Jean ', '', ' Sartre  '], 'Jean Sartre'],
    [['', '', 'Sartre'], 'Sartre'],
    [['Marie  Anne', ' ', 'Curie'], 'Marie  Anne Curie'], // inside a part, spaces stay as written
    [['\u00a0', '', ''], ''], // an NBSP alone is no name: the row is rejected no-name
    [[' ', '', ''], ''],
  ])('%j → %j', (parts, name) => {
    expect(recordToRow([...parts, 'j@example.org'], indexes!)).toMatchObject({ name, email: 'j@example.org' });
  });
});

describe('a petition source: encoding and columns', () => {
  const withSource = (source: string) =>
    parsePetition({
      slug: 'test',
      dir: 'petitions/test',
      main: { path: 'petition.md', text: petitionMd.replace('      columns: { name: full_name, email: email, country: country, signed_at: signed_at }', source) },
      translations: [{ path: 'petition.km.md', text: petitionKmMd, language: 'km' }],
    });
  const line = petitionMd.split('\n').findIndex((l) => l.startsWith('      columns:')) + 1;

  it.each([
    ['      encoding: CP1252', 'windows-1252'],
    ['      encoding: iso-8859-1', 'latin1'],
    ['      delimiter: ";"', 'utf-8'],
  ])('%s is read as %s', (source, encoding) => {
    const parsed = withSource(source);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value?.signatures.sources[0]?.encoding).toBe(encoding);
  });

  it('a name may list columns', () => {
    const parsed = withSource('      columns: { name: [first_name, last_name], email: Email }');
    expect(parsed.problems).toEqual([]);
    expect(parsed.value?.signatures.sources[0]?.columns).toEqual({ name: ['first_name', 'last_name'], email: 'Email' });
  });

  it.each([
    ['      encoding: ebcdic', `petition.md:${line}: signatures.sources.0.encoding: unknown encoding "ebcdic" (one of utf-8 (or utf8), windows-1252 (or cp1252), latin1 (or iso-8859-1))`],
    [
      '      columns: { name: full_name, email: [work_email, home_email] }',
      `petition.md:${line}: signatures.sources.0.columns.email: lists several columns; only name can join columns (map email to one column of the header)`,
    ],
    ['      columns: { name: [] }', `petition.md:${line}: signatures.sources.0.columns.name: must not be empty`],
  ])('%s is refused', (source, expected) => {
    expect(withSource(source).problems.map((p) => formatProblem(p))).toEqual([expected]);
  });
});
