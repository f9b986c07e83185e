// A pdfkit document with our own flow: a cursor that moves down the page, page breaks we decide, lines drawn
// from the layout with an /ActualText span each, and "n / N" in every footer. The document streams to a
// temporary file beside the output and is renamed into place once complete, so a crash never leaves a
// truncated PDF under the real name.
import { mkdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { openTemporary } from '../archive/safe-path.js';
import type { FaceSet } from './fonts.js';
import { LayoutCache } from './layout-cache.js';
import { spanOperator } from './marked-content.js';
import { glyphRunOf, pdfNumber, runOperators, type EmbeddedFontInternals } from './glyph-run.js';
import { layoutParagraph, measure, type Line, type Piece, type StyledText, type TextStyle } from './layout.js';

export interface RenderOptions {
  paper?: 'a4' | 'letter';
  /** Written as CreationDate and ModDate: the petition date or SOURCE_DATE_EPOCH, never "now". */
  creationDate: Date;
  fontsDir: string;
  /** The PDF file to write. */
  output: string;
  title?: string;
  author?: string;
  /** The petition file the content came from, named in error messages. */
  source?: string;
  /** The folder relative image paths in the Markdown are read from (the petition's). */
  assetsDir?: string;
  /**
   * false: lines carry no /ActualText span. A print pack is checked from its word boxes (pdftotext -bbox), and poppler
   * gives a span's text one point for a box; without it each glyph keeps its own box and its text from ToUnicode.
   */
  actualText?: boolean;
}

export type Align = 'left' | 'right' | 'center';

export const LINK_COLOR = '#1a4f9c';
const TEXT_COLOR = '#111111';
const FOOTER_COLOR = '#555555';
const FOOTER_SIZE = 8;
/** Leading: the line box (from the fonts' real extents) times this. */
export const LINE_SPACING = 1.08;

interface PdfReference {
  data: Record<string, unknown>;
  end(chunk?: string): void;
}

interface DocumentInternals {
  _id: Uint8Array;
  _font: EmbeddedFontInternals;
  _fontSize: number;
  _fontCount: number;
  _fillColor: unknown;
  x: number;
  y: number;
  _addInfo: (this: DocumentInternals) => void;
  info: Record<string, unknown>;
  ref(data: Record<string, unknown>): PdfReference;
  page: { xobjects: Record<string, unknown>; fonts: Record<string, unknown>; markings: unknown[]; height: number };
  addContent(data: string): void;
  _normalizeColor(color: string): number[] | null;
}

/** The fill color operators pdfkit's fillColor() writes, by color (an RGB or CMYK hex or name). */
const fillColorOperators = new Map<string, string[]>();

export class Canvas {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  y: number;
  /** Pages of the current document: a print pack holds several (see startSection), each numbered "n / N" on its own. */
  pages = 0;
  /** Pages of the whole file, blank ones included. */
  filePages = 0;
  private totalPages: PdfReference;
  /** The earlier documents of a pack, whose totals are written at the end. */
  private readonly sections: { total: PdfReference; pages: number }[] = [];
  private readonly finished: Promise<void>;
  private readonly layouts: LayoutCache;

  private constructor(
    readonly faces: FaceSet,
    readonly opts: RenderOptions,
    language: string,
    contentKey: string,
    private readonly temporary: string,
    handle: FileHandle,
  ) {
    const date = opts.creationDate;
    this.layouts = LayoutCache.of(faces);
    this.doc = new PDFDocument({
      size: (opts.paper ?? 'a4').toUpperCase(),
      margins: { top: 56, bottom: 64, left: 62, right: 62 },
      autoFirstPage: false,
      compress: true,
      // pdfkit would cache every word of the document without bound; the shaper has its own bounded cache
      fontLayoutCache: false,
      // no default font (pdfkit would load Helvetica, parsing its metrics and kerning for every document), which
      // we never draw with; its font number stays taken below, so ours keep theirs (F2…) and the bytes do not change
      font: '',
      pdfVersion: '1.7',
      lang: language,
      displayTitle: Boolean(opts.title),
      info: {
        Producer: 'petition',
        Creator: 'petition',
        CreationDate: date,
        ModDate: date,
        ...(opts.title ? { Title: opts.title } : {}),
        ...(opts.author ? { Author: opts.author } : {}),
      },
    });
    const internals = this.internals;
    // pdfkit derives the trailer ID from the info dictionary only; ours changes whenever the content does.
    internals._fontCount = 1;
    internals._id = new Uint8Array(createHash('sha256').update(contentKey).digest().subarray(0, 16));
    escapeXmpInfo(internals);
    for (const face of Object.values(faces)) this.doc.registerFont(face.name, face.pdfFont as never);

    const file = handle.createWriteStream();
    this.finished = new Promise((resolve, reject) => {
      file.on('finish', resolve);
      file.on('error', reject);
      this.doc.on('error', reject);
    });
    this.finished.catch(() => undefined);
    this.doc.pipe(file);

    this.totalPages = this.totalReference();
    const margins = { top: 56, bottom: 64, left: 62, right: 62 };
    this.left = margins.left;
    this.top = margins.top;
    this.newPage();
    this.right = this.doc.page.width - margins.right;
    this.bottom = this.doc.page.height - margins.bottom;
    this.y = this.top;
  }

  static async open(faces: FaceSet, opts: RenderOptions, language: string, contentKey: string): Promise<Canvas> {
    await mkdir(path.dirname(opts.output), { recursive: true });
    // Created new, never through a link (the archive's writers check the folders; see archive/safe-path.ts).
    const { temp, handle } = await openTemporary(opts.output, 'partial');
    try {
      return new Canvas(faces, opts, language, contentKey, temp, handle);
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
  }

  get width(): number {
    return this.right - this.left;
  }

  private get internals(): DocumentInternals {
    return this.doc as unknown as DocumentInternals;
  }

  newPage(): void {
    this.doc.addPage();
    this.pages += 1;
    this.filePages += 1;
    this.y = this.top;
    this.drawFooter();
  }

  /** The next document of a print pack (a letter, an annex): a new page, numbered from 1 with a total of its own. */
  startSection(): void {
    this.sections.push({ total: this.totalPages, pages: this.pages });
    this.totalPages = this.totalReference();
    this.pages = 0;
    this.newPage();
  }

  /** An empty page without a footer, so that the next document starts on the front of a sheet when printed duplex. */
  blankPage(): void {
    this.doc.addPage();
    this.filePages += 1;
  }

  private totalReference(): PdfReference {
    return this.internals.ref({ Type: 'XObject', Subtype: 'Form', BBox: [-1, -5, 200, 20] });
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  layout(spans: readonly StyledText[], width = this.width): Line[] {
    return this.layouts.lines(spans, width, () => layoutParagraph(this.faces, spans, width));
  }

  static lineHeight(line: Line): number {
    return (line.ascent + line.descent) * LINE_SPACING;
  }

  /** Flows laid-out lines down the page, breaking pages between lines. */
  flow(lines: readonly Line[], opts: { x?: number; width?: number; align?: Align; language?: string } = {}): void {
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.right - x;
    for (const line of lines) {
      const height = Canvas.lineHeight(line);
      this.ensureSpace(height);
      const shift = opts.align === 'right' ? width - line.width : opts.align === 'center' ? (width - line.width) / 2 : 0;
      this.drawLine(line, x + shift, this.y + line.ascent * LINE_SPACING, opts.language);
      this.y += height;
    }
  }

  /** Lays out and flows one paragraph. */
  paragraph(spans: readonly StyledText[], opts: { x?: number; width?: number; align?: Align; language?: string; after?: number } = {}): Line[] {
    const x = opts.x ?? this.left;
    const lines = this.layout(spans, opts.width ?? this.right - x);
    this.flow(lines, { ...opts, x });
    this.y += opts.after ?? 0;
    return lines;
  }

  /** Draws one line with its baseline at `baseline`, wrapped in /ActualText so copy and search return the source. */
  drawLine(line: Line, x: number, baseline: number, language?: string): void {
    if (line.pieces.length === 0) return;
    if (this.opts.actualText === false) return this.drawPlainLine(line, x, baseline);
    const doc = this.doc;
    // doc.markContent('Span', { actual: line.text, lang: language }), with the operator made once per line
    const options = { actual: line.text, ...(language ? { lang: language } : {}) };
    this.internals.page.markings.push({ tag: 'Span', options });
    // the line's operators go into the content stream at once: the same bytes as one write per operator
    const content: string[] = [spanOperator(line, language)];
    for (const piece of line.pieces) {
      const color = piece.style.link ? LINK_COLOR : (piece.style.color ?? TEXT_COLOR);
      doc.font(piece.face.name).fontSize(piece.style.size);
      content.push(...this.fillColor(color));
      this.drawPiece(content, piece, x + piece.x, baseline);
      if (piece.style.link) {
        const ascent = (piece.face.ascent * piece.style.size) / piece.face.unitsPerEm;
        const descent = (piece.face.descent * piece.style.size) / piece.face.unitsPerEm;
        doc.link(x + piece.x, baseline - ascent, piece.width, ascent + descent, piece.style.link);
      }
    }
    this.internals.addContent(content.join('\n'));
    doc.endMarkedContent();
  }

  /** A line without its /ActualText span (see RenderOptions.actualText). */
  private drawPlainLine(line: Line, x: number, baseline: number): void {
    const content: string[] = [];
    for (const piece of line.pieces) {
      this.doc.font(piece.face.name).fontSize(piece.style.size);
      content.push(...this.fillColor(piece.style.link ? LINK_COLOR : (piece.style.color ?? TEXT_COLOR)));
      this.drawPiece(content, piece, x + piece.x, baseline);
    }
    this.internals.addContent(content.join('\n'));
  }

  /** What doc.fillColor(color) writes and records. */
  private fillColor(color: string): string[] {
    const internals = this.internals;
    let operators = fillColorOperators.get(color);
    if (!operators) {
      const values = internals._normalizeColor(color) ?? [0, 0, 0];
      operators = [`/${values.length === 4 ? 'DeviceCMYK' : 'DeviceRGB'} cs`, `${values.join(' ')} scn`];
      fillColorOperators.set(color, operators);
    }
    internals._fillColor = [color, undefined];
    return operators;
  }

  /**
   * What doc.text() writes for one unbroken, left-aligned piece on an alphabetic baseline (pdfkit's _fragment), from
   * the piece's glyphs as prepared once per face and text: our layout has shaped and measured them already.
   */
  private drawPiece(content: string[], piece: Piece, x: number, baseline: number): void {
    const internals = this.internals;
    internals.x = x;
    internals.y = baseline;
    const text = piece.text.replace(/\n/g, '');
    if (text.length === 0) return;
    const font = internals._font;
    const page = internals.page;
    page.fonts[font.id] ??= font.ref();
    const y = page.height - baseline - 0;
    content.push('q', `1 0 0 -1 0 ${pdfNumber(page.height)} cm`, 'BT', `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`, `/${font.id} ${pdfNumber(internals._fontSize)} Tf`);
    content.push(...runOperators(glyphRunOf(piece, text), font, internals._fontSize, x, y), 'ET', 'Q');
  }

  /** A single line of plain text at an absolute position (chart labels, table cells); returns its width. */
  label(text: string, x: number, baseline: number, style: TextStyle, align: Align = 'left'): number {
    const [line] = this.layout([{ text, style }], Number.POSITIVE_INFINITY);
    if (!line) return 0;
    const shift = align === 'right' ? -line.width : align === 'center' ? -line.width / 2 : 0;
    this.drawLine(line, x + shift, baseline);
    return line.width;
  }

  /** "n / " is drawn now; the total is a form XObject shared by all pages and written once the count is known. */
  private drawFooter(): void {
    const doc = this.doc;
    const style = { size: FOOTER_SIZE, color: FOOTER_COLOR };
    const centre = doc.page.width / 2;
    const baseline = doc.page.height - 34;
    const prefix = `${this.pages} / `;
    const width = measure(this.faces.latin, prefix, FOOTER_SIZE);
    doc.markContent('Artifact', { type: 'Pagination' });
    this.label(prefix, centre - width, baseline, style);
    this.internals.page.xobjects.PageTotal = this.totalPages;
    doc.addContent(`q 1 0 0 -1 ${centre.toFixed(2)} ${baseline.toFixed(2)} cm /PageTotal Do Q`);
    doc.endMarkedContent();
  }

  /** Writes the page total, ends the document and waits until the file is complete. */
  async finish(): Promise<{ pages: number }> {
    const doc = this.doc;
    doc.font(this.faces.latin.name);
    const font = this.internals._font;
    const grey = (parseInt(FOOTER_COLOR.slice(1, 3), 16) / 255).toFixed(3);
    for (const { total, pages } of [...this.sections, { total: this.totalPages, pages: this.pages }]) {
      const [glyphs] = font.encode(String(pages));
      total.data.Resources = { Font: { [font.id]: font.ref() } };
      total.end(`${grey} g BT /${font.id} ${FOOTER_SIZE} Tf 0 0 Td <${glyphs.join('')}> Tj ET`);
    }
    doc.end();
    try {
      await this.finished;
      await rename(this.temporary, this.opts.output);
    } catch (error) {
      await rm(this.temporary, { force: true });
      throw error;
    }
    return { pages: this.filePages };
  }

  /** Ends and removes a document that failed half-way. */
  async abandon(): Promise<void> {
    try {
      for (const { total } of this.sections) total.end('');
      this.totalPages.end('');
      this.doc.end();
      await this.finished;
    } catch {
      // the error that made us abandon is the one to report
    }
    await rm(this.temporary, { force: true });
  }
}

/** pdfkit writes Title and Author into the XMP packet unescaped; a "&" in a title would make it invalid XML. */
function escapeXmpInfo(doc: DocumentInternals): void {
  const original = doc._addInfo;
  doc._addInfo = function addEscapedInfo(this: DocumentInternals) {
    const saved = { ...this.info };
    for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
      const value = this.info[key];
      if (typeof value === 'string') this.info[key] = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }
    original.call(this);
    this.info = saved;
  };
}
