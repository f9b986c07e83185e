// The letters of a campaign repeat the same paragraphs, and the same short lines (letterhead, date, subject,
// salutation, headings, closing, page numbers): lines are laid out once per text, width and faces. Laid-out lines are
// read-only once made, so documents set with the same faces share them.
import type { Face, FaceSet } from './fonts.js';
import type { Line, StyledText } from './layout.js';

/** Below this many characters a text is short: a name, a label, a heading. */
const SHORT_TEXT = 80;
const PARAGRAPHS_KEPT = 5_000;
/** Short texts are kept apart: the names of a long annex, each drawn once, must not push out the paragraphs. */
const SHORT_TEXTS_KEPT = 2_000;
/** A paragraph longer than this is laid out each time: keeping it (and its key) would hold megabytes per entry. */
const MAX_TEXT = 16_384;

const byFaces = new Map<string, LayoutCache>();

export class LayoutCache {
  private readonly paragraphs = new Map<string, Line[]>();
  private readonly short = new Map<string, Line[]>();

  /** The cache of the documents set with these faces (the same font files). */
  static of(faces: FaceSet): LayoutCache {
    const key = Object.values(faces)
      .map((f: Face) => f.sha256)
      .join(',');
    let cache = byFaces.get(key);
    if (!cache) {
      cache = new LayoutCache();
      byFaces.set(key, cache);
    }
    return cache;
  }

  /** The lines of `spans` at `width`, from `layout` the first time. */
  lines(spans: readonly StyledText[], width: number, layout: () => Line[]): Line[] {
    const length = spans.reduce((n, s) => n + s.text.length, 0);
    if (length > MAX_TEXT) return layout();
    const kept = length < SHORT_TEXT ? this.short : this.paragraphs;
    const key = `${width}\u0000${JSON.stringify(spans)}`;
    let lines = kept.get(key);
    if (!lines) {
      lines = layout();
      if (kept.size >= (kept === this.short ? SHORT_TEXTS_KEPT : PARAGRAPHS_KEPT)) kept.clear();
      kept.set(key, lines);
    }
    return lines;
  }
}
