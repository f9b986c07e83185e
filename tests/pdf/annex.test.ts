// The signature annex: counts, countries by name in the annex language, charts as vector paths, capped names.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignatureTally } from '../../src/core/types.js';
import { renderAnnexPdf } from '../../src/io/pdf/annex.js';
import { repoLabels } from '../support/templates.js';
import { FONTS_DIR, extractText, normalizeWhitespace, tempDir } from './helpers.js';

const creationDate = new Date('2017-10-23T00:00:00Z');
const tally: SignatureTally = {
  rows: 1210,
  valid: 1200,
  invalid: 10,
  duplicates: 7,
  unique: 1193,
  invalidByReason: { 'bad-email': 10 },
  byCountry: { KH: 700, FR: 300, US: 150, ZZ: 43 },
  bySource: { web: 1193 },
  byDay: { '2017-10-01': 200, '2017-10-10': 593, '2017-10-20': 400 },
  rejects: [],
  declared: [{ source: 'paper, Phnom Penh', count: 250 }],
  declaredTotal: 250,
  total: 1443,
  countries: 3,
  kind: 'person',
};

function* signers(count: number): Generator<string> {
  for (let i = 1; i <= count; i++) yield i % 4 === 0 ? `សុខ សុភា ${i}` : `Signer Number ${i}`;
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe('renderAnnexPdf', () => {
  it('prints the counts and the countries in the annex language, charts drawn as paths', async () => {
    const output = path.join(dir, 'annex-fr.pdf');
    const { pages } = await renderAnnexPdf(
      { title: 'Annexe', language: 'fr', labels: repoLabels('fr'), tally, generatedFor: 'Ministre de l’Europe et des Affaires étrangères' },
      { creationDate, fontsDir: FONTS_DIR, output },
    );
    expect(pages).toBe(1);
    const text = normalizeWhitespace(extractText(output));
    const n = (x: number) => new Intl.NumberFormat('fr').format(x);
    for (const part of [
      `Lignes reçues ${n(1210)}`,
      `Signatures uniques ${n(1193)}`,
      'Lignes invalides 10',
      'Doublons retirés 7',
      `Total ${n(1443)}`,
      'Cambodge 700',
      'États-Unis 150',
      'non indiqué 43',
      '2017-10-01',
      '2017-10-20',
    ]) {
      expect(text).toContain(normalizeWhitespace(part)); // French groups digits with a narrow no-break space
    }
    expect(text).not.toContain('Cambodia');
    // charts are vector graphics, not images
    const raw = (await readFile(output)).toString('latin1');
    expect(raw).not.toContain('/Subtype /Image');
  });

  it('caps the names with a line saying how many more, in three columns', async () => {
    const output = path.join(dir, 'annex-capped.pdf');
    const { pages } = await renderAnnexPdf(
      { title: 'Annex', language: 'en', labels: repoLabels('en'), tally, names: signers(500), namesCap: 200, generatedFor: 'United Nations' },
      { creationDate, fontsDir: FONTS_DIR, output },
    );
    const text = extractText(output);
    expect(text).toContain('Signer Number 199');
    expect(text).toContain('សុខ សុភា 200');
    expect(text).not.toContain('Signer Number 201');
    expect(normalizeWhitespace(text)).toContain('… and 300 more');
    expect(pages).toBe(3);
  });

  it('prints every name when uncapped, from an async source, and never an email', async () => {
    async function* names() {
      yield* signers(400);
      yield 'Someone someone@example.org';
    }
    const output = path.join(dir, 'annex-all.pdf');
    await renderAnnexPdf(
      { title: 'Annex', language: 'en', labels: repoLabels('en'), tally, names: names(), namesCap: Infinity, generatedFor: 'Archive' },
      { creationDate, fontsDir: FONTS_DIR, output },
    );
    const text = extractText(output);
    expect(text).toContain('Signer Number 399');
    expect(text).not.toContain('more');
    expect(text).not.toContain('@');
    expect(text).toContain('Someone');
  });

  it('renders the same bytes twice', async () => {
    const a = path.join(dir, 'a.pdf');
    const b = path.join(dir, 'b.pdf');
    const input = () => ({ title: 'Annex', language: 'en', labels: repoLabels('en'), tally, names: signers(50), generatedFor: 'United Nations' });
    await renderAnnexPdf(input(), { creationDate, fontsDir: FONTS_DIR, output: a });
    await renderAnnexPdf(input(), { creationDate, fontsDir: FONTS_DIR, output: b });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
  });
});
