// Command-line values and environment variables, parsed and range-checked where they enter: a value out of range
// is a usage error (exit 2) with the accepted range, never a crash (exit 70) later on.

import { isIsoDate } from './fields.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface WholeNumberRange {
  min: number;
  max: number;
}

/** Ranges of the numeric options; README "Options" documents the same numbers. */
export const optionRanges = {
  jobs: { min: 1, max: 64 },
  limit: { min: 1, max: 10_000_000 },
  maxErrors: { min: 1, max: 10_000_000 },
  rate: { min: 1, max: 100_000 },
  /** A month: the campaign year moves with the window, and a year of lateness would make every day "late". */
  lateBy: { min: 0, max: 720 },
  annexNames: { min: 0, max: 10_000_000 },
  /** Ten years: a reminder is sent once, so any later day would do, but a typo of days for a date would not. */
  afterDays: { min: 0, max: 3650 },
  /** print: the printer's unprintable edge in whole mm (a quarter of an A4 sheet's width at most). */
  margin: { min: 0, max: 50 },
  /** print: pages one envelope may hold. */
  maxPages: { min: 1, max: 1000 },
} as const satisfies Record<string, WholeNumberRange>;

/** Digits only: `Number()` would also take "", " 5", "0x10", "1e3" and "5.0". */
export function parseWholeNumber(text: string, range: WholeNumberRange): Parsed<number> {
  if (!/^\d+$/.test(text)) return { ok: false, message: `"${text}" is not a whole number (give ${describeRange(range)})` };
  const value = Number(text);
  if (value < range.min || value > range.max) return { ok: false, message: `${text} is out of range (give ${describeRange(range)})` };
  return { ok: true, value };
}

/** A calendar date as YYYY-MM-DD that exists (`--roster-checked-on`). */
export function parseIsoDay(text: string): Parsed<string> {
  return isIsoDate(text) ? { ok: true, value: text } : { ok: false, message: `"${text}" is not a date (give YYYY-MM-DD)` };
}

/** `--annex-names`: a count, `all` (Infinity) or `none` (0). */
export function parseNamesCap(text: string): Parsed<number> {
  if (text === 'all') return { ok: true, value: Infinity };
  if (text === 'none') return { ok: true, value: 0 };
  const parsed = parseWholeNumber(text, optionRanges.annexNames);
  return parsed.ok ? parsed : { ok: false, message: `"${text}" is not a number of names (give ${describeRange(optionRanges.annexNames)}, all or none)` };
}

/** Latest SOURCE_DATE_EPOCH: 9999-12-31T23:59:59Z, the last date a PDF date string can hold. */
export const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/** SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970; unset or empty means "not given". */
export function parseSourceDateEpoch(text: string | undefined): Parsed<Date | undefined> {
  if (text === undefined || text === '') return { ok: true, value: undefined };
  const parsed = parseWholeNumber(text, { min: 0, max: MAX_SOURCE_DATE_EPOCH });
  if (!parsed.ok) return { ok: false, message: `"${text}" is not whole seconds since 1970-01-01 UTC, up to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31)` };
  return { ok: true, value: new Date(parsed.value * 1000) };
}

function describeRange(range: WholeNumberRange): string {
  return `${range.min} to ${range.max}`;
}
