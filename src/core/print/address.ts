// The rules of a postal address in the roster that a schema cannot say. What counts as an address line is what the
// envelope's window shows, the letter's address block: the name line (honorific and name), the title, the
// organisation when there is one, each of `postal_address.lines`, and the country's name, which is always last and
// always written from `country:` (so it is never typed twice).
import { countryName, isCountryCode } from '../fields.js';
import type { Addressee } from '../types.js';
import { ADDRESS_LINES } from './envelopes.js';

type Bad = (key: string, message: string, hint?: string) => void;

/** How many lines the envelope shows for this addressee (only meaningful with a postal address). */
export const envelopeLineCount = (a: Addressee): number => 2 + (a.organization ? 1 : 0) + (a.postal_address?.lines.length ?? 0) + 1;

/** Every problem of `a.postal_address`, through `bad` (key relative to the addressee). Nothing when it has none. */
export function postalAddressProblems(a: Addressee, bad: Bad): void {
  const postal = a.postal_address;
  if (!postal || !Array.isArray(postal.lines) || typeof postal.country !== 'string') return; // the schema says so
  const total = envelopeLineCount(a);
  if (total < ADDRESS_LINES.min || total > ADDRESS_LINES.max)
    bad(
      'postal_address.lines',
      `the envelope would show ${total} address lines (name, title${a.organization ? ', organisation' : ''}, ${postal.lines.length} postal, country); ${ADDRESS_LINES.min} to ${ADDRESS_LINES.max} fit a window`,
      'join or shorten postal lines, e.g. street and number on one line',
    );
  if (/^[A-Z]{2}$/.test(postal.country) && !isCountryCode(postal.country)) bad('postal_address.country', `"${postal.country}" is not an ISO 3166 country code`, 'e.g. FR, ID, KH');
  const last = postal.lines[postal.lines.length - 1];
  if (typeof last === 'string' && isCountryCode(postal.country) && namesOf(postal.country, a.language).has(fold(last)))
    bad('postal_address.lines', `the last line "${last}" is the country, which is printed last from postal_address.country`, 'drop this line');
  if (!a.citation) bad('postal_address', 'a postal address without a source', 'add source: where the address is published (an official contact page); never a guessed address');
}

const fold = (text: string): string => text.normalize('NFC').trim().toLocaleLowerCase('en');

/** The country as a last line might spell it: its code, and its name in English, French and the addressee's language. */
function namesOf(code: string, language: string): Set<string> {
  return new Set([code, ...['en', 'fr', language].map((l) => countryName(code, l))].map(fold));
}
