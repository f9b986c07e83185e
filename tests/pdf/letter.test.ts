// Letters rendered to real PDF files, read back with pdftotext: every script must come back exactly as written.
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir, copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../../src/io/pdf/letter.js';
import { PdfInputError } from '../../src/io/pdf/errors.js';
import { FONT_FILES } from '../../src/io/pdf/fonts.js';
import { ENGLISH_PARAGRAPH, FRENCH_PARAGRAPH, KHMER_ITEM, KHMER_PARAGRAPH, VIETNAMESE_PARAGRAPH, sampleLetter } from './fixtures/letters.js';
import { FONTS_DIR, extractText, normalizeWhitespace, tempDir, withoutWhitespace } from './helpers.js';

const creationDate = new Date('2017-10-23T09:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
let text: string;
let pages: number;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const output = path.join(dir, 'letter.pdf');
  ({ pages } = await renderLetterPdf(sampleLetter(), { creationDate, fontsDir: FONTS_DIR, output, title: 'Petition & letter' }));
  text = extractText(output);
});
afterAll(() => cleanup());

describe('renderLetterPdf: text extracted back equals the source', () => {
  it('English, with the inline Markdown reduced to its words', () => {
    expect(normalizeWhitespace(text)).toContain(ENGLISH_PARAGRAPH);
    expect(normalizeWhitespace(text)).toContain('We urge the signatories to act. See the agreements and the annex.');
  });

  it('French', () => {
    expect(normalizeWhitespace(text)).toContain(FRENCH_PARAGRAPH);
  });

  it('Vietnamese, NFC', () => {
    expect(normalizeWhitespace(text)).toContain(VIETNAMESE_PARAGRAPH.normalize('NFC'));
  });

  it('Vietnamese typed decomposed (NFD) comes out composed', async () => {
    const output = path.join(dir, 'nfd.pdf');
    await renderLetterPdf(sampleLetter({ body: VIETNAMESE_PARAGRAPH.normalize('NFD'), sections: [] }), { creationDate, fontsDir: FONTS_DIR, output });
    expect(normalizeWhitespace(extractText(output))).toContain(VIETNAMESE_PARAGRAPH.normalize('NFC'));
  });

  it('Khmer, character for character', () => {
    const extracted = withoutWhitespace(text);
    expect(extracted).toContain(withoutWhitespace(KHMER_PARAGRAPH));
    expect(extracted).toContain(withoutWhitespace(KHMER_ITEM));
    expect(extracted).toContain('អត្ថបទជាភាសាខ្មែរ');
  });

  it('Khmer lines break only between words, never inside one', () => {
    const words = new Set([...new Intl.Segmenter('km', { granularity: 'word' }).segment(`${KHMER_PARAGRAPH} ${KHMER_ITEM}`)].map((s) => s.segment));
    const khmerLines = text.split('\n').filter((l) => /[\u1780-\u17ff]/.test(l) && l.trim() !== 'អត្ថបទជាភាសាខ្មែរ');
    expect(khmerLines.length).toBeGreaterThan(3);
    for (const line of khmerLines) {
      const segments = [...new Intl.Segmenter('km', { granularity: 'word' }).segment(line.trim())].map((s) => s.segment);
      const first = segments.find((s) => /[\u1780-\u17ff]/.test(s)) ?? '';
      const last = [...segments].reverse().find((s) => /[\u1780-\u17ff]/.test(s)) ?? '';
      expect(words, `line starts mid-word: ${line}`).toContain(first);
      expect(words, `line ends mid-word: ${line}`).toContain(last);
    }
  });

  it('has the letter parts and page numbers "n / N"', () => {
    const flat = normalizeWhitespace(text);
    for (const part of [
      'Mr. António Guterres',
      'Restore the 1991 Paris Peace Agreements for Cambodia',
      'Dear Secretary-General,',
      'This petition was signed by 12,345 people from 31 countries.',
      'To: Secretary-General of the United Nations',
      'Copies to: Minister for Foreign Affairs, France; Minister for Foreign Affairs, Indonesia',
    ]) {
      expect(flat).toContain(part);
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(flat).toContain(`1 / ${pages}`);
    expect(flat).toContain(`${pages} / ${pages}`);
  });

  it('prints the copy notice only on copies', async () => {
    expect(text).not.toContain('Copy for information');
    const output = path.join(dir, 'copy.pdf');
    await renderLetterPdf(sampleLetter({ isCopy: true, copyNotice: 'Copy for information: this letter is addressed to the Secretary-General.' }), { creationDate, fontsDir: FONTS_DIR, output });
    expect(normalizeWhitespace(extractText(output))).toContain('Copy for information: this letter is addressed to the Secretary-General.');
  });

  it('makes links real link annotations', async () => {
    const bytes = (await readFile(path.join(dir, 'letter.pdf'))).toString('latin1');
    expect(bytes).toMatch(/\/URI \(https:\/\/example\.org\/agreements\)/);
  });
});

describe('renderLetterPdf: byte-identical output', () => {
  it('renders the same bytes twice, with the given dates and a content-derived ID', async () => {
    const a = path.join(dir, 'a.pdf');
    const b = path.join(dir, 'b.pdf');
    await renderLetterPdf(sampleLetter(), { creationDate, fontsDir: FONTS_DIR, output: a });
    await new Promise((r) => setTimeout(r, 1100)); // a clock-derived date would now differ
    await renderLetterPdf(sampleLetter(), { creationDate, fontsDir: FONTS_DIR, output: b });
    const [bytesA, bytesB] = await Promise.all([readFile(a), readFile(b)]);
    const sha = (x: Buffer) => createHash('sha256').update(x).digest('hex');
    expect(sha(bytesA)).toBe(sha(bytesB));
    const raw = bytesA.toString('latin1');
    // CreationDate and ModDate carry the given date, and nothing carries the clock's
    expect(raw.match(/\(D:\d{14}Z\)/g)).toEqual(['(D:20171023090000Z)', '(D:20171023090000Z)']);
    expect(raw).toContain('<xmp:CreateDate>2017-10-23T09:00:00Z</xmp:CreateDate>');

    const c = path.join(dir, 'c.pdf');
    await renderLetterPdf(sampleLetter({ subject: 'Another subject' }), { creationDate, fontsDir: FONTS_DIR, output: c });
    const id = (pdf: string) => /\/ID \[(<[0-9a-f]+>)/.exec(pdf)?.[1];
    expect(id(raw)).toBeDefined();
    expect(id((await readFile(c)).toString('latin1'))).not.toBe(id(raw));
  }, 15_000);
});

describe('renderLetterPdf: bad input', () => {
  it('names a missing font file', async () => {
    const fontsDir = path.join(dir, 'fonts-missing-khmer');
    await mkdir(fontsDir, { recursive: true });
    for (const file of Object.values(FONT_FILES)) if (!file.startsWith('NotoSerifKhmer-Bold')) await copyFile(path.join(FONTS_DIR, file), path.join(fontsDir, file));
    const output = path.join(dir, 'no-font.pdf');
    const attempt = renderLetterPdf(sampleLetter(), { creationDate, fontsDir, output });
    await expect(attempt).rejects.toBeInstanceOf(PdfInputError);
    await expect(attempt).rejects.toThrow(`${path.join(fontsDir, 'NotoSerifKhmer-Bold.ttf')}: cannot read font file (ENOENT)`);
    expect((await readdir(dir)).filter((f) => f.startsWith('no-font') || f.includes('.partial'))).toEqual([]);
  });

  it('names a font file that is not a font', async () => {
    const fontsDir = path.join(dir, 'fonts-garbage');
    await mkdir(fontsDir, { recursive: true });
    for (const file of Object.values(FONT_FILES)) await copyFile(path.join(FONTS_DIR, file), path.join(fontsDir, file));
    await writeFile(path.join(fontsDir, 'NotoSerif-Italic.ttf'), 'not a font');
    await expect(renderLetterPdf(sampleLetter(), { creationDate, fontsDir, output: path.join(dir, 'garbage.pdf') })).rejects.toThrow(
      `${path.join(fontsDir, 'NotoSerif-Italic.ttf')}: not a usable font file`,
    );
  });

  it('refuses a body that renders to nothing, naming the source', async () => {
    const output = path.join(dir, 'empty.pdf');
    const attempt = renderLetterPdf(sampleLetter({ body: '  \n\n<!-- nothing -->\n' }), { creationDate, fontsDir: FONTS_DIR, output, source: 'petitions/2017/petition.md' });
    await expect(attempt).rejects.toBeInstanceOf(PdfInputError);
    await expect(attempt).rejects.toThrow('petitions/2017/petition.md: letter body is empty after merge');
    expect(await readdir(dir)).not.toContain('empty.pdf');
  });
});
