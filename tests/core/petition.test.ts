import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parsePetition } from '../../src/core/petition.js';
import { petitionKmMd, petitionMd } from '../support/fixtures.js';

const parse = (main: string, km: string | null = petitionKmMd) =>
  parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: main },
    translations: km === null ? [] : [{ path: 'petitions/test/petition.km.md', text: km, language: 'km' }],
  });
const errors = (main: string, km: string | null = petitionKmMd) =>
  parse(main, km)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

describe('parsePetition', () => {
  it('reads front matter, body and translation', () => {
    const { value, problems } = parse(petitionMd);
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ slug: 'test', language: 'en', date: '2017-10-23', to: ['un', 'signatory'], cc: ['copy'], append: ['km'], bodyLine: 24 });
    expect(value?.translations[0]).toMatchObject({ language: 'km', subject: 'ស្ដារកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស' });
    expect(value?.signatures.sources[0]).toMatchObject({ kind: 'person', delimiter: ',', columns: { name: 'full_name' } });
    expect(value?.fieldLines.roster).toBe(12);
  });

  it.each([
    ['no front matter', 'Just text', null, /^petitions\/test\/petition\.md:1: no front matter/],
    ['missing subject', petitionMd.replace('subject: Restore the Paris Peace Agreements\n', ''), undefined, /petition\.md:2: subject: is missing/],
    [
      'subject with a line break',
      petitionMd.replace('subject: Restore the Paris Peace Agreements', 'subject: "Restore\\nBcc: x@example.org"'),
      undefined,
      /petition\.md:3: subject: contains a line break/,
    ],
    ['date that does not exist', petitionMd.replace('"2017-10-23"', '"2017-02-29"'), undefined, /petition\.md:5: date: "2017-02-29" is not a real date/],
    ['unknown time zone', petitionMd.replace('Asia/Phnom_Penh', 'Asia/Phnom_Pen'), undefined, /petition\.md:7: anniversary\.time_zone: unknown time zone "Asia\/Phnom_Pen"/],
    ['petitioner email not an address', petitionMd.replace('committee@example.org', 'committee'), undefined, /petition\.md:11: petitioner\.email: "committee" is not an email address/],
    ['unknown field', petitionMd.replace('roster: test-roster', 'roster: test-roster\nrecipients: all'), undefined, /petition\.md:13: recipients: is not a known field/],
    [
      "an attachment named as the petition's distribution list",
      petitionMd.replace('append: [km]\n', 'append: [km]\nattachments:\n  - path: docs/Test.Distribution.pdf\n'),
      undefined,
      /petition\.md:17: attachments\.0\.path: "Test\.Distribution\.pdf" is the name of the distribution list every letter of this petition encloses \(rename the file\)/,
    ],
    [
      "an attachment named as the petition's signature annex",
      petitionMd.replace('append: [km]\n', 'append: [km]\nattachments:\n  - path: test.annex.pdf\n'),
      undefined,
      /petition\.md:17: attachments\.0\.path: "test\.annex\.pdf" is the name of the signature annex/,
    ],
    ['translation without its subject', petitionMd, petitionKmMd.replace(/subject: .*\n/, ''), /petition\.km\.md:2: subject: is missing/],
    ['translation in the wrong file', petitionMd, petitionKmMd.replace('language: km', 'language: fr'), /petition\.km\.md:2: language: says "fr" but the file name says "km"/],
    ['append without translation', petitionMd, null, /petition\.md:\d+: append\.0: no translation "km"/],
    ['empty body', petitionMd.replace(/---\nWe, the undersigned[\s\S]*$/, '---\n\n'), undefined, /petition\.md:24: body: the petition text is empty/],
    [
      'signature path outside the folder',
      petitionMd.replace('signatures/online.csv', '../../secrets.csv'),
      undefined,
      /signatures\.sources\.0\.path: "\.\.\/\.\.\/secrets\.csv" leaves the petition folder/,
    ],
    ['malformed YAML with line and column', petitionMd.replace('to: [un, signatory]', 'to: [un, signatory'), undefined, /^petitions\/test\/petition\.md:\d+:\d+: malformed YAML/],
  ])('%s', (_name, main, km, expected) => {
    const found = errors(main, km === undefined ? petitionKmMd : km);
    expect(
      found.some((line) => expected.test(line)),
      found.join('\n'),
    ).toBe(true);
  });
});
