// Every word a PDF prints of its own comes from templates/<lang>/labels.yaml: a Khmer or French letter's distribution
// list and annex carry no English label, the letter's list reads as its email's, and numbers follow the labels' locale.
// The English labels looked for are read from templates/en/labels.yaml, so a label added there and leaked is caught.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { COUNT_PLACEHOLDER, labelKeys, withCount, type LabelKey } from '../../src/core/template-labels.js';
import { compileTemplates, type Labels } from '../../src/core/templates.js';
import type { Letter, SignatureTally } from '../../src/core/types.js';
import { renderAnnexPdf } from '../../src/io/pdf/annex.js';
import { renderLetterPdf } from '../../src/io/pdf/letter.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';
import { repoLabels, repoTemplates } from '../support/templates.js';
import { FONTS_DIR, extractText, normalizeWhitespace, tempDir, withoutWhitespace } from './helpers.js';

const creationDate = new Date('2017-10-23T00:00:00Z');
const english = repoLabels('en');
const khmer = repoLabels('km');
const french = repoLabels('fr');

const petitionFrMd = `---
language: fr
title: Pétition d’essai
subject: Rétablir les accords de paix de Paris
---
Nous, soussignés, vous demandons, {{addressee.name}}, d’agir.
`;

/** 22 countries with signatures: the bar chart shows 20 and one bar for the other 2. */
const countries = ['KH', 'FR', 'US', 'CA', 'AU', 'DE', 'JP', 'TH', 'VN', 'GB', 'NZ', 'BE', 'CH', 'IT', 'ES', 'NL', 'SE', 'NO', 'DK', 'FI', 'KR', 'ZZ'];
const tally: SignatureTally = {
  rows: 1210,
  valid: 1200,
  invalid: 10,
  duplicates: 7,
  unique: 1193,
  invalidByReason: { 'bad-email': 10 },
  byCountry: Object.fromEntries(countries.map((code, i) => [code, 200 - i * 9])),
  bySource: { web: 1193 },
  byDay: { '2017-10-01': 200, '2017-10-10': 593, '2017-10-20': 400 },
  rejects: [],
  declared: [{ source: 'paper', count: 250 }],
  declaredTotal: 250,
  total: 1443,
  countries: 21,
  kind: 'person',
};
const NAMES_CAP = 10;
const NAMES = 30;

/** The words of a label around its {count}, if it has one. */
const wordsOf = (label: string): string[] =>
  label
    .split(COUNT_PLACEHOLDER)
    .map((part) => part.trim())
    .filter((part) => part !== '');
const printedKeys = labelKeys.filter((key) => key !== 'locale');
/** The keys the annex prints on its pages (annex_title is the PDF's title, not on a page). */
const annexPageKeys = labelKeys.filter((key): key is LabelKey => key.startsWith('annex_') && key !== 'annex_title');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** English labels found in `text` as whole words, leaving out words the other language shares (French "Total"). */
function englishLabelsIn(text: string, own: Labels): string[] {
  const shared = new Set(printedKeys.flatMap((key) => wordsOf(own[key])));
  const words = printedKeys.flatMap((key) => wordsOf(english[key])).filter((word) => !shared.has(word));
  expect(words).toEqual(expect.arrayContaining([english.to, english.cc, english.annex_country])); // the real list, never an empty one
  // Whole Latin words: Khmer runs without spaces, so a label glued to Khmer letters still counts.
  return words.filter((word) => new RegExp(`(?<!\\p{Script=Latin})${escapeRegExp(word)}(?!\\p{Script=Latin})`, 'u').test(normalizeWhitespace(text)));
}

/** The fixture campaign planned with the repository's templates, with a French text besides the Khmer one. */
function plannedLetters(): Letter[] {
  const petition = parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: petitionMd },
    translations: [
      { path: 'petitions/test/petition.km.md', text: petitionKmMd, language: 'km' },
      { path: 'petitions/test/petition.fr.md', text: petitionFrMd, language: 'fr' },
    ],
  });
  const roster = parseRoster(rosterYaml, 'recipients/test-roster.yaml');
  const templates = compileTemplates(repoTemplates());
  const plan = planLetters({ petition: petition.value!, roster: roster.value!, tally, templates: templates.value! });
  expect([...petition.problems, ...roster.problems, ...templates.problems, ...plan.problems].filter((p) => p.severity === 'error')).toEqual([]);
  return plan.letters;
}

