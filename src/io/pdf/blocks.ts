// Drawing Markdown blocks (from markdown.ts) onto a canvas: headings kept with what follows, list markers on the
// first line's baseline, a grey bar beside quotes.
import { Canvas, LINE_SPACING } from './canvas.js';
import path from 'node:path';
import { PdfInputError } from './errors.js';
import type { Block } from './markdown.js';

const LIST_INDENT = 18;
const QUOTE_INDENT = 14;
const PARAGRAPH_GAP = 5;

export function drawBlocks(canvas: Canvas, blocks: readonly Block[], language: string, assetsDir?: string): void {
  for (const block of blocks) {
    if (block.kind === 'image') {
      drawImage(canvas, block, assetsDir);
      continue;
    }
    if (block.kind === 'rule') {
      canvas.ensureSpace(12);
      canvas.doc.save().lineWidth(0.5).strokeColor('#999999');
      canvas.doc
        .moveTo(canvas.left, canvas.y + 5)
        .lineTo(canvas.right, canvas.y + 5)
        .stroke()
        .restore();
      canvas.y += 12;
      continue;
    }
    if (block.kind === 'heading') {
      const lines = canvas.layout(block.spans);
      // keep a heading with at least two lines of what follows
      canvas.ensureSpace(lines.reduce((h, l) => h + Canvas.lineHeight(l), 0) + 36);
      canvas.y += 4;
      canvas.flow(lines, { language });
      canvas.y += 3;
      continue;
    }
    const x = canvas.left + block.indent * LIST_INDENT + block.quote * QUOTE_INDENT;
    const lines = canvas.layout(block.spans, canvas.right - x);
    const first = lines[0];
    if (!first) continue;
    canvas.ensureSpace(Canvas.lineHeight(first));
    const top = canvas.y;
    const page = canvas.pages;
    if (block.marker) {
      const size = block.spans[0]?.style.size ?? 10;
      canvas.label(block.marker, x - 5, canvas.y + first.ascent * LINE_SPACING, { size }, 'right');
    }
    canvas.flow(lines, { x, language });
    if (block.quote > 0 && canvas.pages === page) {
      const barX = x - QUOTE_INDENT / 2 - 2;
      canvas.doc
        .save()
        .lineWidth(2)
        .strokeColor('#bbbbbb')
        .moveTo(barX, top + 2)
        .lineTo(barX, canvas.y - 2)
        .stroke()
        .restore();
    }
    canvas.y += PARAGRAPH_GAP;
  }
}

const MAX_IMAGE_HEIGHT = 260;

/** A PNG or JPEG from the petition folder, scaled to the text width (and a third of a page at most). */
function drawImage(canvas: Canvas, block: Extract<Block, { kind: 'image' }>, assetsDir: string | undefined): void {
  const file = path.resolve(assetsDir ?? '.', block.href);
  let image: { width: number; height: number };
  try {
    // openImage is pdfkit's (untyped) loader: it reads the size, and the registry reuses the image when drawn.
    image = (canvas.doc as unknown as { openImage(src: string): { width: number; height: number } }).openImage(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not a PNG or JPEG image';
    throw new PdfInputError(file, `image "${block.href}" ${reason}`, 'put the image beside petition.md and link it by a relative path');
  }
  const x = canvas.left + block.indent * LIST_INDENT;
  const scale = Math.min(1, (canvas.right - x) / image.width, MAX_IMAGE_HEIGHT / image.height);
  const height = image.height * scale;
  canvas.ensureSpace(height + PARAGRAPH_GAP);
  canvas.doc.image(image as unknown as Buffer, x, canvas.y, { width: image.width * scale, height });
  canvas.y += height + PARAGRAPH_GAP;
}
