/**
 * `signed_at` rules. Accepted: an ISO 8601 calendar date `YYYY-MM-DD`, or a date-time `YYYY-MM-DDThh:mm[:ss[.fff]]`
 * (a space instead of `T` is accepted, as spreadsheets write it) with an optional offset `Z`, `±hh:mm`, `±hhmm` or `±hh`.
 * The day counted is the UTC day: "2017-10-23T01:00+07:00" counts on 2017-10-22. A date-time without an offset is taken
 * as UTC. A date alone is that day. Empty is allowed (not counted by day). Anything else, including dates that do not
 * exist ("2017-02-31") and hours past 23, is invalid.
 */
import { daysInMonth } from '../calendar.js';
import { trim } from './text.js';

export type SignedAt = { ok: true; day: string | undefined } | { ok: false };

const EMPTY: SignedAt = { ok: true, day: undefined };
const INVALID: SignedAt = { ok: false };

// Hand-written rather than one regular expression: this runs once per row and was a tenth of the counting time.
export function parseSignedAt(text: string): SignedAt {
  const s = trim(text);
  if (s === '') return EMPTY;
  if (s.length < 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return INVALID;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
  if (s.length === 10) return { ok: true, day: s };

  const separator = s.charCodeAt(10);
  if (separator !== T && separator !== t && separator !== SPACE) return INVALID;
  if (s.length < 16 || s.charCodeAt(13) !== COLON) return INVALID;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return INVALID;
  let i = 16;
  if (s.charCodeAt(i) === COLON) {
    const second = digits(s, i + 1, 2);
    if (second < 0 || second > 60) return INVALID;
    i += 3;
    if (s.charCodeAt(i) === DOT || s.charCodeAt(i) === COMMA) {
      const fractionStart = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === fractionStart) return INVALID;
    }
  }
  const offsetMinutes = parseOffset(s.slice(i));
  if (offsetMinutes === undefined) return INVALID;
  if (offsetMinutes === 0) return { ok: true, day: s.slice(0, 10) };
  const utc = Date.UTC(year, month - 1, day, hour, minute) - offsetMinutes * 60_000;
  return { ok: true, day: new Date(utc).toISOString().slice(0, 10) };
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const T = 84;
const t = 116;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The decimal number in s[from, from + count), or -1 if any of those characters is not an ASCII digit. */
function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = s.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** "" | Z → 0; ±hh, ±hhmm, ±hh:mm → minutes east of UTC; anything else → undefined. */
function parseOffset(text: string): number | undefined {
  if (text === '' || text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '+' ? 1 : text[0] === '-' ? -1 : 0;
  if (sign === 0) return undefined;
  const body = text.length === 6 && text[3] === ':' ? text.slice(1, 3) + text.slice(4) : text.slice(1);
  if (body.length !== 2 && body.length !== 4) return undefined;
  const hours = digits(body, 0, 2);
  const minutes = body.length === 4 ? digits(body, 2, 2) : 0;
  if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}