/** The email's distribution lines: those of its text/plain part that start with the language's To or Cc label. */
const emailDistribution = (letter: Letter, labels: Labels): string[] => letter.text.split('\n').filter((line) => line.startsWith(`${labels.to}: `) || line.startsWith(`${labels.cc}: `));

let dir: string;
let cleanup: () => Promise<void>;
const texts = new Map<string, string>();
const letters = new Map<string, Letter>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const letter of plannedLetters()) {
    letters.set(letter.language, letter);
    const output = path.join(dir, `${letter.addresseeId}.${letter.language}.pdf`);
    await renderLetterPdf(letter.document, { creationDate, fontsDir: FONTS_DIR, output });
    texts.set(`letter.${letter.language}`, extractText(output));
  }
  for (const [language, labels, title] of [
    ['km', khmer, 'ញត្តិសាកល្បង'],
    ['fr', french, 'Pétition d’essai'],
  ] as const) {
    const output = path.join(dir, `annex.${language}.pdf`);
    const names = Array.from({ length: NAMES }, (_, i) => (language === 'km' ? `សុខ សុភា ${i + 1}` : `Signataire ${i + 1}`));
    await renderAnnexPdf({ title, language, labels, tally, names, namesCap: NAMES_CAP, generatedFor: title }, { creationDate, fontsDir: FONTS_DIR, output });
    texts.set(`annex.${language}`, extractText(output));
  }
});
afterAll(() => cleanup());

describe.each([
  ['km', khmer, withoutWhitespace],
  ['fr', french, normalizeWhitespace],
] as const)('%s PDFs: every label from labels.yaml', (language, labels, comparable) => {
  const numbers = new Intl.NumberFormat(labels.locale);

  it('the letter ends with the distribution list of its email, under the language’s own labels', () => {
    const letter = letters.get(language)!;
    const text = texts.get(`letter.${language}`)!;
    const list = text.slice(text.lastIndexOf(`${labels.to}:`));
    const lines = emailDistribution(letter, labels);
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => line.slice(0, line.indexOf(': ')))).toEqual([labels.to, labels.cc]);
    for (const line of lines) expect(comparable(list)).toContain(comparable(line));
    expect(englishLabelsIn(list, labels)).toEqual([]);
  });

  it('the annex prints each of its labels in the language, and no English one', () => {
    const text = texts.get(`annex.${language}`)!;
    const expected = annexPageKeys.map((key) =>
      key === 'annex_other_countries' ? withCount(labels[key], numbers.format(2)) : key === 'annex_and_more' ? withCount(labels[key], numbers.format(NAMES - NAMES_CAP)) : labels[key],
    );
    for (const label of expected) expect(comparable(text), label).toContain(comparable(label));
    expect(englishLabelsIn(text, labels)).toEqual([]);
  });

  it('the annex writes counts and dates in the digits of the labels’ locale', () => {
    const text = comparable(texts.get(`annex.${language}`)!);
    for (const value of [numbers.format(tally.total), numbers.format(tally.rows), '2017-10-01'.replace(/\d/g, (d) => numbers.format(Number(d)))]) expect(text).toContain(comparable(value));
  });
});

describe('the English-label check itself', () => {
  it.each([
    ['ជូនចំពោះ: លោក កឹម សុខា', []],
    ['To: Mr Kem Sokha', ['To']],
    ['សរុបTotal ១.៤៤៣', ['Total']],
    ['Unique\nsignatures by country', ['Unique signatures', 'Unique signatures by country']],
    ['… and 20 more', ['… and', 'more']],
    ['Toronto, Totalement', []],
  ])('in %j finds %j', (text, found) => {
    expect(englishLabelsIn(text, khmer)).toEqual(found);
  });
});

describe('a Khmer annex', () => {
  it('has no number in Latin digits but the page footer', () => {
    const text = texts.get('annex.km')!.replace(/\d+ \/\s+\d+/g, ''); // "1 / 3", the total read back on a line of its own
    const latinNumbers = text.match(/[0-9]+/g) ?? [];
    // only the signers' own names carry Latin digits (សុខ សុភា 1 … 10)
    expect(latinNumbers.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: NAMES_CAP }, (_, i) => String(i + 1)));
  });
});
