import { cleanField } from './text.js';

/**
 * Trimmed, NFC, lower-cased. Deliberately NO provider-specific rewriting (Gmail dots, +tags): two addresses that differ
 * only that way may belong to two people, and merging them would silently drop a signature.
 */
export function normalizeEmail(text: string): string {
  return cleanField(text).toLowerCase();
}

// One @, something before it, a dot inside the domain, no whitespace (which includes CR/LF), no second @, and none of
// the characters the text policy refuses (controls, NUL, bidi controls: see core/text-policy.ts).
const NOT_TEXT = '\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
const EMAIL = new RegExp(`^[^\\s@${NOT_TEXT}]+@[^\\s@.${NOT_TEXT}]+(?:\\.[^\\s@.${NOT_TEXT}]+)+$`);

/** Pragmatic `local@domain.tld` check, not RFC 5322: catches "not-an-email" and typos, accepts all real addresses. */
export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}

/** `jane.doe@example.org` → `j***@example.org`; something that is not an email keeps only its first character. */
export function maskEmail(text: string): string {
  const at = text.lastIndexOf('@');
  const first = Array.from(text)[0] ?? '';
  if (at < 0) return `${first}***`;
  return `${first}***${text.slice(at)}`;
}

// Anything shaped like an address, even inside other text (a mis-mapped column can put emails in any field): a whole run
// without spaces that holds an "@" between two other characters, so that quotes, brackets or commas in or around an
// address ("jane"@example.org, <jane@example.org>,) let none of its local part through. Anchored at the start of a run
// (the lookbehind): tried at every character, the pattern would scan to the run's end each time, quadratic in a long
// text (a 500 KB name: minutes).
const RUN_WITH_AT = /(?<!\S)\S*[^\s@]@[^\s@]\S*/g;

/** Masks every run holding an address in a free text, so rejects and logs can never carry a signer's address; quotes
 *  or a bracket before it stay (`"j***@example.org"`). */
export function maskEmailsIn(text: string): string {
  return text.replace(RUN_WITH_AT, (run) => {
    const opening = /^["'<([]*/.exec(run)?.[0] ?? '';
    return opening + maskEmail(run.slice(opening.length));
  });
}

/** Replaces every run of text holding an address with `instead`: what the annex prints in a signer's name. */
export function withoutEmails(text: string, instead: string): string {
  return text.replace(RUN_WITH_AT, instead);
}
