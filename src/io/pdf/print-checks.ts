// The checks of a print letter that need the fonts, made before anything is drawn: each address line fits the width
// of the envelope's window in the font it is printed in, and Khmer text shapes as it does in the letters (the same
// HarfBuzz shapers, the same face for each script run) without a missing glyph or a dotted circle, which HarfBuzz
// puts where a vowel sign, a coeng or a sign has no consonant to sit on.
import { problem } from '../../core/errors.js';
import { mmToPt, ptToMm, type Envelope } from '../../core/print/envelopes.js';
import type { LetterDocument, Problem } from '../../core/types.js';
import type { FaceSet } from './fonts.js';
import { faceFor, measure } from './layout.js';
import { isKhmerCodePoint, splitByScript } from './scripts.js';
import { addressStyle } from './window.js';

export interface CheckedLetter {
  id: string;
  document: LetterDocument;
  addressLines: readonly string[];
  /** The roster entry of the addressee, named by an address problem. */
  roster: { file: string; line: number | undefined; field: string };
}

export function addressWidthProblems(faces: FaceSet, letter: CheckedLetter, envelope: Envelope): Problem[] {
  const room = mmToPt(envelope.address.width);
  return letter.addressLines.flatMap((text) => {
    const width = lineWidth(faces, text, envelope);
    if (width <= room) return [];
    const message = `${letter.id}: address line "${text}" is ${ptToMm(width).toFixed(1)} mm wide; the ${envelope.name.toUpperCase()} window holds ${envelope.address.width.toFixed(1)} mm`;
    return [problem(letter.roster.file, letter.roster.line, letter.roster.field, message, 'shorten the line or split it in two (at most 7 lines in all)')];
  });
}

/** Width in points of one unwrapped address line, each script run in its own face. */
function lineWidth(faces: FaceSet, text: string, envelope: Envelope): number {
  const normalized = text.normalize('NFC');
  const style = addressStyle(envelope);
  return splitByScript(normalized).reduce((w, run) => w + measure(faceFor(faces, run.script, style), normalized.slice(run.start, run.end), style.size), 0);
}

/** Every Khmer run of the letter (address and text) that does not shape cleanly, as one problem per text. */
export function khmerShapingProblems(faces: FaceSet, letter: CheckedLetter, file: string): Problem[] {
  const doc = letter.document;
  const texts: [string, string][] = [
    ...letter.addressLines.map((t, i): [string, string] => [`address line ${i + 1}`, t]),
    ['subject', doc.subject],
    ['salutation', doc.salutation],
    ['body', doc.body],
    ...doc.sections.flatMap((s): [string, string][] => [
      [`${s.language} title`, s.title],
      [`${s.language} text`, s.body],
    ]),
    ['count', doc.countSentence],
    ['closing', doc.closing],
  ];
  return texts.flatMap(([where, text]) => {
    const bad = badKhmerRun(faces, text);
    return bad === undefined
      ? []
      : [problem(file, undefined, letter.id, `Khmer text in the ${where} does not shape: "${bad}"`, 'a vowel sign, coeng or sign without its consonant, or a character the Khmer font lacks')];
  });
}

const hasKhmer = (text: string): boolean => {
  for (const ch of text) if (isKhmerCodePoint(ch.codePointAt(0) ?? 0)) return true;
  return false;
};
const DOTTED_CIRCLE = '\u25cc';

/** The first run holding Khmer that shapes with a missing glyph, or a dotted circle the text does not have. */
function badKhmerRun(faces: FaceSet, text: string): string | undefined {
  if (!hasKhmer(text)) return undefined;
  const normalized = text.normalize('NFC').replace(/[\r\n\t]/g, ' '); // line breaks are the layout's, never shaped
  for (const run of splitByScript(normalized)) {
    const slice = normalized.slice(run.start, run.end);
    if (!hasKhmer(slice)) continue;
    const face = faceFor(faces, run.script, { size: 10 });
    const dotted = face.shaper.shape(DOTTED_CIRCLE)[0]?.id;
    const glyphs = face.shaper.shape(slice);
    if (glyphs.some((g) => g.id === 0 || (g.id === dotted && !slice.includes(DOTTED_CIRCLE)))) return slice.trim().slice(0, 40);
  }
  return undefined;
}
