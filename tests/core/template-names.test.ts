import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { isJavascriptName } from '../../src/core/template-check.js';
import { compileTemplates, type TemplateSources } from '../../src/core/templates.js';
import { repoTemplates } from '../support/templates.js';
import type { SignatureTally } from '../../src/core/types.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';

// Templates are compiled and merged by these pure functions on every path (validate, preview, render, send).

function templates(closing: string): TemplateSources {
  return repoTemplates((s) => {
    s.languages.en!.closing = { path: 'templates/en/closing.hbs', text: closing };
  });
}

const tally: SignatureTally = {
  rows: 3,
  valid: 3,
  invalid: 0,
  duplicates: 0,
  unique: 3,
  invalidByReason: {},
  byCountry: { CA: 3 },
  bySource: { online: 3 },
  byDay: {},
  rejects: [],
  declared: [],
  declaredTotal: 0,
  total: 3,
  countries: 1,
  kind: 'person',
};

/** Every error of a plan with this closing template (and this petition text), formatted as the user sees it. */
function errorsWith(closing: string, body = 'We ask you, {{addressee.name}}, to act.\n'): string[] {
  const compiled = compileTemplates(templates(closing));
  const petition = parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: `${petitionMd.slice(0, petitionMd.lastIndexOf('---\n'))}---\n${body}` },
    translations: [{ path: 'petitions/test/petition.km.md', text: petitionKmMd, language: 'km' }],
  });
  const roster = parseRoster(rosterYaml, 'recipients/test-roster.yaml');
  const plan = compiled.value && petition.value && roster.value ? planLetters({ petition: petition.value, roster: roster.value, tally, templates: compiled.value }) : undefined;
  return [...compiled.problems, ...petition.problems, ...roster.problems, ...(plan?.problems ?? [])].filter((p) => p.severity === 'error').map(formatProblem);
}

describe('template names and errors', () => {
  it('the repository templates merge without error', () => {
    expect(errorsWith('Yours,\n{{addressee.name}}')).toEqual([]);
  });

  it.each([
    'name',
    'title',
    'subject',
    'date',
    'place',
    'language',
    'organization',
    'country',
    'group',
    'total',
    'unique',
    'countries',
    'to',
    'cc',
    'copy',
    'page',
    'body',
    'sections',
    'signature',
    'distribution',
  ])("a field of the letter, %s, is not taken for one of JavaScript's names", (field) => expect(isJavascriptName(field)).toBe(false));

  it.each([
    // closing template, the exact start of the one error it gives
    ['{{constructor}}', 'templates/en/closing.hbs:2:1: constructor: "constructor" is a name of JavaScript\'s'],
    ['{{__proto__}}', 'templates/en/closing.hbs:2:1: __proto__: "__proto__" is a name of JavaScript\'s'],
    ['{{addressee.toString}}', 'templates/en/closing.hbs:2:1: addressee.toString: "toString" is a name'],
    ['{{addressee.hasOwnProperty}}', 'templates/en/closing.hbs:2:1: addressee.hasOwnProperty: "hasOwnProperty" is a name'],
    ['{{addressee.name.length}}', 'templates/en/closing.hbs:2:1: addressee.name.length: "length" is a name of JavaScript\'s, not a field of the letter (to test a list, write {{#if list}})'],
    ['{{@root.constructor}}', 'templates/en/closing.hbs:2:1: @root.constructor: "constructor" is a name'],
    ['x {{#with addressee}}{{constructor}}{{/with}}', 'templates/en/closing.hbs:2:22: constructor: "constructor" is a name'],
    ['{{lookup addressee "__proto__"}}', 'templates/en/closing.hbs:2:1: lookup "__proto__": is a name of JavaScript\'s'],
    ['{{number (lookup signatures "constructor")}}', 'templates/en/closing.hbs:2:1: lookup "constructor": is a name'],
    ['{{lookup addressee letter.language}}', 'templates/en/closing.hbs:2:1: addressee: no field "en" for this letter (letter to un-sg)'],
    ['{{addressee.fax}}', 'templates/en/closing.hbs:2:1: addressee.fax: no such field for this letter (letter to un-sg)'],
    ['  {{addressee.name.first}}', 'templates/en/closing.hbs:2:3: addressee.name.first: addressee.name is a single value, it has no field "first" (letter to un-sg)'],
    ['{{number addressee.fax}}', 'templates/en/closing.hbs:2:1: addressee.fax: no such field for this letter (letter to un-sg)'],
    ['{{number petition.date}}', 'templates/en/closing.hbs:2:1: petition.date: "2017-10-23" is not a number (letter to un-sg)'],
    ['{{country "constructor"}}', 'templates/en/closing.hbs:2:1: country: "constructor" is not a country code (letter to un-sg)'],
    ['{{@foo}}', 'templates/en/closing.hbs:2:1: @foo: is not a Handlebars @ variable'],
    ['{{> footer}}', 'templates/en/closing.hbs:2:1: > footer: partials are not supported'],
    ['{{#> footer}}x{{/footer}}', 'templates/en/closing.hbs:2:1: > footer: partials are not supported'],
    ['{{#if}}x{{/if}}', 'templates/en/closing.hbs:2:1: if: takes 1 argument, not 0'],
    ['{{#each}}x{{/each}}', 'templates/en/closing.hbs:2:1: each: takes 1 argument, not 0'],
    ['{{#if a b}}x{{/if}}', 'templates/en/closing.hbs:2:1: if: takes 1 argument, not 2'],
    ['{{number}}', 'templates/en/closing.hbs:2:1: number: takes 1 argument, not 0'],
    ['{{shout addressee.name}}', 'templates/en/closing.hbs:2:1: shout: is not a helper (helpers: if, unless, each, with, lookup, number'],
    ['{{#shout}}x{{/shout}}', 'templates/en/closing.hbs:2:1: shout: is not a block helper'],
    ['{{#addressee}}x{{/addressee}}', 'templates/en/closing.hbs:2:1: addressee: is not a block helper'],
    ['{{log addressee.name}}', 'templates/en/closing.hbs:2:1: log: is not a helper'],
    ['{{if addressee.name}}', 'templates/en/closing.hbs:2:1: if: is a block helper: write {{#if …}}…{{/if}}'],
    ['{{#number 1}}x{{/number}}', 'templates/en/closing.hbs:2:1: number: is not a block helper: write {{number …}}'],
    ['{{#if addressee.name}}x', 'templates/en/closing.hbs:2: template syntax: Expecting'],
    ['{{#if addressee.name}}x{{/each}}', "templates/en/closing.hbs:2: template syntax: if doesn't match each"],
  ])('%s → %s', (template, expected) => {
    const errors = errorsWith(`Yours,\n${template}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(expected), errors[0]).toBe(true);
  });

  it.each([
    ['{{addressee.constructor}}', 'petitions/test/petition.md:24:1: addressee.constructor: "constructor" is a name'],
    ['Dear {{addressee.name}},\n\n{{#if}}x{{/if}}', 'petitions/test/petition.md:26:1: if: takes 1 argument, not 0'],
    ['We ask {{petitioner.fax}}.', 'petitions/test/petition.md:24:8: petitioner.fax: no such field for this letter (letter to un-sg)'],
  ])('petition text %s → %s', (body, expected) => {
    const errors = errorsWith('Yours,', body);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(expected), errors[0]).toBe(true);
  });
});
