// Canvas.drawLine writes the glyphs our layout shaped straight into the content stream instead of asking pdfkit's
// text() to lay them out again (issue 16). The PDF must be the one pdfkit's own drawing makes, byte for byte: the
// same lines are drawn both ways into two documents, which must be equal files — for Latin with kerning, marks placed
// by offsets (Khmer, a Latin letter with a combining mark), spaces, tabs, links, colours, sizes and a second page.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Canvas, LINK_COLOR } from '../../src/io/pdf/canvas.js';
import { loadFaces, type FaceSet } from '../../src/io/pdf/fonts.js';
import type { Line, StyledText } from '../../src/io/pdf/layout.js';
import { KHMER_PARAGRAPH, VIETNAMESE_PARAGRAPH } from './fixtures/letters.js';
import { FONTS_DIR, extractText, tempDir, withoutWhitespace } from './helpers.js';

const creationDate = new Date('2017-10-23T09:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
let faces: FaceSet;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  faces = await loadFaces(FONTS_DIR);
});
afterAll(() => cleanup());

const PARAGRAPHS: StyledText[][] = [
  [{ text: 'AVATAR To Ty Wa — “quoted”, ‘single’, fi fl ffi; 1,234.56 % & (brackets) \\ back', style: { size: 10.5 } }],
  [
    { text: 'Bold start ', style: { size: 11, bold: true } },
    { text: 'then italic\tafter a tab,   three spaces ', style: { size: 10.5, italic: true } },
    { text: 'a link', style: { size: 10.5, link: 'https://example.org/a?b=c&d' } },
    { text: ' and grey.', style: { size: 8.5, color: '#444444' } },
  ],
  [{ text: `q\u0303 x\u0301\u0323 ${VIETNAMESE_PARAGRAPH}`, style: { size: 10.5 } }],
  [{ text: KHMER_PARAGRAPH, style: { size: 10.5 } }],
  [{ text: `ក្រុង ត្រូវ ហ្សាំ ${KHMER_PARAGRAPH}`, style: { size: 12.5, bold: true } }],
  [{ text: 'Mixed ខ្មែរ and Latin on one line, ស្ត្រី ព្រឹទ្ធ.', style: { size: 9.5, italic: true, color: '#7a1f1f' } }],
];

/** Canvas.drawLine as it was: pdfkit's text fragment for each piece, after the same font and colour calls. */
function drawLineWithPdfkit(canvas: Canvas, line: Line, x: number, baseline: number, language: string): void {
  const doc = canvas.doc;
  const internals = doc as unknown as {
    _initOptions(x: number, y: number, options: Record<string, unknown>): Record<string, unknown>;
    _fragment(text: string, x: number, y: number, options: Record<string, unknown>): void;
  };
  doc.markContent('Span', { actual: line.text, lang: language });
  for (const piece of line.pieces) {
    doc
      .font(piece.face.name)
      .fontSize(piece.style.size)
      .fillColor(piece.style.link ? LINK_COLOR : (piece.style.color ?? '#111111'));
    const options = internals._initOptions(x + piece.x, baseline, { lineBreak: false, baseline: 'alphabetic', textWidth: piece.width });
    internals._fragment(piece.text, x + piece.x, baseline, options);
    if (piece.style.link) {
      const ascent = (piece.face.ascent * piece.style.size) / piece.face.unitsPerEm;
      const descent = (piece.face.descent * piece.style.size) / piece.face.unitsPerEm;
      doc.link(x + piece.x, baseline - ascent, piece.width, ascent + descent, piece.style.link);
    }
  }
  doc.endMarkedContent();
}

async function render(name: string, draw: (canvas: Canvas, line: Line, x: number, baseline: number) => void): Promise<Buffer> {
  const output = path.join(dir, name);
  const canvas = await Canvas.open(faces, { creationDate, fontsDir: FONTS_DIR, output, title: 'Glyph runs' }, 'en', 'same content key');
  for (let round = 0; round < 3; round++) {
    for (const spans of PARAGRAPHS) {
      for (const line of canvas.layout(spans)) {
        canvas.ensureSpace(Canvas.lineHeight(line));
        draw(canvas, line, canvas.left, canvas.y + line.ascent);
        canvas.y += Canvas.lineHeight(line);
      }
    }
  }
  await canvas.finish();
  return readFile(output);
}

describe('drawing shaped glyphs directly', () => {
  it('writes the same PDF, byte for byte, as pdfkit drawing the same pieces', async () => {
    const reference = await render('pdfkit.pdf', (canvas, line, x, baseline) => drawLineWithPdfkit(canvas, line, x, baseline, 'en'));
    const direct = await render('direct.pdf', (canvas, line, x, baseline) => canvas.drawLine(line, x, baseline, 'en'));
    expect(direct.length).toBe(reference.length);
    expect(direct.equals(reference)).toBe(true);
  });

  it('reads back as the source text, Khmer included, over more than one page', async () => {
    const text = extractText(path.join(dir, 'direct.pdf'));
    expect(text).toContain('\f');
    expect(withoutWhitespace(text)).toContain(withoutWhitespace(KHMER_PARAGRAPH));
    expect(text).toContain('then italic');
  });
});
