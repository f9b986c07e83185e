// Our layout's glyphs must equal HarfBuzz's own hb-shape output, captured once into shaping-reference.json by
// fixtures/capture-shaping.sh (pdfkit's fontkit layout gets ត្រូវ, ក្រុង, បារាំង wrong and throws on ហ្សាំ).
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { FONT_FILES, loadFaces, type Face, type FaceSet } from '../../src/io/pdf/fonts.js';
import { FONTS_DIR } from './helpers.js';

interface ReferenceGlyph {
  g: number;
  ax: number;
  ay: number;
  dx: number;
  dy: number;
}
interface Reference {
  capturedWith: string;
  fonts: Record<string, string>;
  cases: { font: string; text: string; glyphs: ReferenceGlyph[] }[];
}

const reference = JSON.parse(readFileSync(new URL('./fixtures/shaping-reference.json', import.meta.url), 'utf8')) as Reference;

let faces: FaceSet;
const faceByFile = (file: string): Face => {
  const role = (Object.keys(FONT_FILES) as (keyof typeof FONT_FILES)[]).find((r) => FONT_FILES[r] === file);
  if (!role) throw new Error(`no face uses ${file}`);
  return faces[role];
};

interface PdfkitRun {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}

beforeAll(async () => {
  faces = await loadFaces(FONTS_DIR);
});

describe('shaping against hb-shape', () => {
  it('uses the very font files the reference was captured with', () => {
    for (const [file, sha] of Object.entries(reference.fonts)) {
      const bytes = readFileSync(path.join(FONTS_DIR, file));
      expect(createHash('sha256').update(bytes).digest('hex'), file).toBe(sha);
    }
  });

  it('covers the words fontkit gets wrong and enough common words', () => {
    const texts = reference.cases.map((c) => c.text);
    for (const word of ['ត្រូវ', 'ក្រុង', 'ព្រៀង', 'បារាំង', 'ហ្សាំ', 'កម្ពុជា', 'ប្រជាធិបតេយ្យ', 'ស្ត្រី']) expect(texts).toContain(word);
    expect(reference.cases.filter((c) => c.font.startsWith('NotoSerifKhmer')).length).toBeGreaterThanOrEqual(48);
  });

  it.each(reference.cases.map((c) => [`${c.font} ${c.text}`, c] as const))('%s', (_name, c) => {
    const face = faceByFile(c.font);
    // the layout() pdfkit calls when it draws: glyph ids and positions in font units, before pdfkit scales them
    const run = (face.pdfFont as unknown as { layout(text: string): PdfkitRun }).layout(c.text.normalize('NFC'));
    const actual = run.glyphs.map((g, i) => {
      const p = run.positions[i];
      return { g: g.id, ax: p?.xAdvance, ay: p?.yAdvance, dx: p?.xOffset, dy: p?.yOffset };
    });
    expect(actual).toEqual(c.glyphs);
  });
});
