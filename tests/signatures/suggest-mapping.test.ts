// --suggest-mapping's guesses, table by table: delimiter, encoding, header names, columns from values.
import { describe, expect, it } from 'vitest';
import { headerWords, roleOfHeader } from '../../src/core/signatures/header-names.js';
import { guessColumns, guessDelimiter, guessEncoding, labelFromFileName } from '../../src/core/signatures/suggest-mapping.js';

describe('guessDelimiter', () => {
  it.each([
    ['name,email,country', ',', '"," splits the header into 3 columns'],
    ['Prénom;Nom;Courriel', ';', '";" splits the header into 3 columns'],
    ['"Nom, Prénom";Courriel;Pays', ';', '";" splits the header into 3 columns'],
    ['name\temail\tcountry\tcity', '\t', 'a tab splits the header into 4 columns'],
    ['name|email', '|', '"|" splits the header into 2 columns'],
    ['name', ',', 'no usual delimiter splits the header: one column, or check the file'],
  ])('%j → %j', (line, value, why) => expect(guessDelimiter(line)).toEqual({ value, why }));
});

describe('guessEncoding', () => {
  const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));
  it.each([
    ['ASCII', bytes('name\nAnn\n'), false, 'utf-8', 'the first rows are plain ASCII, read alike in every encoding'],
    ['UTF-8', bytes('name\nZoë\n'), false, 'utf-8', 'the text is valid UTF-8'],
    ['a BOM', bytes([0xef, 0xbb, 0xbf], 'name\n'), false, 'utf-8', 'the file starts with a UTF-8 byte order mark'],
    ['UTF-8 cut inside a character', bytes('name\nZo', [0xc3]), true, 'utf-8', 'the text is valid UTF-8'],
    ['the same, not cut: not UTF-8', bytes('name\nZo', [0xc3]), false, 'windows-1252', 'line 2 has bytes that are not UTF-8 (0xC3): text from Excel or Windows'],
    ['Windows-1252', bytes('name\nok\nRen', [0xe9], '\n'), false, 'windows-1252', 'line 3 has bytes that are not UTF-8 (0xE9): text from Excel or Windows'],
  ])('%s', (_, input, truncated, value, why) => expect(guessEncoding(input, truncated)).toEqual({ value, why }));
});

describe('header names', () => {
  it.each([
    ['E-mail Address', 'e mail address', 'email'],
    ['Prénom', 'prenom', 'first_name'],
    ['first_name', 'first name', 'first_name'],
    ['Last Name', 'last name', 'last_name'],
    ['NOM', 'nom', 'last_name'],
    ['Courriel', 'courriel', 'email'],
    ['Code postal', 'code postal', 'postcode'],
    ['Zip Code', 'zip code', 'postcode'],
    ['Signed On', 'signed on', 'signed_at'],
    ['Country Code', 'country code', 'country'],
    ['\u200bPays\u00a0', 'pays', 'country'],
    ['Ville', 'ville', 'city'],
    ['Téléphone', 'telephone', undefined],
  ])('%j → %j → %s', (name, words, role) => {
    expect(headerWords(name)).toBe(words);
    expect(roleOfHeader(name)).toBe(role);
  });
});

describe('guessColumns', () => {
  const fields = (header: string[], rows: string[][] = []) => {
    const guess = guessColumns(header, rows);
    return { columns: Object.fromEntries(guess.columns.map((c) => [c.field, c.columns])), unplaced: guess.unplaced.map((u) => u.column) };
  };
  it.each([
    ['our own names', ['name', 'email', 'country', 'signed_at'], [], { name: ['name'], email: ['email'], country: ['country'], signed_at: ['signed_at'] }, []],
    [
      'French, first and last name',
      ['Prénom', 'Nom', 'Courriel', 'Ville', 'Code postal', 'Date'],
      [],
      { name: ['Prénom', 'Nom'], email: ['Courriel'], city: ['Ville'], postcode: ['Code postal'], signed_at: ['Date'] },
      [],
    ],
    ['"Nom" alone is the name', ['Nom', 'Courriel'], [], { name: ['Nom'], email: ['Courriel'] }, []],
    ['a full name wins over its parts', ['Name', 'First Name', 'Last Name'], [], { name: ['Name'] }, ['First Name', 'Last Name']],
    [
      'a platform export',
      ['First Name', 'Last Name', 'Email Address', 'Zip Code', 'Country Code', 'Signed On', 'ID'],
      [],
      { name: ['First Name', 'Last Name'], email: ['Email Address'], country: ['Country Code'], postcode: ['Zip Code'], signed_at: ['Signed On'] },
      ['ID'],
    ],
    [
      'columns found by their values',
      ['who', 'contact', 'when', 'where'],
      [
        ['Ann Lee', 'ann@example.org', '2017-10-23', 'KH'],
        ['Bo Ra', 'bo@example.org', '2017-10-24', 'France'],
      ],
      { email: ['contact'], country: ['where'], signed_at: ['when'] },
      ['who'],
    ],
    [
      'a "Date" that is not ISO is left out',
      ['Nom', 'Date'],
      [
        ['A', '23/10/2017'],
        ['B', '24/10/2017'],
      ],
      { name: ['Nom'] },
      ['Date'],
    ],
  ])('%s', (_, header, rows, columns, unplaced) => expect(fields(header, rows)).toEqual({ columns, unplaced }));

  it('says why, in words a person can check', () => {
    const guess = guessColumns(['Prénom', 'Nom', 'Date', 'x'], [['A', 'B', '23/10/2017', 'a@example.org']]);
    expect(guess.columns.map((c) => c.why)).toEqual(['"Prénom" + "Nom": first and last name, joined by a space', 'values look like emails (1 of 1)']);
    expect(guess.unplaced).toEqual([{ column: 'Date', why: 'header "Date" is a usual name for signed_at, but only 0 of 1 values are ISO 8601 dates: rows would be rejected' }]);
  });
});

describe('labelFromFileName', () => {
  it.each([
    ['Export Signatures 2024.csv', 'export-signatures-2024'],
    ['pétition.csv.gz', 'petition'],
    ['online.csv', 'online'],
    ['___.csv', 'signatures'],
  ])('%j → %j', (file, label) => expect(labelFromFileName(file)).toBe(label));
});
