// The text policy at load: every roster and front-matter field, bodies and templates, as `file:line: field: problem`.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { compileTemplates, type TemplateSources } from '../../src/core/templates.js';
import { repoTemplates } from '../support/templates.js';
import { templateTextProblems } from '../../src/core/text-fields.js';
import type { SignatureTally } from '../../src/core/types.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';

const rosterErrors = (yaml: string) => parseRoster(yaml, 'recipients/test-roster.yaml').problems.map(formatProblem);
const petitionErrors = (md: string, km = petitionKmMd) =>
  parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: md },
    translations: [{ path: 'petitions/test/petition.km.md', text: km, language: 'km' }],
  }).problems.map(formatProblem);

describe('the text policy in a roster', () => {
  it('passes the fixture', () => expect(rosterErrors(rosterYaml)).toEqual([]));

  it.each([
    ['ESC in a name', ['name: António Guterres', 'name: "António\\e[2J"'], 'recipients/test-roster.yaml:21: addressees.un-sg.name: holds a control character (U+001B)'],
    ['NUL in a title', ['title: Secretary-General', 'title: "Secretary\\0General"'], 'recipients/test-roster.yaml:22: addressees.un-sg.title: holds a NUL character (U+0000)'],
    [
      'a C1 control in an organisation',
      ['organization: United Nations', 'organization: "United\\x9bNations"'],
      'recipients/test-roster.yaml:23: addressees.un-sg.organization: holds a control character (U+009B)',
    ],
    [
      'a bidi override in a salutation',
      ['en: Dear Secretary-General', 'en: "Dear \\u202eSecretary"'],
      'recipients/test-roster.yaml:26: addressees.un-sg.salutation.en: holds a bidirectional control (U+202E)',
    ],
    ['a bidi isolate in a state name', ['name: France', 'name: "Fr\\u2066ance"'], 'recipients/test-roster.yaml:13: states.FR.name: holds a bidirectional control (U+2066)'],
    ['an RLM in an email', ['email: sg@example.org', 'email: "sg\\u200f@example.org"'], 'recipients/test-roster.yaml:28: addressees.un-sg.email: holds a bidirectional control (U+200F)'],
    ['NUL in an email', ['email: sg@example.org', 'email: "sg\\0@example.org"'], 'recipients/test-roster.yaml:28: addressees.un-sg.email: holds a NUL character (U+0000)'],
    ['a tab in a name', ['name: António Guterres', 'name: "António\\tGuterres"'], 'recipients/test-roster.yaml:21: addressees.un-sg.name: holds a tab (U+0009)'],
    ['ESC in a group description', ['un: United Nations', 'un: "United\\eNations"'], 'recipients/test-roster.yaml:8: groups.un: holds a control character (U+001B)'],
    ['a name of 301 characters', ['name: António Guterres', `name: ${'n'.repeat(301)}`], 'recipients/test-roster.yaml:21: addressees.un-sg.name: is longer than 300 characters (301)'],
    ['a 5 MB name', ['name: António Guterres', `name: ${'n'.repeat(5_000_000)}`], 'recipients/test-roster.yaml:21: addressees.un-sg.name: is longer than 300 characters (5000000)'],
  ])('%s', (_name, [from, to], expected) => {
    const started = performance.now();
    const errors = rosterErrors(rosterYaml.replace(from!, to!));
    expect(errors.filter((e) => e.startsWith(expected))).toHaveLength(1);
    expect(errors.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('reports a bad email once, as what the policy refuses', () => {
    const errors = rosterErrors(rosterYaml.replace('email: sg@example.org', 'email: "sg\\e@example.org"'));
    expect(errors.filter((e) => e.includes('addressees.un-sg.email'))).toEqual([
      'recipients/test-roster.yaml:28: addressees.un-sg.email: holds a control character (U+001B) (remove it: it is invisible and can rewrite a terminal)',
    ]);
  });
});

describe('the text policy in a petition', () => {
  it('passes the fixture', () => expect(petitionErrors(petitionMd)).toEqual([]));

  it.each([
    ['ESC in the title', ['title: Test petition', 'title: "Test\\e]0;pwned\\a"'], 'petitions/test/petition.md:2: title: holds a control character (U+001B)'],
    ['a bidi override in the subject', ['subject: Restore the Paris Peace Agreements', 'subject: "Restore \\u202e"'], 'petitions/test/petition.md:3: subject: holds a bidirectional control (U+202E)'],
    ['a subject of 301 characters', ['subject: Restore the Paris Peace Agreements', `subject: ${'s'.repeat(301)}`], 'petitions/test/petition.md:3: subject: is longer than 300 characters (301)'],
    ['NUL in the place', ['place: Vancouver, Canada', 'place: "Van\\0couver"'], 'petitions/test/petition.md:6: place: holds a NUL character (U+0000)'],
    ['ESC in the petitioner', ['name: Test Committee', 'name: "Test\\eCommittee"'], 'petitions/test/petition.md:9: petitioner.name: holds a control character (U+001B)'],
    ['NUL in the petitioner email', ['email: committee@example.org', 'email: "committee\\0@example.org"'], 'petitions/test/petition.md:11: petitioner.email: holds a NUL character (U+0000)'],
    ['a C1 control in a source label', ['label: online', 'label: "on\\x85line"'], 'petitions/test/petition.md:19: signatures.sources.0.label: contains a line break'],
    ['ESC in the body', ['2. Second point.', '2. Second \u001b[2J point.'], 'petitions/test/petition.md:27: body: holds a control character (U+001B)'],
    ['NUL in the body', ['1. First point.', '1. First\u0000 point.'], 'petitions/test/petition.md:26: body: holds a NUL character (U+0000)'],
  ])('%s', (_name, [from, to], expected) => {
    const errors = petitionErrors(petitionMd.replace(from!, to!));
    expect(errors.filter((e) => e.startsWith(expected))).toHaveLength(1);
  });

  it('checks a translation the same way', () => {
    const errors = petitionErrors(petitionMd, petitionKmMd.replace('យើងខ្ញុំសូមស្នើ។', 'យើងខ្ញុំ\u009bសូមស្នើ។'));
    expect(errors).toEqual(['petitions/test/petition.km.md:6: body: holds a control character (U+009B) (remove it: it is invisible and can rewrite a terminal)']);
  });

  it('allows a tab as a signature delimiter', () => {
    expect(petitionErrors(petitionMd.replace('      label: online', '      label: online\n      delimiter: "\\t"'))).toEqual([]);
  });
});

const tally: SignatureTally = {
  rows: 0,
  valid: 0,
  invalid: 0,
  duplicates: 0,
  unique: 0,
  invalidByReason: {},
  byCountry: {},
  bySource: {},
  byDay: {},
  rejects: [],
  declared: [{ source: 'paper forms', count: 10 }],
  declaredTotal: 10,
  total: 10,
  countries: 0,
  kind: 'person',
};

function plan(body: string, patch: (t: TemplateSources) => void = () => {}) {
  const sources = repoTemplates();
  patch(sources);
  const petition = parsePetition({ slug: 'test', dir: 'petitions/test', main: { path: 'petitions/test/petition.md', text: petitionMd.replace('1. First point.', body) }, translations: [] }).value!;
  const roster = parseRoster(rosterYaml, 'recipients/test-roster.yaml').value!;
  return planLetters({ petition: { ...petition, append: [] }, roster, tally, templates: compileTemplates(sources).value!, only: ['un-sg'] });
}

describe('templates', () => {
  it('passes the shipped templates', () => expect(templateTextProblems(repoTemplates())).toEqual([]));

  it('refuses a control character in a template at its line', () => {
    const sources = repoTemplates();
    sources.languages.en!.closing = { path: 'templates/en/closing.hbs', text: 'Yours,\n\u001b[2J{{petition.petitioner.name}}' };
    expect(templateTextProblems(sources).map(formatProblem)).toEqual(['templates/en/closing.hbs:2: holds a control character (U+001B) (remove it: it is invisible and can rewrite a terminal)']);
  });

  it('refuses a merged subject that is not one line', () => {
    const result = plan('1. First point.', (t) => void (t.languages.en!.subject = { path: 'templates/en/subject.hbs', text: '{{petition.subject}}\u2028Bcc: x@example.org' }));
    expect(result.letters).toEqual([]);
    expect(result.problems.map(formatProblem)).toEqual(['templates/en/subject.hbs: subject: the merged subject contains a line break (letter to un-sg) (keep it on one line)']);
  });
});

describe('links in the HTML email', () => {
  it.each([
    ['[click](javascript:alert(1))', 'click'],
    ['[click](JAVASCRIPT:alert(1))', 'click'],
    ['[img](data:text/html;base64,PHNjcmlwdD4=)', 'img'],
    ['[run](vbscript:msgbox)', 'run'],
    ['[local](file:///etc/passwd)', 'local'],
    ['[rel](/path)', 'rel'],
    ['<javascript:alert(1)>', 'javascript:alert(1)'],
    ['[ref][x]\n\n[x]: javascript:alert(1)', 'ref'],
    ['[**bold** text](javascript:x)', '<strong>bold</strong> text'],
  ])('%s becomes text', (markdown, shown) => {
    const letter = plan(`1. ${markdown}`).letters[0]!;
    expect(letter.html).not.toMatch(/<a\s/);
    expect(letter.html).toContain(shown);
    expect(letter.text).not.toMatch(/\((?:javascript|data|vbscript|file):/i);
  });

  it.each([
    ['[site](https://example.org/a)', '<a href="https://example.org/a">site</a>'],
    ['[site](http://example.org)', '<a href="http://example.org">site</a>'],
    ['[write](mailto:committee@example.org)', '<a href="mailto:committee@example.org">write</a>'],
    ['<https://example.org>', '<a href="https://example.org">https://example.org</a>'],
    ['committee@example.org', '<a href="mailto:committee@example.org">committee@example.org</a>'],
  ])('%s stays a link', (markdown, html) => {
    expect(plan(`1. ${markdown}`).letters[0]!.html).toContain(html);
  });
});
