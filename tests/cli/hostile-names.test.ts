import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject, petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';

// Names that are JavaScript's (constructor, __proto__, toString) are as unknown as any other; language codes must name
// a language; `validate` refuses what `send` would. Each row: the files changed, and the exact start of one error line.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const roster = (from: string, to: string) => ({ 'recipients/test-roster.yaml': rosterYaml.replace(from, to) });
const petitionText = (from: string, to: string) => ({ 'petitions/test/petition.md': petitionMd.replace(from, to) });
const noSenderEmail = petitionText('  email: committee@example.org\n', '');

const rows: [string, Record<string, string | null>, string][] = [
  ['to: [constructor]', petitionText('to: [un, signatory]', 'to: [constructor, signatory]'), 'petitions/test/petition.md:13: to: unknown group "constructor" in roster test-roster'],
  ['cc: [constructor]', petitionText('cc: [copy]', 'cc: [constructor]'), 'petitions/test/petition.md:14: cc: unknown group "constructor"'],
  ['group: constructor', roster('group: un', 'group: constructor'), 'recipients/test-roster.yaml:19: addressees.un-sg.group: unknown group "constructor"'],
  ['group: __proto__', roster('group: un', 'group: __proto__'), 'recipients/test-roster.yaml:19: addressees.un-sg.group: unknown group "__proto__"'],
  ['group: toString', roster('group: un', 'group: toString'), 'recipients/test-roster.yaml:19: addressees.un-sg.group: unknown group "toString"'],
  ['group: hasOwnProperty', roster('group: un', 'group: hasOwnProperty'), 'recipients/test-roster.yaml:19: addressees.un-sg.group: unknown group "hasOwnProperty"'],
  [
    '{{constructor}} in a template',
    { 'templates/en/closing.hbs': 'Yours,\n{{constructor}}' },
    'templates/en/closing.hbs:2:1: constructor: "constructor" is a name of JavaScript\'s, not a field of the letter',
  ],
  [
    '{{lookup addressee "__proto__"}} in the petition',
    petitionText('{{addressee.name}}', '{{lookup addressee "__proto__"}}'),
    'petitions/test/petition.md:24:31: lookup "__proto__": is a name of JavaScript\'s',
  ],
  ['a missing partial', { 'templates/en/closing.hbs': 'Yours,\n\n{{> footer}}' }, 'templates/en/closing.hbs:3:1: > footer: partials are not supported'],
  [
    'labels borrowed through __proto__',
    { 'templates/en/labels.yaml': 'locale: en-GB\nto: To\ncc: Cc\ncopy: Copy\npage: Page\n__proto__: { annex_title: Annex }\n' },
    'templates/en/labels.yaml:1: annex_title: is missing or empty',
  ],
  ['petition language xx', petitionText('language: en', 'language: xx'), 'petitions/test/petition.md:4: language: unknown language code "xx"'],
  ['addressee language xx', roster('    language: fr\n', '    language: xx\n'), 'recipients/test-roster.yaml:35: addressees.fr-minister.language: unknown language code "xx"'],
  [
    'salutation in language xx',
    roster('      fr: Monsieur le Ministre', '      fr: Monsieur le Ministre\n      xx: Hello'),
    'recipients/test-roster.yaml:39: addressees.fr-minister.salutation.xx: unknown language code "xx"',
  ],
  [
    'translation petition.xx.md',
    { 'petitions/test/petition.xx.md': petitionKmMd.replace('language: km', 'language: xx') },
    'petitions/test/petition.xx.md:2: language: unknown language code "xx" in the file name',
  ],
  [
    'a translation without templates',
    {
      'petitions/test/petition.de.md': '---\nlanguage: de\ntitle: Test\nsubject: Test\n---\nText.\n',
      'recipients/test-roster.yaml': rosterYaml
        .replace('    language: fr\n', '    language: de\n')
        .replace('      fr: Monsieur le Ministre', '      fr: Monsieur le Ministre\n      de: Sehr geehrter Herr Minister'),
    },
    'petitions/test/petition.de.md:2: language: no templates for "de" (letter to fr-minister) (add templates/de/)',
  ],
  [
    'an email letter without a sender',
    noSenderEmail,
    "petitions/test/petition.md:9: petitioner.email: is missing (an email letter needs a sender: add petitioner.email, or leave out the addressees' emails for print letters)",
  ],
];

describe('petition validate: names and languages', () => {
  it.each(rows)('%s → exit 2 with its file:line: field', (_name, files, expected) => {
    const dir = makeProject(files);
    dirs.push(dir);
    const r = petition(['validate'], dir);
    expect(r.code, r.stderr).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(
      errors.some((l) => l.startsWith(`error: ${expected}`)),
      r.stderr,
    ).toBe(true);
  });

  it('a petition without a sender email validates clean when every letter is a print letter', () => {
    const dir = makeProject({ ...noSenderEmail, ...roster('    email: sg@example.org\n', '') });
    dirs.push(dir);
    const r = petition(['validate'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 letter(s) merged without error');
  });
});
