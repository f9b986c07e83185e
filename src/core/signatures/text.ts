// Field-level text rules shared by every column.

const NON_ASCII = /[^\x00-\x7F]/;

/** Trimmed and NFC-normalized. ASCII text is already NFC, so the (costly) normalize call is skipped for it. */
export function cleanField(text: string): string {
  const trimmed = trim(text);
  return NON_ASCII.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
}

/**
 * CR or LF: what a quoted CSV field can carry into a name. Not core/fields.ts `hasLineBreak` (the header rule, which also
 * counts U+2028, U+2029 and U+0085): those reach a signature field only as text the text policy judges.
 */
export const hasCrOrLf = (text: string): boolean => text.includes('\n') || text.includes('\r');

/** U+FFFD is what a UTF-8 decoder puts where bytes were not UTF-8: the real character is lost, so the row is damaged. */
export const hasReplacementChar = (text: string): boolean => text.includes('\uFFFD');

/**
 * `String.prototype.trim`, without its cost when there is nothing to trim: a visible ASCII character at both ends
 * cannot be whitespace. (trim on a sliced string was a sixth of the counting time.)
 */
export function trim(text: string): string {
  const last = text.length - 1;
  if (last < 0) return text;
  const first = text.charCodeAt(0);
  const end = text.charCodeAt(last);
  return first > 32 && first < 127 && end > 32 && end < 127 ? text : text.trim();
}

// What a cell may hold that needs a close look (text-policy.ts): tab, the controls ANY_REFUSED matches, U+FFFD.
const NEEDS_CHECK: readonly (readonly [number, number])[] = [
  [0x00, 0x09],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x2029],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0xfffd, 0xfffd],
];

/**
 * A global expression that finds, in a file's text, the characters that keep a line from being `plain` (see
 * RowOrigin): line breaks are the scanners' own business. The delimiter's characters are left out (a tab-separated file
 * is all tabs); a delimiter that is one of them can only hide one inside a quoted field, so `delimiterNeedsCheck`
 * tells the scanner to treat quoted lines as not plain.
 */
export function needsCheckPattern(delimiter: string): { pattern: RegExp; delimiterNeedsCheck: boolean } {
  const excluded = new Set(Array.from(delimiter, (ch) => ch.codePointAt(0) ?? 0));
  const parts: string[] = [];
  let delimiterNeedsCheck = false;
  const hex = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;
  for (const [lo, hi] of NEEDS_CHECK) {
    let from = lo;
    for (let c = lo; c <= hi + 1; c++) {
      if (c <= hi && !excluded.has(c)) continue;
      if (c <= hi) delimiterNeedsCheck = true;
      if (c > from) parts.push(c - 1 === from ? hex(from) : `${hex(from)}-${hex(c - 1)}`);
      from = c + 1;
    }
  }
  return { pattern: new RegExp(`[${parts.join('')}]`, 'g'), delimiterNeedsCheck };
}

/** The index of the next match of a global regular expression from `from`, or -1. */
export function nextMatch(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}
