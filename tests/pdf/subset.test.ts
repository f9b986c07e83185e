// The font subsets in our PDFs are written by SubsetWriter, not fontkit: its files must be fontkit's, byte for byte,
// for any glyphs in any order (composite glyphs, whose components join the subset as they are met, included), or the
// PDFs of a campaign would change with this speed-up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_FILES } from '../../src/io/pdf/fonts.js';
import { SubsetWriter, type TrueTypeSubset } from '../../src/io/pdf/subset.js';
import { FONTS_DIR } from './helpers.js';

interface FontWithSubsets {
  numGlyphs: number;
  createSubset(): TrueTypeSubset;
  getGlyph(id: number): { _decode(): { numberOfContours: number } | null };
}

function open(file: string): FontWithSubsets {
  return fontkit.create(new Uint8Array(readFileSync(path.join(FONTS_DIR, file)))) as unknown as FontWithSubsets;
}

function subsetOf(font: FontWithSubsets, glyphs: readonly number[]): TrueTypeSubset {
  const subset = font.createSubset();
  for (const id of glyphs) subset.includeGlyph(id);
  return subset;
}

/** A small deterministic generator, so a failure names a glyph set that can be made again. */
function randomGlyphs(seed: number, count: number, numGlyphs: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % numGlyphs;
  });
}

function compositeGlyphs(font: FontWithSubsets, limit: number): number[] {
  const found: number[] = [];
  for (let id = 0; id < font.numGlyphs && found.length < limit; id++) {
    if ((font.getGlyph(id)._decode()?.numberOfContours ?? 0) < 0) found.push(id);
  }
  return found;
}

describe('font subsets', () => {
  for (const file of Object.values(FONT_FILES)) {
    it(`are fontkit's bytes for ${file}, in any glyph order, composites included`, () => {
      const font = open(file);
      const writer = SubsetWriter.for(font as never);
      expect(writer).toBeDefined();
      let fontkitCalls = 0;
      // the first subset is written by fontkit (and by the writer, to compare); every later one by the writer only
      const first = subsetOf(font, [36, 37, 38]);
      const firstBytes = writer!.encode(first, () => {
        fontkitCalls++;
        return subsetOf(open(file), [36, 37, 38]).encode();
      });
      expect(firstBytes).toEqual(subsetOf(open(file), [36, 37, 38]).encode());
      const composites = compositeGlyphs(font, 40);
      expect(composites.length).toBeGreaterThan(0);
      const sets = [
        [],
        [3],
        randomGlyphs(1, 60, font.numGlyphs),
        randomGlyphs(2, 200, font.numGlyphs),
        [...composites].reverse(),
        [...randomGlyphs(3, 30, font.numGlyphs), ...composites.slice(0, 10), ...randomGlyphs(4, 30, font.numGlyphs)],
      ];
      for (const glyphs of sets) {
        const ours = writer!.encode(subsetOf(font, glyphs), () => {
          fontkitCalls++;
          return new Uint8Array();
        });
        expect(Buffer.from(ours).equals(Buffer.from(subsetOf(open(file), glyphs).encode()))).toBe(true);
      }
      expect(fontkitCalls).toBe(1);
    });
  }

  it('a subset written by the writer is a font fontkit reads back with the same outlines', () => {
    const font = open(FONT_FILES.latin);
    const writer = SubsetWriter.for(font as never)!;
    writer.encode(subsetOf(font, [0]), () => subsetOf(open(FONT_FILES.latin), [0]).encode());
    const glyphs = randomGlyphs(5, 20, font.numGlyphs);
    const file = writer.encode(subsetOf(font, glyphs), () => new Uint8Array());
    const reread = fontkit.create(file) as unknown as { numGlyphs: number; getGlyph(id: number): { path: { toSVG(): string } } };
    const original = fontkit.create(new Uint8Array(readFileSync(path.join(FONTS_DIR, FONT_FILES.latin)))) as unknown as typeof reread;
    expect(reread.numGlyphs).toBeGreaterThanOrEqual(new Set(glyphs).size);
    expect(reread.getGlyph(1).path.toSVG()).toBe(original.getGlyph(glyphs[0]!).path.toSVG());
  });
});
