// Reading a PDF back with poppler: the fonts check on a real file that does not embed its font (pdfkit's standard
// Helvetica), and word boxes as pdftotext -bbox gives them.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { fontsNotEmbedded, parseBoxes, readWordBoxes } from '../../src/io/print/read-back.js';
import { tempDir } from '../pdf/helpers.js';

const temp = await tempDir();
afterAll(() => temp.cleanup());

async function helveticaPdf(file: string): Promise<void> {
  const doc = new PDFDocument({ size: 'A4' });
  const done = new Promise<void>((resolve) => doc.pipe(createWriteStream(file)).on('finish', () => resolve()));
  doc.font('Helvetica').fontSize(12).text('Ms Ada & Example', 100, 200);
  doc.end();
  await done;
}

describe('reading a PDF back', () => {
  it('names a font that is not embedded', async () => {
    const file = join(temp.dir, 'helvetica.pdf');
    await helveticaPdf(file);
    expect(await fontsNotEmbedded(file, 'helvetica.pdf', 1, 1)).toEqual(['Helvetica']);
  });

  it("gives each word its box in points from the page's top left, entities read", async () => {
    const file = join(temp.dir, 'helvetica.pdf');
    await helveticaPdf(file);
    const [page] = await readWordBoxes(file, 'helvetica.pdf');
    expect(page).toMatchObject({ width: 595.28, height: 841.89 });
    expect(page?.words.map((w) => w.text)).toEqual(['Ms', 'Ada', '&', 'Example']);
    expect(page?.words[0]?.xMin).toBeCloseTo(100, 0);
    expect(page?.words[0]?.yMin).toBeGreaterThan(195);
    expect(page?.words[0]?.yMax).toBeLessThan(216);
  });

  it('reads an empty page as a page without words', () => {
    expect(parseBoxes('<doc><page width="10.5" height="20"></page><page width="1" height="2"><word xMin="1" yMin="2" xMax="3" yMax="4">a&lt;b</word></page></doc>')).toEqual([
      { width: 10.5, height: 20, words: [] },
      { width: 1, height: 2, words: [{ text: 'a<b', xMin: 1, yMin: 2, xMax: 3, yMax: 4 }] },
    ]);
  });
});
