// Field checks shared by the roster and petition validators.
import { isRealDay } from './calendar.js';
import { isEmail } from './signatures/email.js';

// What a mail header adds to the email syntax: none of the characters that delimit addresses in a header.
const HEADER_DELIMITERS = /[<>()",;:\\[\]]/u;

/**
 * An address we write into a mail header (roster, petitioner, SMTP envelope): the one email syntax (`isEmail`, the
 * signers' rule too), no header delimiters, and a top-level domain of two characters or more.
 */
export function isEmailAddress(value: string): boolean {
  return isEmail(value) && !HEADER_DELIMITERS.test(value) && /\.[^.]{2,}$/u.test(value);
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `MM-DD`, a day that exists in a leap year. */
export function isMonthDay(value: string): boolean {
  return /^\d{2}-\d{2}$/.test(value) && isIsoDate(`2000-${value}`);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const regionNames = new Map<string, Intl.DisplayNames>();
/** Country name in a language, from the ICU data Node ships (no table to keep up to date); the code itself when ICU
 *  has no name for it. The one place letters, annexes and reports name a country. */
export function countryName(code: string, language: string): string {
  try {
    let names = regionNames.get(language);
    if (!names) {
      names = new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'code' });
      regionNames.set(language, names);
    }
    return names.of(code) ?? code;
  } catch {
    return code; // a code ICU cannot read (not two letters or three digits)
  }
}

/** ISO 3166-1 alpha-2 that ICU knows as a region (not a made-up code). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && countryName(code, 'en') !== code;
}
