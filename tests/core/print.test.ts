// The pure side of petition print: postal address rules in the roster, the envelopes, the labels file, and the checks
// of a pack read back from its PDF, each with an input that breaks it.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { packProblems, type PackCheck, type Word } from '../../src/core/print/checks.js';
import { ENVELOPES, envelopeFor, mmToPt } from '../../src/core/print/envelopes.js';
import { addressesCsv, sheetsOf, type PackItem } from '../../src/core/print/pack.js';
import { parseRoster } from '../../src/core/roster.js';
import type { Addressee, Letter } from '../../src/core/types.js';
import { printRosterYaml, withLines } from '../print/fixtures.js';

const errors = (text: string) =>
  parseRoster(text, 'recipients/test.yaml')
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

describe('postal address rules', () => {
  it('accepts the made-up addresses', () => {
    expect(errors(printRosterYaml)).toEqual([]);
  });

  it('counts every line the window shows: name, title, organisation, postal lines, country; 3 to 7', () => {
    const found = errors(withLines('ada-example', 'Floor 1, 1 Example Street, Example Quarter, Exampletown EX1 2AB'));
    expect(found).toEqual([
      expect.stringMatching(
        /^recipients\/test\.yaml:\d+: addressees\.ada-example\.postal_address\.lines: the envelope would show 8 address lines \(name, title, organisation, 4 postal, country\); 3 to 7 fit a window \(join or shorten/,
      ),
    ]);
    expect(errors(withLines('bruno-exemple', 'Floor 1, 1 rue de l’Exemple, Quartier, 75000 Exempleville'))).toEqual([]); // 7 lines without an organisation
  });

  it('prints the country last, from its code, never as a postal line too', () => {
    expect(errors(withLines('bruno-exemple', "2 rue de l'Exemple, 75000 Exempleville, France"))).toEqual([
      expect.stringMatching(/addressees\.bruno-exemple\.postal_address\.lines: the last line "France" is the country, which is printed last from postal_address\.country \(drop this line\)$/),
    ]);
    expect(errors(withLines('sok-sample', 'ផ្ទះលេខ ១ ផ្លូវគំរូ, ភ្នំពេញ, កម្ពុជា'))).toEqual([expect.stringContaining('the last line "កម្ពុជា" is the country')]);
    expect(errors(printRosterYaml.replace('      country: GB', '      country: ZZ'))).toEqual([
      expect.stringContaining('addressees.ada-example.postal_address.country: "ZZ" is not an ISO 3166 country code'),
    ]);
  });

  it('wants a source for every postal address: an address is never guessed', () => {
    const roster = printRosterYaml.replace('      country: GB\n    source: https://example.org/made-up-addresses\n', '      country: GB\n');
    expect(errors(roster)).toEqual([expect.stringMatching(/addressees\.ada-example\.postal_address: a postal address without a source \(add source: where the address is published/)]);
  });
});

describe('envelopes', () => {
  it('pairs each envelope with its paper, and picks the usual one', () => {
    expect(envelopeFor('a4', undefined)).toMatchObject({ ok: true, envelope: { name: 'dl' } });
    expect(envelopeFor('letter', undefined)).toMatchObject({ ok: true, envelope: { name: 'us10' } });
    expect(envelopeFor('a4', 'c5')).toMatchObject({ ok: true, envelope: { name: 'c5', folds: [] } });
    expect(envelopeFor('a4', 'us10')).toEqual({ ok: false, message: 'a US10 envelope takes US Letter paper, not A4' });
    expect(ENVELOPES.dl.folds).toEqual([105, 210]);
  });

  it('counts sheets: a page each, two with duplex', () => {
    expect([sheetsOf(9, false), sheetsOf(9, true), sheetsOf(10, true)]).toEqual([9, 5, 5]);
  });
});

describe('the labels file', () => {
  const item = (id: string, block: string[], country: string): PackItem => ({
    letter: { id: `p/${id}/en`, document: { addresseeBlock: block } } as unknown as Letter,
    addressee: { id, postal_address: { lines: [], country } } as unknown as Addressee,
  });

  it('quotes what must be quoted and defuses cells a spreadsheet would run as formulas', () => {
    const csv = addressesCsv([item('a', ['Ms A, "the" Example', '=HYPERLINK("x")', '+1 Example Road', '-2', '@home', 'Exampletown'], 'GB')]);
    expect(csv.split('\n')[1]).toBe(`p/a/en,a,"Ms A, ""the"" Example","'=HYPERLINK(""x"")",'+1 Example Road,'-2,'@home,Exampletown,,GB`);
  });
});

describe('the checks of a pack read back', () => {
  const dl = ENVELOPES.dl;
  const A4 = { width: 595.28, height: 841.89 };
  /** A word at (x, y) in mm, 5 mm wide and 4 mm tall. */
  const word = (text: string, x: number, y: number): Word => ({ text, xMin: mmToPt(x), yMin: mmToPt(y), xMax: mmToPt(x + 5), yMax: mmToPt(y + 4) });
  const address = ['Ms Ada Example', 'Exampletown'];
  const good = [word('Test', 26, 45.5), word('Ms', 26, 51), word('Ada', 32, 51), word('Example', 38, 51), word('Exampletown', 26, 55), word('Dear', 22, 120)];
  const check = (words: Word[], more: Partial<PackCheck> = {}, letter: object = {}): string[] =>
    packProblems({
      file: 'print/p.print.pdf',
      envelope: dl,
      marginMm: 5,
      maxPages: 10,
      pages: [{ ...A4, words }],
      letters: [{ id: 'p/a/en', firstPage: 1, pages: 1, addressLines: address, returnLine: 'Test', fontsNotEmbedded: [], ...letter }],
      ...more,
    }).map(formatProblem);

  it('passes a letter whose address alone is in the window', () => {
    expect(check(good)).toEqual([]);
  });

  it('finds a line outside the window, a word across its edge, and anything else in it', () => {
    expect(check(good.map((w) => (w.text === 'Exampletown' ? word('Exampletown', 26, 95) : w)))).toEqual([
      'print/p.print.pdf: p/a/en: the address does not fit its zone (25–100 mm from the left, 50–90 mm from the top): 1 of its 2 line(s) lie inside it (the address block must fit the window and stand alone in it)',
    ]);
    expect(check([...good, word('Vancouver', 98, 70)])[0]).toBe(
      'print/p.print.pdf: p/a/en: "Vancouver" crosses the edge of the envelope window (25–100 mm from the left, 50–90 mm from the top) (the address block must fit the window and stand alone in it)',
    );
    expect(check([...good, word('Canada', 26, 70)])).toEqual([
      'print/p.print.pdf: p/a/en: something else is drawn in the address zone (25–100 mm from the left, 50–90 mm from the top): 3 lines where the address has 2 (the address block must fit the window and stand alone in it)',
    ]);
    expect(check(good.map((w) => (w.text === 'Ada' ? { ...w, text: 'Eva' } : w)))).toEqual([
      'print/p.print.pdf: p/a/en: line 1 of the address zone (25–100 mm from the left, 50–90 mm from the top) reads "Ms Eva Example", not "Ms Ada Example" (the address block must fit the window and stand alone in it)',
    ]);
  });

  it('compares a Khmer line by its place, not by the text its glyphs read back as', () => {
    expect(check([word('Test', 26, 45.5), word('ភ្នំ', 26, 51)], {}, { addressLines: ['ភ្នំពេញ'] })).toEqual([]);
  });

  it('finds text in the margin, pages over the budget, and a font not embedded', () => {
    expect(check([...good, word('7', 100, 294)])).toEqual([
      'print/p.print.pdf: p/a/en: page 1 (page 1 of the pack): "7" is 0.0 mm from the sheet\'s edge, inside the 5 mm margin (keep content inside the printable area (--margin <mm>))',
    ]);
    expect(
      check(
        good,
        {
          maxPages: 1,
          pages: [
            { ...A4, words: good },
            { ...A4, words: [] },
          ],
        },
        { pages: 2 },
      ),
    ).toEqual(['print/p.print.pdf: p/a/en: 2 pages, more than the 1 an envelope may hold (shorten the letter, or raise --max-pages)']);
    expect(check(good, {}, { fontsNotEmbedded: ['Helvetica'] })).toEqual(['print/p.print.pdf: p/a/en: font Helvetica is not embedded (a printer substitutes fonts that are not embedded)']);
  });

  it('holds the annex printed once to the margins only: it has no window and no envelope of its own', () => {
    expect(check([word('Annex', 22, 20)], {}, { id: 'annex', addressLines: [], pages: 12 })).toEqual([]);
  });
});
