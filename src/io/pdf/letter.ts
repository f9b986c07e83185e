// A letter to one addressee as PDF: letterhead, place and date, addressee, subject, the merged Markdown body, the
// appended translations, the signature count in a ruled box, closing, signatures, distribution list.
import type { LetterDocument } from '../../core/types.js';
import { Canvas, type RenderOptions } from './canvas.js';
import { loadFaces } from './fonts.js';
import { drawBlocks } from './blocks.js';
import { markdownBlocks, type Block } from './markdown.js';
import { PdfInputError } from './errors.js';
import type { StyledText, TextStyle } from './layout.js';
import { drawWindow, type WindowPlacement } from './window.js';

export type { RenderOptions } from './canvas.js';

const BODY = 10.5;
const SMALL = 8.5;
const HEADINGS = [14, 12.5, 11.5, 11] as const;
const BOX_PADDING = 8;

export async function renderLetterPdf(letter: LetterDocument, opts: RenderOptions): Promise<{ pages: number }> {
  const { body, sections } = letterBlocks(letter, opts);
  const faces = await loadFaces(opts.fontsDir);
  const contentKey = JSON.stringify({
    letter,
    paper: opts.paper ?? 'a4',
    date: opts.creationDate.toISOString(),
    title: opts.title,
    author: opts.author,
    fonts: Object.values(faces).map((f) => f.sha256),
  });
  const canvas = await Canvas.open(faces, opts, letter.language, contentKey);
  try {
    drawLetter(canvas, letter, body, sections, opts.assetsDir);
  } catch (error) {
    await canvas.abandon();
    throw error;
  }
  return canvas.finish();
}

/** The letter's Markdown as blocks; an empty body is bad input. */
function letterBlocks(letter: LetterDocument, opts: RenderOptions): { body: Block[]; sections: { language: string; title: string; blocks: Block[] }[] } {
  const body = markdownBlocks(letter.body, { size: BODY, headingSizes: HEADINGS });
  if (body.length === 0) {
    throw new PdfInputError(opts.source ?? opts.output, 'letter body is empty after merge', 'check the petition text and the template fields');
  }
  const sections = letter.sections.map((s) => ({ ...s, blocks: markdownBlocks(s.body, { size: BODY, headingSizes: HEADINGS }) }));
  return { body, sections };
}

/** A letter of a print pack, on the canvas's current page: the same layout, its address in the envelope's window. */
export function drawPrintLetter(canvas: Canvas, letter: LetterDocument, opts: RenderOptions, window: WindowPlacement): void {
  const { body, sections } = letterBlocks(letter, opts);
  drawLetter(canvas, letter, body, sections, opts.assetsDir, window);
}

function text(value: string, style: TextStyle): StyledText[] {
  return [{ text: value, style }];
}

function drawLetter(
  canvas: Canvas,
  letter: LetterDocument,
  body: readonly Block[],
  sections: readonly { language: string; title: string; blocks: Block[] }[],
  assetsDir: string | undefined,
  window?: WindowPlacement,
): void {
  const lang = letter.language;
  const plain: TextStyle = { size: BODY };
  drawHead(canvas, letter, window);

  if (letter.isCopy) {
    const notice = letter.copyNotice ?? 'Copy for information';
    drawRuledBox(canvas, text(notice, { size: 9.5, italic: true, color: '#7a1f1f' }), lang, '#7a1f1f');
    canvas.y += 10;
  }

  canvas.paragraph(text(letter.subject, { size: 11, bold: true }), { language: lang, after: 12 });
  canvas.paragraph(text(letter.salutation, plain), { language: lang, after: 6 });
  drawBlocks(canvas, body, lang, assetsDir);

  for (const section of sections) {
    canvas.y += 10;
    const title = canvas.layout(text(section.title, { size: 12.5, bold: true }));
    canvas.ensureSpace(title.reduce((h, l) => h + Canvas.lineHeight(l), 0) + 40);
    canvas.flow(title, { language: section.language });
    canvas.y += 4;
    drawBlocks(canvas, section.blocks, section.language, assetsDir);
  }

  if (letter.countSentence.trim()) {
    canvas.y += 6;
    drawRuledBox(canvas, text(letter.countSentence, { size: BODY, bold: true }), lang, '#333333');
    canvas.y += 12;
  }

  canvas.paragraph(text(letter.closing, plain), { language: lang });
  canvas.y += 28; // room for a handwritten signature on the printed copy
  letter.signature.forEach((line, i) => canvas.paragraph(text(line, i === 0 ? { size: BODY, bold: true } : plain), { language: lang }));

  const { to, cc, labels } = letter.distribution;
  if (to.length > 0 || cc.length > 0) {
    canvas.y += 16;
    const small: TextStyle = { size: SMALL, color: '#333333' };
    const label: TextStyle = { ...small, bold: true };
    // "label: name; name", as the email's letter.md template writes the list.
    if (to.length > 0)
      canvas.paragraph(
        [
          { text: `${labels.to}: `, style: label },
          { text: to.join('; '), style: small },
        ],
        { language: lang, after: 3 },
      );
    if (cc.length > 0)
      canvas.paragraph(
        [
          { text: `${labels.cc}: `, style: label },
          { text: cc.join('; '), style: small },
        ],
        { language: lang },
      );
    // When groups stand for their names, the sentence that points to the enclosed full list.
    if (letter.distribution.annex) {
      canvas.y += 3;
      canvas.paragraph(text(letter.distribution.annex.note, { ...small, italic: true }), { language: lang });
    }
  }
}

/** Letterhead, place and date, and the address: under the date, or in the envelope's window of a print pack. */
function drawHead(canvas: Canvas, letter: LetterDocument, window: WindowPlacement | undefined): void {
  const lang = letter.language;
  const plain: TextStyle = { size: BODY };
  // Letterhead: the petitioner's name, then address and contact lines, ruled off.
  letter.letterhead.forEach((line, i) => {
    canvas.paragraph(text(line, i === 0 ? { size: 13, bold: true } : { size: SMALL, color: '#444444' }), { language: lang });
  });
  if (letter.letterhead.length > 0) {
    canvas.y += 4;
    canvas.doc.save().lineWidth(0.75).strokeColor('#666666').moveTo(canvas.left, canvas.y).lineTo(canvas.right, canvas.y).stroke().restore();
    canvas.y += 14;
  }

  if (window) drawWindow(canvas, window, lang); // the date then goes below the window, where nothing shows through
  canvas.paragraph(text(letter.placeAndDate, plain), { align: 'right', language: lang, after: 14 });

  if (!window) for (const line of letter.addresseeBlock) canvas.paragraph(text(line, plain), { language: lang });
  canvas.y += 14;
}

/** Text inside a thin ruled box, kept on one page (a box is at most a few lines). */
function drawRuledBox(canvas: Canvas, spans: StyledText[], language: string, color: string): void {
  const lines = canvas.layout(spans, canvas.width - 2 * BOX_PADDING);
  const height = lines.reduce((h, l) => h + Canvas.lineHeight(l), 0) + 2 * BOX_PADDING;
  canvas.ensureSpace(height);
  canvas.doc.save().lineWidth(0.8).strokeColor(color).rect(canvas.left, canvas.y, canvas.width, height).stroke().restore();
  canvas.y += BOX_PADDING;
  canvas.flow(lines, { x: canvas.left + BOX_PADDING, width: canvas.width - 2 * BOX_PADDING, language });
  canvas.y += BOX_PADDING;
}
