import { describe, expect, it } from 'vitest';
import { archiveNameKey, archiveNameProblems, archiveSegment, letterBaseName, type ArchivedLetter, type ArchivedPetition } from '../../src/core/archive-names.js';
import { formatProblem } from '../../src/core/errors.js';

describe('archiveSegment', () => {
  it.each([
    ['2017-restore-paris', '2017-restore-paris'],
    ['p x', 'p_x'],
    ['p_x', 'p_x'],
    ['a / b', 'a_b'],
    ['..', '_'],
    ['.hidden', '_hidden'],
    ['café', 'café'],
    ['cafe\u0301', 'café'], // decomposed (as macOS lists it) becomes the composed form, not "cafe_"
    ['ញត្តិ', 'ញត_ត_'], // Khmer vowel signs and coeng are marks, not letters: replaced like any other symbol
  ])('%j → %j', (id, name) => {
    expect(archiveSegment(id)).toBe(name);
  });

  it('a letter is named by addressee and language', () => {
    expect(letterBaseName('un-sg', 'en')).toBe('un-sg.en');
    expect(letterBaseName('a b', 'fr')).toBe('a_b.fr');
  });
});

describe('archiveNameKey', () => {
  it.each([
    ['names that differ only by case', 'P_X', 'p_x', true],
    ['composed and decomposed accents', 'café', 'cafe\u0301', true],
    ['accent case', 'ÉTÉ', 'été', true],
    ['sharp s and SS', 'straße', 'STRASSE', true],
    ['final and medial sigma', 'ς', 'σ', true],
    ['different names', 'p-x', 'p_x', false],
    ['an accent is not dropped', 'cafe', 'café', false],
  ])('%s: %j and %j meet: %s', (_what, a, b, meet) => {
    expect(archiveNameKey(a) === archiveNameKey(b)).toBe(meet);
  });
});

describe('archiveNameProblems', () => {
  const petition = (slug: string, planned = true): ArchivedPetition => ({ slug, file: `petitions/${slug}/petition.md`, planned });
  const letter = (addresseeId: string, language = 'en', petitionSlug = 'p'): ArchivedLetter => ({ petition: petitionSlug, addresseeId, language, file: 'recipients/r.yaml', line: 10 });
  const messages = (petitions: ArchivedPetition[], letters: ArchivedLetter[] = []) => archiveNameProblems(petitions, letters).map(formatProblem);

  it.each([
    ['distinct names', [petition('a'), petition('b')], []],
    ['a space and an underscore', [petition('p x'), petition('p_x')], ['petitions/p_x/petition.md: slug: its archive name "p_x" is also that of petitions/p x/ (rename one folder)']],
    [
      'case only',
      [petition('p-x'), petition('P-x')],
      ['petitions/p-x/petition.md: slug: its archive name "p-x" is also that of petitions/P-x/ ("P-x") where case and accents are not told apart (rename one folder)'],
    ],
    [
      'three of a kind: one problem each after the first, in folder order',
      [petition('a_b'), petition('a?b'), petition('a b')],
      [
        'petitions/a?b/petition.md: slug: its archive name "a_b" is also that of petitions/a b/ (rename one folder)',
        'petitions/a_b/petition.md: slug: its archive name "a_b" is also that of petitions/a b/ (rename one folder)',
      ],
    ],
    [
      'a folder outside this run: the problem is on the planned one',
      [petition('p_x'), petition('p x', false)],
      ['petitions/p_x/petition.md: slug: its archive name "p_x" is also that of petitions/p x/ (rename one folder)'],
    ],
    ["two folders outside this run: not this run's problem", [petition('a'), petition('p x', false), petition('p_x', false)], []],
  ])('%s', (_what, petitions, expected) => {
    expect(messages(petitions)).toEqual(expected);
  });

  it.each([
    ['distinct addressees', [letter('a'), letter('b')], []],
    ['the same addressee in two languages', [letter('a', 'en'), letter('a', 'fr')], []],
    ['the same names in two petitions', [letter('a', 'en', 'p'), letter('a', 'en', 'q')], []],
    [
      'ids that differ by case',
      [letter('un-sg'), letter('UN-SG')],
      [
        'recipients/r.yaml:10: addressees.UN-SG.id: its letter\'s archive name "UN-SG.en" is also that of addressee "un-sg" ("un-sg.en") where case and accents are not told apart (petition p) (rename one id)',
      ],
    ],
    [
      'ids that map to the same name',
      [letter('a b'), letter('a_b')],
      ['recipients/r.yaml:10: addressees.a_b.id: its letter\'s archive name "a_b.en" is also that of addressee "a b" (petition p) (rename one id)'],
    ],
  ])('%s', (_what, letters, expected) => {
    expect(messages([petition('p')], letters)).toEqual(expected);
  });
});
