// The faces a letter is typeset with: Noto Serif for Latin, French and Vietnamese, Noto Serif Khmer for Khmer.
// Each face is parsed once per process (fontkit for metrics and subsetting, HarfBuzz for shaping) and reused by
// every document, so a warm render does not re-read 2 MB of fonts.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { FontkitFont, FontkitGlyph } from 'fontkit';
import { HarfBuzzShaper, loadHarfBuzz, type ShapedGlyph } from './harfbuzz.js';
import { PdfInputError } from './errors.js';
import { SubsetWriter, type TrueTypeSubset } from './subset.js';
import { GlyphRuns, type PdfShaped } from './glyph-run.js';

export type FaceRole = 'latin' | 'latinBold' | 'latinItalic' | 'khmer' | 'khmerBold';

export const FONT_FILES: Readonly<Record<FaceRole, string>> = {
  latin: 'NotoSerif-Regular.ttf',
  latinBold: 'NotoSerif-Bold.ttf',
  latinItalic: 'NotoSerif-Italic.ttf',
  khmer: 'NotoSerifKhmer-Regular.ttf',
  khmerBold: 'NotoSerifKhmer-Bold.ttf',
};

/** Common deep Khmer stacks (coeng + subscript + lower vowel, upper vowels with signs): they set the Khmer line box. */
const KHMER_EXTENT_PROBE = 'ស្ត្រី ព្រឹទ្ធ ក្រុង ហ៊ុន ស្ត្រូវ ញ្ញុំ ក៏ ប៉ុន្តែ ង្គ្រោះ ខ្ញុំ';

export interface Face {
  role: FaceRole;
  file: string;
  /** Name under which the face is registered with each pdfkit document. */
  name: string;
  sha256: string;
  unitsPerEm: number;
  /** Line box above and below the baseline, font units (both positive). */
  ascent: number;
  descent: number;
  shaper: HarfBuzzShaper;
  /** The fontkit font whose `layout()` is HarfBuzz: pdfkit embeds and subsets it as usual. */
  pdfFont: FontkitFont;
  /** The pieces of our lines as pdfkit would draw them with this face (see glyph-run.ts). */
  runs: GlyphRuns;
}

export type FaceSet = Readonly<Record<FaceRole, Face>>;

const LAYOUT_CACHE_SIZE = 20_000;
/** Longer texts (a line of one very long word) rarely repeat: keeping them would only hold memory. */
const LAYOUT_CACHE_MAX_TEXT = 1_024;

const loaded = new Map<string, Promise<Face>>();

/** Loads the five faces from `fontsDir`; a missing or unreadable file is a PdfInputError naming it. */
export async function loadFaces(fontsDir: string): Promise<FaceSet> {
  const roles = Object.keys(FONT_FILES) as FaceRole[];
  const faces = await Promise.all(roles.map((role) => loadFace(role, path.join(fontsDir, FONT_FILES[role]))));
  return Object.fromEntries(roles.map((role, i) => [role, faces[i]])) as unknown as FaceSet;
}

async function loadFace(role: FaceRole, file: string): Promise<Face> {
  let key: string;
  try {
    const info = await stat(file);
    key = `${role}\0${file}\0${info.size}\0${info.mtimeMs}`;
  } catch (error) {
    throw unreadable(file, error);
  }
  let face = loaded.get(key);
  if (!face) {
    face = readFace(role, file);
    loaded.set(key, face);
    face.catch(() => loaded.delete(key));
  }
  return face;
}

async function readFace(role: FaceRole, file: string): Promise<Face> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw unreadable(file, error);
  }
  let font: FontkitFont;
  try {
    font = fontkit.create(bytes);
  } catch (error) {
    throw new PdfInputError(file, `not a usable font file: ${(error as Error).message}`, 'use a TrueType .ttf file');
  }
  if (typeof font.getGlyph !== 'function') {
    throw new PdfInputError(file, 'not a single font (a font collection?)', 'use a TrueType .ttf file');
  }
  const shaper = new HarfBuzzShaper(await loadHarfBuzz(), bytes);
  const pdfShape = pdfShaper(shaper);
  installHarfBuzzLayout(font, pdfShape);
  installSubsetWriter(font);
  const extents = role.startsWith('khmer') ? khmerExtents(font, shaper) : { ascent: font.ascent, descent: -font.descent };
  return {
    role,
    file,
    name: `petition-${role}`,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    unitsPerEm: font.unitsPerEm,
    ascent: extents.ascent,
    descent: extents.descent,
    shaper,
    pdfFont: font,
    runs: new GlyphRuns(font, pdfShape),
  };
}

