import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters, type PlanInput } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { compileTemplates, type TemplateSources } from '../../src/core/templates.js';
import { repoTemplates } from '../support/templates.js';
import type { SignatureTally } from '../../src/core/types.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';

const tally: SignatureTally = {
  rows: 14,
  valid: 13,
  invalid: 1,
  duplicates: 2,
  unique: 11,
  invalidByReason: { 'bad-email': 1 },
  byCountry: { CA: 6, FR: 3, KH: 2 },
  bySource: { online: 11 },
  byDay: {},
  rejects: [],
  declared: [{ source: 'paper forms', count: 1000 }],
  declaredTotal: 1000,
  total: 1011,
  countries: 3,
  kind: 'person',
};

function input(options: { petition?: string; roster?: string; templates?: TemplateSources; only?: string[] } = {}): PlanInput {
  const petition = parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: options.petition ?? petitionMd },
    translations: [{ path: 'petitions/test/petition.km.md', text: petitionKmMd, language: 'km' }],
  }).value!;
  const roster = parseRoster(options.roster ?? rosterYaml, 'recipients/test-roster.yaml').value!;
  const templates = compileTemplates(options.templates ?? repoTemplates());
  expect(templates.problems).toEqual([]);
  return { petition, roster, tally, templates: templates.value!, only: options.only };
}

describe('planLetters', () => {
  const plan = planLetters(input());
  const byId = new Map(plan.letters.map((l) => [l.addresseeId, l]));

  it('plans one letter per addressee of the To and Cc groups, in the language the petition has for them', () => {
    expect(plan.problems).toEqual([]);
    expect(plan.letters.map((l) => l.id)).toEqual(['test/un-sg/en', 'test/fr-minister/en', 'test/kh-copy/km']);
  });

  it.each([
    // addressee, channel, isCopy, salutation line, count sentence
    ['un-sg', 'email', false, 'Dear Secretary-General,', 'This petition is supported by 1,011 signatures from 3 countries.'],
    ['fr-minister', 'print', false, 'Dear Minister,', 'This petition is supported by 1,011 signatures from 3 countries.'],
    ['kh-copy', 'print', true, 'ជម្រាបមក លោក កឹម សុខា', 'ញត្តិនេះមានហត្ថលេខាចំនួន ១.០១១ ពី ៣ ប្រទេស។'],
  ])('%s: %s letter, copy=%s, salutation and count from the data', (id, channel, isCopy, salutation, count) => {
    const letter = byId.get(id)!;
    expect(letter.channel).toBe(channel);
    expect(letter.document.isCopy).toBe(isCopy);
    expect(letter.document.salutation).toBe(salutation);
    expect(letter.document.countSentence).toBe(count);
    expect(letter.text).toContain(salutation);
    expect(letter.text).toContain(count);
  });

  it('merges roster fields into the petition body and appends the other language', () => {
    const letter = byId.get('un-sg')!;
    expect(letter.document.body).toContain('We, the undersigned, ask you, António Guterres, to act.');
    expect(letter.document.sections).toEqual([{ language: 'km', title: 'ញត្តិសាកល្បង', body: 'យើងខ្ញុំសូមស្នើ។' }]);
    expect(letter.to).toEqual([{ name: 'António Guterres', address: 'sg@example.org' }]);
    expect(letter.from).toEqual({ name: 'Test Committee', address: 'committee@example.org' });
    expect(letter.document.placeAndDate).toBe('Vancouver, Canada, 23 October 2017');
    expect(letter.html).toContain('<li>First point.</li>');
    expect(letter.html).toContain('António Guterres');
  });

  it('shows raw HTML in a petition as text in the email, never as markup', () => {
    const letter = planLetters(input({ petition: petitionMd.replace('1. First point.', '1. First <b onclick="x()">point</b>.\n\n<script>alert(1)</script>') })).letters[0]!;
    expect(letter.html).not.toMatch(/<script|<b onclick/);
    expect(letter.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(letter.html).toContain('First &lt;b onclick="x()"&gt;point&lt;/b&gt;.');
    expect(letter.text).toContain('<script>alert(1)</script>');
  });

  it('writes Khmer dates with Khmer numerals and marks copies', () => {
    const letter = byId.get('kh-copy')!;
    expect(letter.document.placeAndDate).toBe('Vancouver, Canada ថ្ងៃទី២៣ ខែតុលា ឆ្នាំ២០១៧');
    expect(letter.subject).toBe('ច្បាប់ចម្លង៖ ស្ដារកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស');
    expect(letter.document.sections.map((s) => s.language)).toEqual(['en']);
    expect(letter.document.distribution.cc).toEqual(['Mr Kem Sokha, President, Cambodia National Rescue Party']);
  });

  it('gives the same content hash for the same inputs and a new one when the text changes', () => {
    const again = planLetters(input());
    expect(again.letters.map((l) => l.contentHash)).toEqual(plan.letters.map((l) => l.contentHash));
    const changed = planLetters(input({ petition: petitionMd.replace('to act.', 'to act now.') }));
    expect(changed.letters[0]?.contentHash).not.toBe(plan.letters[0]?.contentHash);
  });

  it('--only keeps one addressee and reports an unknown id', () => {
    expect(planLetters(input({ only: ['kh-copy'] })).letters.map((l) => l.addresseeId)).toEqual(['kh-copy']);
    expect(planLetters(input({ only: ['nobody'] })).problems.map(formatProblem)).toEqual([
      'recipients/test-roster.yaml: only: no addressee "nobody" among this petition\'s To and Cc groups (see the ids with `petition preview`)',
    ]);
  });

  it.each([
    [
      'a template naming a missing field',
      { templates: repoTemplates((s) => (s.languages.en!.closing = { path: 'templates/en/closing.hbs', text: 'Yours,\n{{addressee.postcode}}' })) },
      /^templates\/en\/closing\.hbs:2:1: addressee\.postcode: no such field for this letter/,
    ],
    [
      'a helper given a missing field',
      { templates: repoTemplates((s) => (s.languages.en!.count = { path: 'templates/en/count.hbs', text: 'We are {{number signatures.people}}.' })) },
      /^templates\/en\/count\.hbs:1:8: signatures\.people: no such field for this letter/,
    ],
    [
      'a body naming a missing field',
      { petition: petitionMd.replace('2. Second point.', '2. Second point, {{addressee.nickname}}.') },
      /^petitions\/test\/petition\.md:27:\d+: addressee\.nickname: no such field/,
    ],
    [
      'an empty place used without a guard',
      {
        petition: petitionMd.replace('place: Vancouver, Canada', 'place: ""'),
        templates: repoTemplates((s) => (s.languages.en!.dateline = { path: 'templates/en/dateline.hbs', text: '{{petition.place}}, {{date petition.date}}' })),
      },
      /^templates\/en\/dateline\.hbs:1:1: petition\.place: no such field/,
    ],
    [
      'an unknown group in To',
      { petition: petitionMd.replace('to: [un, signatory]', 'to: [un, ministers]') },
      /^petitions\/test\/petition\.md:13: to: unknown group "ministers" in roster test-roster/,
    ],
    ['a letter language without a salutation', { roster: rosterYaml.replace('      km: ជម្រាបមក លោក កឹម សុខា\n', '') }, /addressees\.kh-copy\.salutation\.km: no "km" salutation for a km letter/],
  ])('%s is an error naming file, line and field', (_name, options, expected) => {
    const found = planLetters(input(options)).problems.map(formatProblem);
    expect(
      found.some((l) => expected.test(l)),
      found.join('\n'),
    ).toBe(true);
  });
});
