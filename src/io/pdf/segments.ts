// Text segmentation in linear time. V8's Intl.Segmenter costs time proportional to the whole string for every
// segment it returns, so walking a long word with it is quadratic (a 100 KB word: 5 s). Here the text is segmented a
// bounded window at a time, each window starting at a boundary found in the previous one.

export interface Segment {
  /** UTF-16 offset into the whole text. */
  index: number;
  segment: string;
}

const WINDOW = 1024;
const COENG = '\u17d2';

let graphemeSegmenter: Intl.Segmenter | undefined;
let khmerWordSegmenter: Intl.Segmenter | undefined;

interface WindowOptions {
  /** Segments ending this close to a window's cut are not trusted (the segmenter looks ahead), but segmented again. */
  margin: number;
  /** A position where the segmentation on either side is independent: a window may end there exactly. */
  cutAt?: (position: number) => boolean;
}

function* windowed(segmenter: Intl.Segmenter, text: string, from: number, to: number, options: WindowOptions): Generator<Segment> {
  let start = from;
  let window = WINDOW;
  while (start < to) {
    let end = Math.min(to, start + window);
    // never between the halves of a surrogate pair: the segmenter decides a boundary by the character after it
    if (end < to && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    let exact = end === to;
    if (!exact && options.cutAt) {
      const cut = lastCut(start + window / 2, end, options.cutAt);
      if (cut !== undefined) [end, exact] = [cut, true];
    }
    const trusted = exact ? end : end - options.margin;
    let next = start;
    for (const { index, segment } of segmenter.segment(text.slice(start, end))) {
      const stop = start + index + segment.length;
      // the last segment of a window may be cut short: it is segmented again from its start
      if (!exact && (stop >= trusted || stop === end)) break;
      yield { index: start + index, segment };
      next = stop;
    }
    // one segment longer than the window: widen it (doubling keeps the total work linear)
    window = next === start ? window * 2 : WINDOW;
    start = next;
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function lastCut(from: number, to: number, cutAt: (position: number) => boolean): number | undefined {
  for (let p = Math.floor(to); p > from; p--) if (cutAt(p)) return p;
  return undefined;
}

/**
 * Letters, digits and punctuation of Latin and Vietnamese text (printable ASCII, U+00A0-U+02FF, U+1E00-U+1EFF):
 * none extends, joins or prepends to a neighbour, so between two of them there is always a cluster boundary.
 */
function isSimple(unit: number): boolean {
  return (unit >= 0x20 && unit <= 0x7e) || (unit >= 0xa0 && unit <= 0x2ff) || (unit >= 0x1e00 && unit <= 0x1eff);
}

/** A cluster boundary certainly lies before `position`, whatever the segmenter would say. */
function certainBoundary(text: string, position: number): boolean {
  return position === 0 || position === text.length || (isSimple(text.charCodeAt(position - 1)) && isSimple(text.charCodeAt(position)));
}

/**
 * The user-perceived characters of `text`: grapheme clusters, with a Khmer consonant after a coeng (subscript sign)
 * kept in the cluster before it, as ICU versions before Unicode 15.1 do not. A line may be broken between any two.
 */
export function* graphemeClusters(text: string): Generator<Segment> {
  let pending: Segment | undefined;
  for (const cluster of rawClusters(text)) {
    if (pending?.segment.endsWith(COENG)) pending = { index: pending.index, segment: pending.segment + cluster.segment };
    else {
      if (pending) yield pending;
      pending = cluster;
    }
  }
  if (pending) yield pending;
}

/** Grapheme clusters: simple characters one by one (the segmenter costs a microsecond each), the rest segmented. */
function* rawClusters(text: string): Generator<Segment> {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let position = 0;
  while (position < text.length) {
    if (certainBoundary(text, position + 1)) {
      yield { index: position, segment: text.charAt(position) };
      position += 1;
      continue;
    }
    let end = position + 1;
    while (!certainBoundary(text, end)) end++;
    yield* windowed(graphemeSegmenter, text, position, end, { margin: 0 });
    position = end;
  }
}

/** Khmer's dictionary word boundaries in `text` between `from` and `to` (a Khmer run), as `Intl.Segmenter('km')` finds them. */
export function* khmerWords(text: string, from: number, to: number): Generator<Segment> {
  khmerWordSegmenter ??= new Intl.Segmenter('km', { granularity: 'word' });
  // The dictionary looks a few words ahead, but never past a space: a window ending after a space before a consonant
  // is segmented exactly as the whole run. A run without spaces re-segments each window's last 256 characters.
  const cutAt = (p: number) => /\s/.test(text.charAt(p - 1)) && /[\u1780-\u17b3]/.test(text.charAt(p));
  yield* windowed(khmerWordSegmenter, text, from, to, { margin: 256, cutAt });
}
