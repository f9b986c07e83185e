// The one text policy for every field a user writes (roster, petition, templates, signature cells): which characters
// a field may hold and how long it may be. Each check is a single pass over the text, so validation stays linear in
// the size of the input whatever it holds.

/**
 * What a field is for, which decides what it may hold:
 * - `multiline`: free text that may run over lines (a petition body, a template, a note, a signer's comment): tabs and
 *   line breaks allowed, no other control character;
 * - `line`: one line of text that stays in our files and reports (a URL, a source, a group's description);
 * - `header`: one line that reaches a mail header, an address block or a PDF heading (names, titles, subjects,
 *   salutations, countries, address lines): also no bidirectional embedding, override or isolate, which would reorder
 *   what the reader sees;
 * - `address`: a value machines read (emails, ids, codes, languages, dates): not even an invisible bidi mark.
 */
export type TextKind = 'multiline' | 'line' | 'header' | 'address';

/** Maxima, in characters (code points). README "Inputs" documents them; change both together. */
export const TEXT_LIMITS = {
  /** Names, titles, honorifics, organisations, salutations, subjects, address lines. */
  header: 300,
  /** Email addresses (RFC 5321 allows 254). */
  address: 254,
  /** Any other one-line field. */
  line: 1000,
  /** A signer's name in a signature file; a longer one is rejected `too-long`. */
  signerName: 300,
} as const;

export type TextRule = 'nul' | 'control' | 'line-break' | 'bidi' | 'too-long';

export interface TextFault {
  rule: TextRule;
  message: string;
  hint: string;
  /** Index (UTF-16) of the first offending character, for a line number in a multi-line text. */
  index: number;
}

// Line breaks: CR, LF, NEL and the Unicode line and paragraph separators.
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/u;

/** A value that ends up in a mail header must be one line: a line break would let it forge headers. */
export const hasLineBreak = (value: string): boolean => LINE_BREAK.test(value);
// C0 controls but tab, LF and CR; DEL; C1 controls but NEL (a line break, reported as such).
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/u;
const TAB = /\t/u;
// Embeddings and overrides (U+202A–202E), isolates (U+2066–2069): they reorder the text around them.
const BIDI_REORDERING = /[\u202a-\u202e\u2066-\u2069]/u;
// The same plus the invisible marks LRM, RLM and ALM, which have no place in an address or a code.
const BIDI_ANY = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;

/** Every character the policy refuses in some field: a text without any passes every kind's character rules. */
export const ANY_REFUSED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

/** `U+001B` for a character, as problems and rejects name it (never the raw character). */
export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first way `value` breaks the policy for a field of this kind, or undefined. `maxLength` overrides the kind's. */
export function checkText(value: string, kind: TextKind, maxLength?: number): TextFault | undefined {
  const nul = value.indexOf('\u0000');
  if (nul >= 0) return fault('nul', nul, 'holds a NUL character (U+0000)', 'remove it: a NUL is never text (was the file saved as UTF-16?)');
  const control = firstMatch(CONTROL_IN_TEXT, value);
  if (control >= 0) return fault('control', control, `holds a control character (${codePointName(value[control]!)})`, 'remove it: it is invisible and can rewrite a terminal');
  if (kind !== 'multiline') {
    const lineBreak = firstMatch(LINE_BREAK, value);
    if (lineBreak >= 0) return fault('line-break', lineBreak, 'contains a line break', 'keep it on one line');
    const tab = firstMatch(TAB, value);
    if (tab >= 0) return fault('control', tab, 'holds a tab (U+0009)', 'use a space: only a text or a comment may hold tabs');
  }
  const bidi = kind === 'address' ? firstMatch(BIDI_ANY, value) : kind === 'header' ? firstMatch(BIDI_REORDERING, value) : -1;
  if (bidi >= 0) return fault('bidi', bidi, `holds a bidirectional control (${codePointName(value[bidi]!)})`, 'remove it: it reorders what the reader sees');
  const limit = maxLength ?? (kind === 'multiline' ? undefined : TEXT_LIMITS[kind]);
  if (limit !== undefined && exceeds(value, limit)) return fault('too-long', limit, `is longer than ${limit} characters (${codePointLength(value)})`, `shorten it to at most ${limit}`);
  return undefined;
}

/** True when `value` has more than `limit` code points; O(1) when its UTF-16 length already settles it. */
export function exceeds(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  if (value.length > 2 * limit) return true;
  return codePointLength(value) > limit;
}

/** 1-based line of `index` in `text` (the first line is 1). */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function codePointLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 >= value.length) n++;
    else {
      const next = value.charCodeAt(i + 1);
      n++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return n;
}

function firstMatch(re: RegExp, value: string): number {
  return value.search(re);
}

function fault(rule: TextRule, index: number, message: string, hint: string): TextFault {
  return { rule, index, message, hint };
}

// Absolute web and mail links only; a scheme hidden behind entities, spaces or controls does not match either.
const SAFE_LINK = /^(?:https?:\/\/[^\s\u0000-\u001f]|mailto:[^\s\u0000-\u001f])/i;

/** Whether a link may stay a link in an HTML email: `http`, `https` and `mailto` only (never `javascript:`, `data:`…). */
export function isSafeLink(href: string): boolean {
  return SAFE_LINK.test(href);
}
