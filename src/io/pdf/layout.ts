// Our own line layout: pdfkit's text() wrapping would re-break Khmer mid-syllable and measure with fontkit's shaping.
// A paragraph is split into atoms between break opportunities; each atom is split by style and script, shaped with
// HarfBuzz and measured; atoms fill lines greedily. Lines are ragged right (Khmer is never justified).
import type { Face, FaceSet } from './fonts.js';
import { breakOpportunities } from './breaks.js';
import { splitByScript, type Script, type ScriptRun } from './scripts.js';
import { graphemeClusters } from './segments.js';

export interface TextStyle {
  size: number;
  bold?: boolean | undefined;
  italic?: boolean | undefined;
  /** A URL: the text is drawn blue with a link annotation. */
  link?: string | undefined;
  color?: string | undefined;
}

export interface StyledText {
  text: string;
  style: TextStyle;
}

/** A stretch of one face and style on a line, positioned from the line's start. */
export interface Piece {
  face: Face;
  style: TextStyle;
  text: string;
  x: number;
  width: number;
}

export interface Line {
  pieces: Piece[];
  width: number;
  /** The source text of the line, for /ActualText. */
  text: string;
  /** Line box above and below the baseline, in points. */
  ascent: number;
  descent: number;
}

export function faceFor(faces: FaceSet, script: Script, style: TextStyle): Face {
  if (script === 'khmer') return style.bold ? faces.khmerBold : faces.khmer;
  if (style.bold) return faces.latinBold;
  return style.italic ? faces.latinItalic : faces.latin;
}

/** Width in points of `text` shaped with `face`. */
export function measure(face: Face, text: string, size: number): number {
  let units = 0;
  for (const g of face.shaper.shape(text)) units += g.xAdvance;
  return (units * size) / face.unitsPerEm;
}

/** Longer than any line can hold: such a word is measured cluster by cluster, as it is going to be broken anyway. */
const LONG_WORD = 4096;

/**
 * Width of one word, shaped whole. A very long one is summed cluster by cluster (each shaped once, then cached), and
 * only until it is known to be wider than `limit`: it is then broken, and its parts measured, anyway.
 */
function measureWord(face: Face, text: string, size: number, limit: number): number {
  if (text.length <= LONG_WORD) return measure(face, text, size);
  let width = 0;
  for (const { segment } of graphemeClusters(text)) {
    width += measure(face, segment, size);
    if (width > limit) break;
  }
  return width;
}

/** The last of the sorted `starts` at or before `offset` (0 if none): one step per halving, not per entry. */
function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? Infinity) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

interface Part {
  face: Face;
  style: TextStyle;
  text: string;
  /** Of a word longer than LONG_WORD, only enough to know it is wider than the line (it is broken, and re-measured). */
  width: number;
  /** Trailing spaces: they separate words but do not count at the end of a line. */
  space: boolean;
}

interface Atom {
  parts: Part[];
  width: number;
  visibleWidth: number;
  forcedBreakAfter: boolean;
}

const SPACE = /[ \t\u00a0\u200b]/;

/** The spaces ending `text`, found from its end (an anchored regex would retry every run of no-break spaces). */
function trailingSpaces(text: string): string {
  let start = text.length;
  while (start > 0 && SPACE.test(text.charAt(start - 1))) start--;
  return text.slice(start);
}

/** Lays out styled text (NFC-normalized here) into lines no wider than `maxWidth` points. */
export function layoutParagraph(faces: FaceSet, spans: readonly StyledText[], maxWidth: number): Line[] {
  const paragraph = readParagraph(faces, spans, maxWidth);
  if (!paragraph) return [];
  return fillLines(faces, paragraphAtoms(paragraph), maxWidth);
}

/** A paragraph's text in one string, with where each style and each script run starts; undefined when empty. */
interface Paragraph {
  faces: FaceSet;
  maxWidth: number;
  text: string;
  spans: StyledText[];
  styleStarts: number[];
  scriptRuns: ScriptRun[];
  runStarts: number[];
  /** Offsets where the style or the script changes: an atom is split into parts there. */
  cuts: Set<number>;
}

function readParagraph(faces: FaceSet, spans: readonly StyledText[], maxWidth: number): Paragraph | undefined {
  const normalized = spans.map((s) => ({ text: s.text.normalize('NFC'), style: s.style })).filter((s) => s.text.length > 0);
  if (normalized.length === 0) return undefined;
  const text = normalized.map((s) => s.text).join('');
  const styleStarts: number[] = [];
  let offset = 0;
  for (const s of normalized) {
    styleStarts.push(offset);
    offset += s.text.length;
  }
  const scriptRuns = splitByScript(text);
  const runStarts = scriptRuns.map((r) => r.start);
  const cuts = new Set<number>([...styleStarts, ...scriptRuns.map((r) => r.start)]);
  return { faces, maxWidth, text, spans: normalized, styleStarts, scriptRuns, runStarts, cuts };
}

