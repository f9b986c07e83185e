// Each check of petition print, with a letter that breaks it: exit 2, the letter named with what is wrong, every
// problem at once, and no pack left to print.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveAll, approveAllArgs, petition } from '../support/cli.js';
import { checkedToday, makeProject, petitionKmMd, petitionMd } from '../support/fixtures.js';
import { printRosterYaml, withLines } from '../print/fixtures.js';

const errors = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('error: '));

/** Runs print on a project with these files changed; expects exit 2 and no pack. */
function refused(files: Record<string, string>, args: string[] = []): string[] {
  const dir = makeProject({ ...files, 'recipients/test-roster.yaml': checkedToday(files['recipients/test-roster.yaml'] ?? printRosterYaml) });
  petition(approveAllArgs(), dir); // where the input is bad, approve refuses it as print does (exit 2)
  const r = petition(['print', ...args], dir);
  expect(r.code, r.stderr).toBe(2);
  expect(existsSync(join(dir, 'archive', 'print', 'test.print.pdf'))).toBe(false);
  expect(existsSync(join(dir, 'archive', 'print', 'test.addresses.csv'))).toBe(false);
  return errors(r.stderr);
}

describe('petition print refuses a letter', () => {
  it('whose address line is wider than the window, at its roster line', () => {
    const roster = withLines('ada-example', '1 Example Street, Building of the Extremely Long Example Name and Number');
    const found = refused({ 'recipients/test-roster.yaml': roster });
    const line = roster.split('\n').findIndex((l) => l === '  - id: ada-example') + 1;
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: recipients/test-roster\\.yaml:${line}: addressees\\.ada-example\\.postal_address: test/ada-example/en: address line "Building of the Extremely Long Example Name and Number" is \\d+\\.\\d mm wide; the DL window holds 75\\.0 mm`,
        ),
      ),
    ]);
  });

  it('whose address is too tall for the window: seven lines of Khmer', () => {
    const found = refused({ 'recipients/test-roster.yaml': withLines('sok-sample', 'ផ្ទះលេខ ១, ផ្លូវគំរូ, សង្កាត់គំរូ, ភ្នំពេញ') });
    expect(found).toEqual([
      'error: archive/print/test.print.pdf: test/sok-sample/km: "កម ជា" crosses the edge of the envelope window (25–100 mm from the left, 50–90 mm from the top) (the address block must fit the window and stand alone in it)',
      'error: archive/print/test.print.pdf: test/sok-sample/km: the address does not fit its zone (25–100 mm from the left, 50–90 mm from the top): 6 of its 7 line(s) lie inside it (the address block must fit the window and stand alone in it)',
    ]);
  });

  it('whose window shows something else: a letterhead long enough to reach into it', () => {
    const md = petitionMd.replace('address: [Vancouver, Canada]', 'address: [Example Building, 1 Example Road, Suite 100, Example District, Vancouver, British Columbia, Canada]');
    const found = refused({ 'petitions/test/petition.md': md });
    for (const id of ['ada-example/en', 'bruno-exemple/en', 'sok-sample/km'])
      expect(
        found.some((e) => e.includes(`test/${id}: `) && /something else is drawn|crosses the edge/.test(e)),
        id,
      ).toBe(true);
  });

  it('with text inside the printer margin: the page numbers, for a printer that cannot print 12 mm from the edge', () => {
    const found = refused({}, ['--margin', '12']);
    expect(found).toContain(
      'error: archive/print/test.print.pdf: test/ada-example/en: page 1 (page 1 of the pack): "1" is 11.2 mm from the sheet\'s edge, inside the 12 mm margin (keep content inside the printable area (--margin <mm>))',
    );
    expect(found.filter((e) => e.includes('inside the 12 mm margin')).length).toBe(9); // every page of the three letters and their annexes
  });

  it('over the page budget: ten pages by default, --max-pages otherwise', () => {
    const long = petitionMd.replace('2. Second point.\n', `2. Second point.\n\n${'A long paragraph of the letter, repeated to fill page after page of the printed letter. '.repeat(8)}\n\n`.repeat(60));
    const found = refused({ 'petitions/test/petition.md': long });
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^error: archive\/print\/test\.print\.pdf: test\/ada-example\/en: 1\d pages, more than the 10 an envelope may hold \(shorten the letter, or raise --max-pages\)$/);
    expect(refused({}, ['--max-pages', '2'])).toEqual([
      'error: archive/print/test.print.pdf: test/ada-example/en: 3 pages, more than the 2 an envelope may hold (shorten the letter, or raise --max-pages)',
      'error: archive/print/test.print.pdf: test/bruno-exemple/en: 3 pages, more than the 2 an envelope may hold (shorten the letter, or raise --max-pages)',
      'error: archive/print/test.print.pdf: test/sok-sample/km: 3 pages, more than the 2 an envelope may hold (shorten the letter, or raise --max-pages)',
    ]);
  });

  it('whose Khmer does not shape: a vowel sign without its consonant, in the address and in the text', () => {
    const found = refused({
      'recipients/test-roster.yaml': withLines('sok-sample', 'ាផ្ទះលេខ ១ ផ្លូវគំរូ, ភ្នំពេញ'),
      'petitions/test/petition.km.md': petitionKmMd.replace('យើងខ្ញុំសូមស្នើ។', 'យើងខ្ញុំសូមស្នើ ្ក។'),
    });
    expect(found).toContain(
      'error: recipients/test-roster.yaml: test/sok-sample/km: Khmer text in the address line 3 does not shape: "ាផ្ទះលេខ ១ ផ្លូវគំរូ" (a vowel sign, coeng or sign without its consonant, or a character the Khmer font lacks)',
    );
    for (const id of ['ada-example/en', 'bruno-exemple/en'])
      expect(
        found.some((e) => e.includes(`test/${id}: Khmer text in the km text does not shape`)),
        id,
      ).toBe(true);
    expect(found.some((e) => e.includes('test/sok-sample/km: Khmer text in the body does not shape'))).toBe(true);
  });

  it('that cannot be checked: without poppler nothing is left to print, not even an earlier pack', () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': checkedToday(printRosterYaml) });
    approveAll(dir);
    expect(petition(['print'], dir).code).toBe(0);
    const r = petition(['print'], dir, { PATH: '' });
    expect(r.code, r.stderr).toBe(2);
    expect(errors(r.stderr)).toEqual([
      expect.stringMatching(
        /^error: archive\/print\/test\.print\.pdf: cannot check the print pack: (pdftotext|pdffonts) is not installed \(install poppler-utils \(pdftotext, pdffonts\): print checks every pack it writes\)$/,
      ),
    ]);
    expect(existsSync(join(dir, 'archive', 'print', 'test.print.pdf'))).toBe(false);
    expect(existsSync(join(dir, 'archive', 'print', 'test.addresses.csv'))).toBe(false);
  });

  it('and reports every problem of every letter at once', () => {
    const roster = withLines('ada-example', '1 Example Street, Building of the Extremely Long Example Name and Number').replace(
      "      lines: [2 rue de l'Exemple, 75000 Exempleville]",
      "      lines: [ា2 rue de l'Exemple, 75000 Exempleville]",
    );
    const found = refused({ 'recipients/test-roster.yaml': roster });
    expect(found.some((e) => e.includes('test/ada-example/en: address line'))).toBe(true);
    expect(found.some((e) => e.includes('test/bruno-exemple/en: Khmer text in the address line 3'))).toBe(true);
  });
});