function unreadable(file: string, error: unknown): PdfInputError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new PdfInputError(file, `cannot read font file (${code})`, 'the PDF fonts live in templates/fonts; see its README');
}

/** Khmer subscripts and vowels reach far below and above the declared ascent/descent: measure real stacks. */
function khmerExtents(font: FontkitFont, shaper: HarfBuzzShaper): { ascent: number; descent: number } {
  let ascent = font.ascent;
  let descent = -font.descent;
  for (const g of shaper.shape(KHMER_EXTENT_PROBE)) {
    const box = (font.getGlyph(g.id) as FontkitGlyph & { bbox: { minY: number; maxY: number } }).bbox;
    if (!Number.isFinite(box.minY) || !Number.isFinite(box.maxY)) continue;
    ascent = Math.max(ascent, box.maxY + g.yOffset);
    descent = Math.max(descent, -(box.minY + g.yOffset));
  }
  return { ascent, descent };
}

interface GlyphRunLike {
  glyphs: FontkitGlyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  readonly advanceWidth: number;
}

/** HarfBuzz's glyphs and the characters each stands for, kept per face (bounded): a campaign sets the same text often. */
function pdfShaper(shaper: HarfBuzzShaper): (text: string) => PdfShaped {
  const cache = new Map<string, PdfShaped>();
  return (text) => {
    let hit = cache.get(text);
    if (!hit) {
      const shaped = shaper.shape(text);
      hit = { shaped, codePoints: clusterCodePoints(text, shaped) };
      if (cache.size >= LAYOUT_CACHE_SIZE) cache.clear();
      if (text.length <= LAYOUT_CACHE_MAX_TEXT) cache.set(text, hit);
    }
    return hit;
  };
}

/**
 * pdfkit calls `font.layout(text)` for every word it draws and scales the returned positions in place; giving it
 * HarfBuzz's glyph ids and positions (offsets included, which Khmer marks need) is all it takes.
 */
function installHarfBuzzLayout(font: FontkitFont, pdfShape: (text: string) => PdfShaped): void {
  // each call gets fresh position objects, since pdfkit scales them in place
  const layout = (text: string): GlyphRunLike => {
    const { shaped, codePoints } = pdfShape(text);
    const positions = shaped.map((g) => ({ xAdvance: g.xAdvance, yAdvance: g.yAdvance, xOffset: g.xOffset, yOffset: g.yOffset }));
    return {
      // fontkit caches one glyph object per id, holding the characters it was first asked for, and pdfkit copies a
      // glyph's characters into the document's ToUnicode map on first use. Setting them on every layout keeps that
      // map (and so the PDF's bytes) independent of which letters this process rendered before.
      glyphs: shaped.map((g, i) => Object.assign(font.getGlyph(g.id, codePoints[i]), { codePoints: codePoints[i] ?? [] })),
      positions,
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  };
  Object.defineProperty(font, 'layout', { value: layout, configurable: true });
}

/** pdfkit makes one subset per face and document and encodes it when the document ends: with our writer, if it can. */
function installSubsetWriter(font: FontkitFont): void {
  const writer = SubsetWriter.for(font);
  if (!writer) return;
  const createSubset = (font as unknown as { createSubset(): TrueTypeSubset }).createSubset.bind(font);
  const create = (): TrueTypeSubset => {
    const subset = createSubset();
    const fontkitEncode = subset.encode.bind(subset);
    return Object.assign(subset, { encode: () => writer.encode(subset, fontkitEncode) });
  };
  Object.defineProperty(font, 'createSubset', { value: create, configurable: true });
}

/** The characters each glyph stands for, for the ToUnicode map: the whole cluster on its first glyph. */
function clusterCodePoints(text: string, glyphs: readonly ShapedGlyph[]): number[][] {
  const starts = [...new Set(glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
  // where each cluster ends: the next cluster's start, looked up once per cluster rather than searched per glyph
  const endOf = new Map(starts.map((start, i) => [start, starts[i + 1] ?? text.length]));
  const seen = new Set<number>();
  return glyphs.map((g) => {
    if (seen.has(g.cluster)) return [];
    seen.add(g.cluster);
    const next = endOf.get(g.cluster) ?? text.length;
    return Array.from(text.slice(g.cluster, next), (ch) => ch.codePointAt(0) ?? 0);
  });
}