/** The paragraph cut at its break opportunities, each atom already narrow enough for a line. */
function paragraphAtoms(paragraph: Paragraph): Atom[] {
  const atoms: Atom[] = [];
  let from = 0;
  for (const br of breakOpportunities(paragraph.text)) {
    if (br.position <= from) continue;
    for (const atom of fitAtom(makeAtom(paragraph, from, br.position, br.required), paragraph.maxWidth)) atoms.push(atom);
    from = br.position;
  }
  return atoms;
}

/** The text between two break opportunities, in parts of one face and style each, shaped and measured. */
function makeAtom(paragraph: Paragraph, start: number, end: number, forced: boolean): Atom {
  const { faces, maxWidth, text, spans, styleStarts, scriptRuns, runStarts, cuts } = paragraph;
  let chunk = text.slice(start, end);
  if (forced) chunk = chunk.replace(/[\r\n]+$/, '');
  const parts: Part[] = [];
  let i = 0;
  while (i < chunk.length) {
    let j = i + 1;
    while (j < chunk.length && !cuts.has(start + j)) j++;
    const style = spans[lastAtOrBefore(styleStarts, start + i)]?.style ?? { size: 10 };
    const face = faceFor(faces, scriptRuns[lastAtOrBefore(runStarts, start + i)]?.script ?? 'latin', style);
    const piece = chunk.slice(i, j);
    const trailing = trailingSpaces(piece);
    const body = piece.slice(0, piece.length - trailing.length);
    if (body) parts.push({ face, style, text: body, width: measureWord(face, body, style.size, maxWidth), space: false });
    if (trailing) parts.push({ face, style, text: trailing, width: measure(face, trailing, style.size), space: true });
    i = j;
  }
  let visible = parts.length;
  while (visible > 0 && parts[visible - 1]?.space) visible--;
  const width = parts.reduce((w, p) => w + p.width, 0);
  const visibleWidth = parts.slice(0, visible).reduce((w, p) => w + p.width, 0);
  return { parts, width, visibleWidth, forcedBreakAfter: forced && end < text.length };
}

/** A word wider than the line (a long URL) is cut between clusters, never inside one, rather than run off the page. */
function fitAtom(atom: Atom, width: number): Atom[] {
  if (atom.visibleWidth <= width || atom.parts.length === 0) return [atom];
  const out: Atom[] = [];
  let current: Part[] = [];
  let currentWidth = 0;
  for (const part of atom.parts) {
    for (const { segment } of graphemeClusters(part.text)) {
      const w = measure(part.face, segment, part.style.size);
      if (currentWidth + w > width && current.length > 0) {
        out.push({ parts: current, width: currentWidth, visibleWidth: currentWidth, forcedBreakAfter: false });
        current = [];
        currentWidth = 0;
      }
      const last = current[current.length - 1];
      if (last && last.face === part.face && last.style === part.style && last.space === part.space) {
        last.text += segment;
        last.width += w;
      } else current.push({ ...part, text: segment, width: w });
      currentWidth += w;
    }
  }
  if (current.length > 0) out.push({ parts: current, width: currentWidth, visibleWidth: currentWidth, forcedBreakAfter: atom.forcedBreakAfter });
  return out;
}

/** Atoms fill lines greedily; a forced break (a line break in the text) ends its line. */
function fillLines(faces: FaceSet, atoms: readonly Atom[], maxWidth: number): Line[] {
  const lines: Line[] = [];
  let line: Atom[] = [];
  let lineWidth = 0;
  const flush = () => {
    lines.push(buildLine(faces, line));
    line = [];
    lineWidth = 0;
  };
  for (const atom of atoms) {
    if (line.length > 0 && lineWidth + atom.visibleWidth > maxWidth) flush();
    line.push(atom);
    lineWidth += atom.width;
    if (atom.forcedBreakAfter) flush();
  }
  if (line.length > 0) flush();
  return lines;
}

function buildLine(faces: FaceSet, atoms: readonly Atom[]): Line {
  const parts = atoms.flatMap((a) => a.parts);
  while (parts.length > 0 && parts[parts.length - 1]?.space) parts.pop();
  const pieces: Piece[] = [];
  let x = 0;
  for (const part of parts) {
    const last = pieces[pieces.length - 1];
    if (last && last.face === part.face && sameStyle(last.style, part.style)) {
      last.text += part.text;
      last.width += part.width;
    } else {
      pieces.push({ face: part.face, style: part.style, text: part.text, x, width: part.width });
    }
    x += part.width;
  }
  let ascent = 0;
  let descent = 0;
  for (const p of pieces.length > 0 ? pieces : [{ face: faces.latin, style: atoms[0]?.parts[0]?.style ?? { size: 10 } }]) {
    ascent = Math.max(ascent, (p.face.ascent * p.style.size) / p.face.unitsPerEm);
    descent = Math.max(descent, (p.face.descent * p.style.size) / p.face.unitsPerEm);
  }
  return { pieces, width: x, text: pieces.map((p) => p.text).join(''), ascent, descent };
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a === b || (a.size === b.size && !a.bold === !b.bold && !a.italic === !b.italic && a.link === b.link && a.color === b.color);
}
