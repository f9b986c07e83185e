/**
 * `signed_at` rules. Accepted: an ISO 8601 calendar date `YYYY-MM-DD`, or a date-time `YYYY-MM-DDThh:mm[:ss[.fff]]`
 * (a space instead of `T` is accepted, as spreadsheets write it) with an optional offset `Z`, `±hh:mm`, `±hhmm` or `±hh`.
 * The day counted is the UTC day: "2017-10-23T01:00+07:00" counts on 2017-10-22. A date-time without an offset is taken
 * as UTC. A date alone is that day. Empty is allowed (not counted by day). Anything else, including dates that do not
 * exist ("2017-02-31"), is invalid.
 */
export type SignedAt = { ok: true; day: string | undefined } | { ok: false };

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const EMPTY: SignedAt = { ok: true, day: undefined };
const INVALID: SignedAt = { ok: false };

export function parseSignedAt(text: string): SignedAt {
  const s = text.trim();
  if (s === '') return EMPTY;
  const m = DATE_TIME.exec(s);
  if (!m) return INVALID;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
  if (m[4] === undefined) return { ok: true, day: s.slice(0, 10) };

  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // 24:00 is not accepted: it is rare in exports and ambiguous about which day it belongs to.
  if (hour > 23 || minute > 59 || second > 60) return INVALID;
  const offsetMinutes = parseOffset(m[7]);
  if (offsetMinutes === undefined) return INVALID;
  if (offsetMinutes === 0) return { ok: true, day: s.slice(0, 10) };
  const utc = Date.UTC(year, month - 1, day, hour, minute) - offsetMinutes * 60_000;
  return { ok: true, day: new Date(utc).toISOString().slice(0, 10) };
}

function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined || text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 14 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
