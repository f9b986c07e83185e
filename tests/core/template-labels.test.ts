// labels.yaml is complete in every language or the language's letters are not merged: a missing, empty or malformed
// label is a problem naming the file and the key, never an English fallback and never a blank.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { withCount } from '../../src/core/template-labels.js';
import { compileTemplates, type TemplateSources } from '../../src/core/templates.js';
import { repoTemplates } from '../support/templates.js';

const khmerLabelsFile = 'templates/km/labels.yaml';

/** The repository's templates with the Khmer labels.yaml rewritten (or, given null, removed). */
function withKhmerLabels(rewrite: ((text: string) => string) | null): TemplateSources {
  return repoTemplates((s) => {
    const km = s.languages.km!;
    if (rewrite === null) delete km.labels;
    else km.labels = { path: khmerLabelsFile, text: rewrite(km.labels!.text) };
  });
}

const withoutKey =
  (...keys: string[]) =>
  (text: string) =>
    text
      .split('\n')
      .filter((line) => !keys.some((key) => line.startsWith(`${key}:`)))
      .join('\n');
const withValue = (key: string, value: string) => (text: string) => text.replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: ${value}`);

describe('labels.yaml', () => {
  it('the repository ships every label in every language', () => {
    const compiled = compileTemplates(repoTemplates());
    expect(compiled.problems.map(formatProblem)).toEqual([]);
    expect([...(compiled.value?.languages.keys() ?? [])].sort()).toEqual(['en', 'fr', 'km']);
  });

  it.each([
    ['a key left out', withoutKey('annex_total'), [`${khmerLabelsFile}:2: annex_total: is missing or empty (add annex_total — every language needs every label)`]],
    [
      'two keys left out: each named, the hint lists both',
      withoutKey('cc', 'annex_share'),
      [
        `${khmerLabelsFile}:2: cc: is missing or empty (add cc, annex_share — every language needs every label)`,
        `${khmerLabelsFile}:2: annex_share: is missing or empty (add cc, annex_share — every language needs every label)`,
      ],
    ],
    ['a key left empty', withValue('annex_share', '""'), [`${khmerLabelsFile}:23: annex_share: is missing or empty (add annex_share — every language needs every label)`]],
    ['a list instead of a text', withValue('annex_country', '[ប្រទេស]'), [`${khmerLabelsFile}:21: annex_country: is missing or empty (add annex_country — every language needs every label)`]],
    [
      'a counted label without {count}',
      withValue('annex_and_more', '… និងទៀត'),
      [`${khmerLabelsFile}:28: annex_and_more: has no {count} (write {count} where the number goes, e.g. "… and {count} more")`],
    ],
    [
      "the distribution list's sentence without {count}",
      withValue('distribution_annex', 'បញ្ជីភ្ជាប់មកជាមួយ។'),
      [`${khmerLabelsFile}:8: distribution_annex: has no {count} (write {count} where the number goes, e.g. "… and {count} more")`],
    ],
    ['a locale that is not one', withValue('locale', 'km_KH!'), [`${khmerLabelsFile}:2: locale: "km_KH!" is not a locale (e.g. en-GB, fr-FR, km-KH-u-nu-khmr)`]],
    [
      'no labels.yaml at all',
      null,
      [
        `${khmerLabelsFile}: labels file is missing (needs locale, to, cc, copy, page, annex_title, annex_prepared_for, annex_summary, annex_rows, annex_unique, annex_invalid, annex_duplicates, annex_declared, annex_total, annex_countries, annex_by_country, annex_country, annex_signatures, annex_share, annex_not_stated, annex_other_countries, annex_by_day, annex_signers, annex_and_more)`,
      ],
    ],
  ])('%s: a problem naming the file and the key; Khmer letters are not merged', (_name, rewrite, expected) => {
    const compiled = compileTemplates(withKhmerLabels(rewrite));
    expect(compiled.problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual(expected);
    expect(compiled.value?.languages.has('km')).toBe(false);
    expect(compiled.value?.broken.has('km')).toBe(true);
    expect(compiled.value?.languages.has('en')).toBe(true); // the other languages are unaffected
  });

  it.each([
    ['{count} other countries', '3', '3 other countries'],
    ['ប្រទេសផ្សេងទៀតចំនួន {count}', '៣', 'ប្រទេសផ្សេងទៀតចំនួន ៣'],
    ['… and {count} more', '1,200', '… and 1,200 more'],
    ['{count} / {count}', '$&', '$& / $&'], // every placeholder, and the number taken as it is
  ])('withCount(%j, %j) is %j', (label, count, expected) => {
    expect(withCount(label, count)).toBe(expected);
  });
});
