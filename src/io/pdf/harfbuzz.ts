// HarfBuzz (WebAssembly) shaping. pdfkit's own fontkit layout mis-shapes Khmer (coeng RO, nikahit placement) and
// throws on some clusters, so every run is shaped here and fontkit only keeps metrics and subsetting.
import type * as HarfBuzzModule from 'harfbuzzjs';

type HarfBuzz = typeof HarfBuzzModule;

let loading: Promise<HarfBuzz> | undefined;

/** Loaded on first use only: instantiating the WebAssembly costs time that `petition --help` should not pay. */
export function loadHarfBuzz(): Promise<HarfBuzz> {
  loading ??= import('harfbuzzjs');
  return loading;
}

/** One positioned glyph in font units; offsets and advances as HarfBuzz returns them (y up). */
export interface ShapedGlyph {
  id: number;
  /** UTF-16 index into the shaped text of the first character this glyph comes from. */
  cluster: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

const CACHE_LIMIT = 5_000;
/** Words and short runs repeat; a long text (one very long word) does not, and its glyphs would only hold memory. */
const CACHE_MAX_TEXT = 1_024;

/** Shapes text with one font face. Results are cached per text: letters repeat the same words many times. */
export class HarfBuzzShaper {
  private readonly font: HarfBuzzModule.Font;
  private readonly buffer: HarfBuzzModule.Buffer;
  private readonly cache = new Map<string, readonly ShapedGlyph[]>();

  constructor(
    private readonly hb: HarfBuzz,
    bytes: Uint8Array,
  ) {
    const face = new hb.Face(new hb.Blob(bytes));
    this.font = new hb.Font(face);
    this.buffer = new hb.Buffer();
  }

  /** Glyphs for `text`; script, language and direction guessed from the text, as `hb-shape` does. */
  shape(text: string): readonly ShapedGlyph[] {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const buffer = this.buffer;
    buffer.reset();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    this.hb.shape(this.font, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    const glyphs = infos.map((info, i) => {
      const p = positions[i];
      return {
        id: info.codepoint,
        cluster: info.cluster,
        xAdvance: p?.xAdvance ?? 0,
        yAdvance: p?.yAdvance ?? 0,
        xOffset: p?.xOffset ?? 0,
        yOffset: p?.yOffset ?? 0,
      };
    });
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    if (text.length <= CACHE_MAX_TEXT) this.cache.set(text, glyphs);
    return glyphs;
  }
}
