// Our lines are shaped by HarfBuzz and laid out by us; pdfkit's text drawing would split each piece into words again,
// ask the font for their layout again, copy and scale every position, and build the content stream one short string
// (and one small buffer) per operator. Here a piece's glyphs are prepared once per face and text, and drawn with the
// operators pdfkit's _fragment writes for the same text — byte for byte, so the PDFs do not change; only the subset
// numbers of the glyphs, which each document assigns in the order glyphs are first drawn, are looked up per document.
import type { FontkitFont } from 'fontkit';
import type { ShapedGlyph } from './harfbuzz.js';

/** HarfBuzz's glyphs for a text, with the characters each stands for in the ToUnicode map (see fonts.ts). */
export interface PdfShaped {
  shaped: readonly ShapedGlyph[];
  codePoints: number[][];
}

/** A piece's glyphs as pdfkit would draw them: positions in thousandths of the font size, as pdfkit scales them. */
export interface GlyphRun {
  ids: readonly number[];
  xAdvance: readonly number[];
  xOffset: readonly number[];
  yOffset: readonly number[];
  /** The glyph's own advance (pdfkit's `widths` entry). */
  advanceWidth: readonly number[];
  /** pdfkit's TJ adjustment after a glyph whose advance is not its own width, already formatted. */
  adjustment: readonly (string | undefined)[];
  /** What the document's ToUnicode map records for a glyph first drawn in this run, by glyph id. */
  codePoints: ReadonlyMap<number, number[]>;
}

/** The glyph runs of one face. */
export class GlyphRuns {
  private readonly advances = new Map<number, number>();
  /** pdfkit's EmbeddedFont.scale: font units to thousandths of the font size. */
  private readonly scale: number;

  constructor(
    private readonly font: FontkitFont,
    private readonly shape: (text: string) => PdfShaped,
  ) {
    this.scale = 1000 / font.unitsPerEm;
  }

  /** pdfkit's EmbeddedFont.layout(): the text cut after each space or tab, each part shaped on its own. */
  make(text: string): GlyphRun {
    const run = { ids: [] as number[], xAdvance: [] as number[], xOffset: [] as number[], yOffset: [] as number[], advanceWidth: [] as number[], adjustment: [] as (string | undefined)[] };
    const codePoints = new Map<number, number[]>();
    let last = 0;
    for (let index = 0; index <= text.length; index++) {
      const char = text.charAt(index);
      if (!(char === ' ' || char === '\t' || (index === text.length && last < index))) continue;
      const part = this.shape(text.slice(last, index + 1));
      for (const g of part.shaped) this.push(run, g);
      // every layout sets each glyph's characters afresh and pdfkit reads them after the last: the last one counts
      part.shaped.forEach((g, i) => codePoints.set(g.id, part.codePoints[i] ?? []));
      last = index + 1;
    }
    return { ...run, codePoints };
  }

  private push(run: { ids: number[]; xAdvance: number[]; xOffset: number[]; yOffset: number[]; advanceWidth: number[]; adjustment: (string | undefined)[] }, g: ShapedGlyph): void {
    // the same products pdfkit computes (position[key] *= scale), so the same floating-point values
    const xAdvance = g.xAdvance * this.scale;
    const advanceWidth = this.advanceOf(g.id) * this.scale;
    run.ids.push(g.id);
    run.xAdvance.push(xAdvance);
    run.xOffset.push(g.xOffset * this.scale);
    run.yOffset.push(g.yOffset * this.scale);
    run.advanceWidth.push(advanceWidth);
    run.adjustment.push(xAdvance - advanceWidth !== 0 ? pdfNumber(-(xAdvance - advanceWidth)) : undefined);
  }

  private advanceOf(id: number): number {
    let advance = this.advances.get(id);
    if (advance === undefined) {
      advance = this.font.getGlyph(id).advanceWidth;
      this.advances.set(id, advance);
    }
    return advance;
  }
}

/**
 * A piece's run, made the first time it is drawn and kept with it: laid-out lines are kept (and dropped) by the layout
 * cache, so the runs of a campaign's repeated lines are made once, and an annex's many names hold no memory for long.
 */
const runsOfPieces = new WeakMap<object, GlyphRun>();

/** A piece of a laid-out line (layout.ts), as far as its run needs it. */
interface PieceOfLine {
  face: { runs: GlyphRuns };
}

export function glyphRunOf(piece: PieceOfLine, text: string): GlyphRun {
  let run = runsOfPieces.get(piece);
  if (!run) {
    run = piece.face.runs.make(text);
    runsOfPieces.set(piece, run);
  }
  return run;
}

/** The parts of pdfkit's embedded font that drawing a run touches (not in pdfkit's typings). */
export interface EmbeddedFontInternals {
  id: string;
  subset: { includeGlyph(glyph: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  encode(text: string): [string[], unknown[]];
  ref(): unknown;
}

/** pdfkit's PDFObject.number, as it appears in a content stream. */
export function pdfNumber(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

const hexes: string[] = [];
function hex4(gid: number): string {
  return (hexes[gid] ??= `0000${gid.toString(16)}`.slice(-4));
}

/**
 * The operators pdfkit's _fragment writes between BT and ET for a run at (x, y) in PDF space (y up), after recording
 * the glyphs in the font's subset, widths and ToUnicode map as its encode() does.
 */
export function runOperators(run: GlyphRun, font: EmbeddedFontInternals, fontSize: number, x: number, y: number): string[] {
  const encoded = run.ids.map((id, i) => {
    const gid = font.subset.includeGlyph(id);
    font.widths[gid] ??= run.advanceWidth[i];
    font.unicode[gid] ??= run.codePoints.get(id) ?? [];
    return hex4(gid);
  });
  const out: string[] = [];
  const scale = fontSize / 1000;
  let commands: string[] = [];
  let last = 0;
  const addSegment = (cur: number) => {
    if (last < cur) commands.push(`<${encoded.slice(last, cur).join('')}> ${run.adjustment[cur - 1] ?? '0'}`);
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) out.push(`[${commands.join(' ')}] TJ`);
    commands = [];
  };
  let hadOffset = false;
  for (let i = 0; i < run.ids.length; i++) {
    const xOffset = run.xOffset[i] ?? 0;
    const yOffset = run.yOffset[i] ?? 0;
    if (xOffset || yOffset) {
      flush(i);
      out.push(`1 0 0 1 ${pdfNumber(x + xOffset * scale)} ${pdfNumber(y + yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        out.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
        hadOffset = false;
      }
      if (run.adjustment[i] !== undefined) addSegment(i + 1);
    }
    x += (run.xAdvance[i] ?? 0) * scale;
  }
  flush(run.ids.length);
  return out;
}
