// A word of a megabyte (a web-form row without a space) must not stall a render: layout is linear in the text's
// length, an over-long word is broken between clusters, and every character comes back from the PDF.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignatureTally } from '../../src/core/types.js';
import { renderAnnexPdf } from '../../src/io/pdf/annex.js';
import { renderLetterPdf } from '../../src/io/pdf/letter.js';
import { sampleLetter } from './fixtures/letters.js';
import { repoLabels } from '../support/templates.js';
import { FONTS_DIR, extractText, tempDir, withoutWhitespace } from './helpers.js';

const creationDate = new Date('2017-10-23T09:00:00Z');
const MEGABYTE = 1_000_000;
/**
 * Bounds on the render's CPU time (other processes on a loaded machine do not count), generous: a 1 MB word is about
 * 230 pages, and pdfkit writing them takes most of a letter's time; the quadratic layout took minutes.
 */
const LETTER_BOUND_MS = 6_000;
const ANNEX_BOUND_MS = 3_000;

/** CPU milliseconds (user and system) that `run` takes. */
async function cpuTime(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Latin letters with accents and punctuation, no space or hyphen: one word. */
function latinWord(length: number): string {
  return 'Ánh_Nguyễn.Guterres,Ökonomie'.repeat(Math.ceil(length / 28)).slice(0, length);
}

/** Khmer words written together without a space (as Khmer is): the dictionary finds the words. */
function khmerRun(length: number): string {
  const words = 'ស្ត្រីកម្ពុជាប្រជាធិបតេយ្យការបោះឆ្នោតសេរី';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length - (length % words.length));
}

/** A run of one Khmer syllable that no dictionary word contains, so the whole run is one over-long word. */
function khmerSyllables(length: number): string {
  return 'ក្ក'.repeat(Math.floor(length / 3));
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await letterWith('warm up', 'warm-up.pdf'); // fonts and HarfBuzz loaded once, as in a real run
});
afterAll(() => cleanup());

async function letterWith(word: string, file: string): Promise<{ ms: number; output: string }> {
  const output = path.join(dir, file);
  const ms = await cpuTime(() => renderLetterPdf(sampleLetter({ body: `Before ${word} after.`, sections: [] }), { creationDate, fontsDir: FONTS_DIR, output }));
  return { ms, output };
}

const tally: SignatureTally = {
  rows: 3,
  valid: 3,
  invalid: 0,
  duplicates: 0,
  unique: 3,
  invalidByReason: {},
  byCountry: { KH: 3 },
  bySource: { web: 3 },
  byDay: { '2017-10-01': 3 },
  rejects: [],
  declared: [],
  declaredTotal: 0,
  total: 3,
  countries: 1,
  kind: 'person',
};

const englishLabels = repoLabels('en'); // read once, outside the timed renders

async function annexWith(name: string, file: string): Promise<{ ms: number; output: string }> {
  const output = path.join(dir, file);
  const ms = await cpuTime(() =>
    renderAnnexPdf(
      { title: 'Annex', language: 'en', labels: englishLabels, tally, names: ['First Signer', name, 'Last Signer'], generatedFor: 'United Nations' },
      { creationDate, fontsDir: FONTS_DIR, output },
    ),
  );
  return { ms, output };
}

/** pdftotext's word boxes on the last page (the names): text and right edge in points. */
function wordBoxes(file: string): { text: string; xMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * MEGABYTE });
  const pages = html.split('<page ');
  const last = pages[pages.length - 1] ?? '';
  return [...last.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[2] ?? '', xMax: Number(m[1]) }));
}

describe('a letter with a 1 MB word', () => {
  it.each([
    ['Latin', latinWord],
    ['Khmer without spaces', khmerRun],
    ['Khmer with no dictionary word', khmerSyllables],
  ])(
    '%s: renders within the bound, scales linearly, and reads back character for character',
    async (_name, make) => {
      const small = await letterWith(make(MEGABYTE / 10), 'small.pdf');
      const word = make(MEGABYTE);
      const large = await letterWith(word, 'large.pdf');
      expect(large.ms).toBeLessThan(LETTER_BOUND_MS);
      // ten times the text, about ten times the time: a quadratic layout would be a hundred times
      expect(large.ms / small.ms).toBeLessThan(20);
      const extracted = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', large.output, '-'], { encoding: 'utf8', maxBuffer: 64 * MEGABYTE });
      // each page's footer "n / N" comes in content order where the page starts; the words have no ASCII digits
      const text = withoutWhitespace(extracted).replace(/\d+\/\d+/g, '');
      expect(text.includes(`Before${word}after.`)).toBe(true);
      // broken between clusters: no line ends with a coeng (its consonant below would go to the next line) or starts with a mark
      const lines = extracted.split('\n');
      expect(lines.filter((l) => l.trimEnd().endsWith('\u17d2') || /^\p{M}/u.test(l))).toEqual([]);
    },
    30_000,
  );
});

describe('an annex with a 1 MB name', () => {
  it.each([
    ['Latin', latinWord],
    ['Khmer', khmerRun],
  ])(
    '%s: renders within the bound, the name cut with "…" inside its column',
    async (_name, make) => {
      const name = make(MEGABYTE);
      const { ms, output } = await annexWith(name, 'annex.pdf');
      expect(ms).toBeLessThan(ANNEX_BOUND_MS);
      const lines = extractText(output).split('\n');
      const shown = lines.find((l) => l.endsWith('…')) ?? '';
      expect(shown.length).toBeGreaterThan(5);
      expect(name.startsWith(shown.slice(0, -1))).toBe(true);
      expect(lines).toContain('First Signer');
      expect(lines).toContain('Last Signer');
      // A4, 62 pt margins, three columns with 12 pt gutters: the first column ends at 211 pt
      const columnEnd = 62 + (595.28 - 2 * 62 - 2 * 12) / 3;
      const box = wordBoxes(output).find((w) => w.text.endsWith('…'));
      expect(box?.xMax).toBeLessThanOrEqual(columnEnd);
    },
    30_000,
  );
});
