import { cleanField } from './text.js';

/**
 * The form of a name used only as a dedup key: NFC, case-folded (upper-then-lower, so "ß" and "SS" meet), inner
 * whitespace collapsed to one space. Never shown to anyone.
 */
export function normalizeName(text: string): string {
  return cleanField(text).toUpperCase().toLowerCase().replace(/\s+/g, ' ');
}
