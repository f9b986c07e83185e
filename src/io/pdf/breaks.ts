// Where a line may end. Latin and Vietnamese follow UAX 14 (spaces, hyphens); Khmer is written without spaces
// between words, so it may break only at the word boundaries ICU's Khmer dictionary finds, never inside a syllable.
import LineBreaker from 'linebreak';
import { isKhmerCodePoint, splitByScript } from './scripts.js';
import { khmerWords } from './segments.js';

export interface BreakOpportunity {
  /** The line may end before this UTF-16 offset. */
  position: number;
  /** A forced break (newline). */
  required: boolean;
}

/** A Khmer word may start here: a consonant, an independent vowel or a digit (not a sign such as ។ or ៖). */
function startsKhmerWord(cp: number): boolean {
  return (cp >= 0x1780 && cp <= 0x17b3) || (cp >= 0x17e0 && cp <= 0x17e9);
}

export function breakOpportunities(text: string): BreakOpportunity[] {
  const found = new Map<number, boolean>();
  const breaker = new LineBreaker(text);
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    if (!insideKhmer(text, b.position) || b.required) found.set(b.position, b.required);
  }
  for (const run of splitByScript(text)) {
    if (run.script !== 'khmer') continue;
    for (const { index: position } of khmerWords(text, run.start, run.end)) {
      const cp = text.codePointAt(position) ?? 0;
      const before = text.codePointAt(position - 1) ?? 0;
      if (position > 0 && startsKhmerWord(cp) && isKhmerCodePoint(before) && !found.has(position)) {
        found.set(position, false);
      }
    }
  }
  found.set(text.length, true);
  return [...found].map(([position, required]) => ({ position, required })).sort((a, b) => a.position - b.position);
}

/** UAX 14 treats Khmer as "complex context": its breaks between two Khmer characters are not word boundaries. */
function insideKhmer(text: string, position: number): boolean {
  const before = text.codePointAt(position - 1) ?? 0;
  const after = text.codePointAt(position) ?? 0;
  return isKhmerCodePoint(before) && isKhmerCodePoint(after);
}
