// The checks of a print pack read back from the PDF (io/print/read-back.ts gives each word's box): the address lies in
// the envelope's window and nothing else does, every word keeps out of the printer's margin, each envelope's pages stay
// within the budget, every font is embedded. Each problem names the pack, the letter and what is wrong. Only text is
// judged here: rules and fold marks are drawn by us at known places, inside the margins.
import { problem } from '../errors.js';
import type { Problem } from '../types.js';
import { mmToPt, ptToMm, type Envelope, type Zone } from './envelopes.js';

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

/** One document of the pack as the renderer placed it (io/pdf/print-pack.ts), and what it should show. */
export interface PackedLetter {
  id: string;
  firstPage: number;
  pages: number;
  /** Empty for the annex printed once: it has no window, and no envelope of its own to keep within the page budget. */
  addressLines: readonly string[];
  returnLine: string;
  fontsNotEmbedded: readonly string[];
}

export interface PackCheck {
  /** The pack PDF as shown to the user. */
  file: string;
  envelope: Envelope;
  marginMm: number;
  maxPages: number;
  pages: readonly PageWords[];
  letters: readonly PackedLetter[];
}

/** Words may overhang a box by this much (points): poppler's boxes are the font's, a little taller than the ink. */
const SLACK = 0.5;

export function packProblems(check: PackCheck): Problem[] {
  return check.letters.flatMap((letter) => {
    const bad = (message: string, hint?: string) => problem(check.file, undefined, letter.id, message, hint);
    return [
      ...(letter.addressLines.length > 0 ? windowProblems(check, letter).map((m) => bad(m, 'the address block must fit the window and stand alone in it')) : []),
      ...marginProblems(check, letter).map((m) => bad(m, 'keep content inside the printable area (--margin <mm>)')),
      ...(letter.addressLines.length > 0 && letter.pages > check.maxPages
        ? [bad(`${letter.pages} pages, more than the ${check.maxPages} an envelope may hold`, 'shorten the letter, or raise --max-pages')]
        : []),
      ...letter.fontsNotEmbedded.map((font) => bad(`font ${font} is not embedded`, 'a printer substitutes fonts that are not embedded')),
    ];
  });
}

const inside = (w: Word, z: Zone): boolean => w.xMin >= z.x - SLACK && w.yMin >= z.y - SLACK && w.xMax <= z.x + z.width + SLACK && w.yMax <= z.y + z.height + SLACK;
const meets = (w: Word, z: Zone): boolean => w.xMax > z.x && w.xMin < z.x + z.width && w.yMax > z.y && w.yMin < z.y + z.height;
const pt = (z: Zone): Zone => ({ x: mmToPt(z.x), y: mmToPt(z.y), width: mmToPt(z.width), height: mmToPt(z.height) });
const quoted = (words: readonly Word[]): string => `"${words.map((w) => w.text).join(' ')}"`;

/** On the letter's first page: the address, whole, in its zone; the return line in its own; nothing else in either. */
function windowProblems(check: PackCheck, letter: PackedLetter): string[] {
  const page = check.pages[letter.firstPage - 1];
  if (!page) return [`page ${letter.firstPage} is missing from the PDF`];
  const address = pt(check.envelope.address);
  const returnLine = pt(check.envelope.returnLine);
  const out: string[] = [];
  const crossing = page.words.filter((w) => (meets(w, address) || meets(w, returnLine)) && !inside(w, address) && !inside(w, returnLine));
  if (crossing.length > 0) out.push(`${quoted(crossing)} crosses the edge of the envelope window (${zoneText(check.envelope.address)})`);
  out.push(
    ...sameText(
      page.words.filter((w) => inside(w, address)),
      letter.addressLines,
      'address',
      check.envelope.address,
    ),
  );
  out.push(
    ...sameText(
      page.words.filter((w) => inside(w, returnLine)),
      [letter.returnLine],
      'return line',
      check.envelope.returnLine,
    ),
  );
  return out;
}

/**
 * The words found in a zone against the lines meant for it, line by line. A line holding Khmer is compared by its place
 * only: its glyphs read back through the font's ToUnicode map, where a glyph shared by several clusters names only one
 * of them, so its text cannot be compared (its shaping is checked before drawing, in io/pdf/print-checks.ts).
 */
function sameText(found: readonly Word[], expected: readonly string[], what: string, zone: Zone): string[] {
  const lines = textLines(found);
  const out: string[] = [];
  if (lines.length < expected.length) out.push(`the ${what} does not fit its zone (${zoneText(zone)}): ${lines.length} of its ${expected.length} line(s) lie inside it`);
  if (lines.length > expected.length) out.push(`something else is drawn in the ${what} zone (${zoneText(zone)}): ${lines.length} lines where the ${what} has ${expected.length}`);
  expected.forEach((want, i) => {
    const got = lines[i];
    if (got === undefined || KHMER.test(want)) return;
    if (squeeze(got) !== squeeze(want.normalize('NFC'))) out.push(`line ${i + 1} of the ${what} zone (${zoneText(zone)}) reads "${got}", not "${want}"`);
  });
  return out;
}

const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/;
const squeeze = (text: string): string => text.normalize('NFC').replace(/\s+/g, '');

/** Words in lines, top to bottom: a word whose middle lies within the current line's height is on it. */
function textLines(words: readonly Word[]): string[] {
  const lines: { yMin: number; yMax: number; words: Word[] }[] = [];
  for (const word of [...words].sort((a, b) => a.yMin - b.yMin)) {
    const middle = (word.yMin + word.yMax) / 2;
    const line = lines.find((l) => middle >= l.yMin && middle <= l.yMax);
    if (line) line.words.push(word);
    else lines.push({ yMin: word.yMin, yMax: word.yMax, words: [word] });
  }
  return lines
    .sort((a, b) => a.yMin - b.yMin)
    .map((l) =>
      l.words
        .sort((a, b) => a.xMin - b.xMin)
        .map((w) => w.text)
        .join(' '),
    );
}

const zoneText = (z: Zone): string => `${fmt(z.x)}–${fmt(z.x + z.width)} mm from the left, ${fmt(z.y)}–${fmt(z.y + z.height)} mm from the top`;
const fmt = (mm: number): string => (Number.isInteger(mm) ? String(mm) : mm.toFixed(1));

/** Every word of the letter's pages inside the printable area; the first offender of each page is named. */
function marginProblems(check: PackCheck, letter: PackedLetter): string[] {
  const m = mmToPt(check.marginMm);
  const out: string[] = [];
  for (let n = letter.firstPage; n < letter.firstPage + letter.pages; n++) {
    const page = check.pages[n - 1];
    const word = page?.words.find((w) => w.xMin < m - SLACK || w.yMin < m - SLACK || w.xMax > page.width - m + SLACK || w.yMax > page.height - m + SLACK);
    if (!page || !word) continue;
    const edge = Math.min(word.xMin, word.yMin, page.width - word.xMax, page.height - word.yMax);
    out.push(`page ${n - letter.firstPage + 1} (page ${n} of the pack): "${word.text}" is ${ptToMm(Math.max(0, edge)).toFixed(1)} mm from the sheet's edge, inside the ${check.marginMm} mm margin`);
  }
  return out;
}
