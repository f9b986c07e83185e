// The anniversary guard: a daily scheduled run sends only on the petition's day, in the petition's time zone.
// Time-zone arithmetic uses Intl alone (the runtime's own zone data), `now` is passed in.
import { RefusedError } from '../errors.js';
import type { LedgerRecord } from './ledger.js';

export interface AnniversarySpec {
  /** `MM-DD`. */
  date: string;
  /** IANA zone, e.g. `Asia/Phnom_Penh`. */
  time_zone: string;
}

export const DEFAULT_LATE_BY_MS = 12 * 60 * 60 * 1000;

interface Window {
  /** YYYY-MM-DD of the anniversary. */
  day: string;
  year: number;
  start: Date;
  end: Date;
  lateUntil: Date;
}

export type AnniversaryDecision =
  | { action: 'send'; exitCode: 0; anniversary: string; year: number; message: string }
  | { action: 'send-late'; exitCode: 0; anniversary: string; year: number; message: string; warning: string }
  | { action: 'wait'; exitCode: 0; next: string; daysUntil: number; message: string }
  | { action: 'already-sent'; exitCode: 0; anniversary: string; year: number; next: string; message: string }
  | { action: 'missed'; exitCode: 3; anniversary: string; year: number; next: string; message: string; hint: string };

/** `alreadySent` answers "are this year's letters in the ledger?"; a function gets the anniversary's year. */
export function anniversaryDecision(
  now: Date,
  spec: AnniversarySpec,
  lateByMs: number = DEFAULT_LATE_BY_MS,
  alreadySent: boolean | ((year: number) => boolean) = false,
): AnniversaryDecision {
  const { month, day } = parseMonthDay(spec.date);
  const zone = spec.time_zone;
  const today = localDate(now, zone);
  const window = (year: number): Window => anniversaryWindow(year, month, day, zone, lateByMs);
  const sentIn = (year: number): boolean => (typeof alreadySent === 'function' ? alreadySent(year) : alreadySent);
  const t = now.getTime();

  // Last year's window matters too: a 31 December anniversary runs late into 1 January.
  for (const w of [window(today.year - 1), window(today.year)]) {
    if (t >= w.start.getTime() && t < w.end.getTime())
      return { action: 'send', exitCode: 0, anniversary: w.day, year: w.year, message: `today is the anniversary (${w.day}, ${zone})` };
    if (t >= w.end.getTime() && t < w.lateUntil.getTime()) {
      const hours = ((t - w.end.getTime()) / 3_600_000).toFixed(1);
      return {
        action: 'send-late',
        exitCode: 0,
        anniversary: w.day,
        year: w.year,
        message: `the anniversary (${w.day}, ${zone}) ended ${hours} h ago; sending late`,
        warning: `sending ${hours} h after the anniversary ended (allowed until ${w.lateUntil.toISOString()})`,
      };
    }
  }
  const current = window(today.year);
  if (t < current.start.getTime()) {
    const daysUntil = daysBetween(today, { year: today.year, month, day: dayInYear(today.year, month, day) });
    return { action: 'wait', exitCode: 0, next: current.day, daysUntil, message: `next anniversary is ${current.day} (in ${plural(daysUntil, 'day')})` };
  }
  const next = window(today.year + 1).day;
  if (sentIn(current.year))
    return { action: 'already-sent', exitCode: 0, anniversary: current.day, year: current.year, next, message: `already sent for ${current.day}; next anniversary is ${next}` };
  return {
    action: 'missed',
    exitCode: 3,
    anniversary: current.day,
    year: current.year,
    next,
    message: `missed the window: the anniversary was ${current.day} (${zone}) and the late window closed ${current.lateUntil.toISOString()}`,
    hint: 'nothing was sent; send by hand without --on-anniversary if the letters should still go',
  };
}

/**
 * The anniversary decision for a scheduled run, from the ledger: "already sent" means one of these letters went out
 * during the anniversary's local year. `since` is where this year's campaign begins: older records (last year's
 * letters, with the same ids) do not count as this year's.
 */
export function scheduledRunDecision(
  now: Date,
  spec: AnniversarySpec,
  lateByMs: number,
  records: readonly LedgerRecord[],
  letterIds: ReadonlySet<string>,
): { decision: AnniversaryDecision; since?: string | undefined } {
  const sentInYear = (year: number): boolean => {
    const from = startOfLocalDay(year, 1, 1, spec.time_zone).getTime();
    const to = startOfLocalDay(year + 1, 1, 1, spec.time_zone).getTime();
    return records.some((r) => r.event === 'sent' && letterIds.has(r.letter) && Date.parse(r.at) >= from && Date.parse(r.at) < to);
  };
  const decision = anniversaryDecision(now, spec, lateByMs, sentInYear);
  const since = decision.action === 'send' || decision.action === 'send-late' ? startOfLocalDay(decision.year, 1, 1, spec.time_zone).toISOString() : undefined;
  return { decision, since };
}

/** Throws `RefusedError` for a missed window; returns the decision otherwise. */
export function assertAnniversaryAllows(decision: AnniversaryDecision): AnniversaryDecision {
  if (decision.action === 'missed') throw new RefusedError(decision.message, decision.hint);
  return decision;
}

export function parseMonthDay(text: string): { month: number; day: number } {
  const match = /^(\d{2})-(\d{2})$/.exec(text);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(2024, month))
    throw new RangeError(`anniversary date "${text}" is not MM-DD`);
  return { month, day };
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new RangeError(`unknown time zone "${zone}" (use an IANA name such as Asia/Phnom_Penh)`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(instant: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

function localDate(instant: Date, zone: string): LocalDate {
  const { year, month, day } = wallClock(instant.getTime(), zone);
  return { year, month, day };
}

/** Offset of the zone from UTC at an instant, in ms (east positive). */
function offsetAt(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight begins the given day in the zone (twice corrected, for days that change offset). */
export function startOfLocalDay(year: number, month: number, day: number, zone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetAt(wall, zone);
  const second = wall - offsetAt(first, zone);
  return new Date(second);
}

function anniversaryWindow(year: number, month: number, day: number, zone: string, lateByMs: number): Window {
  const d = dayInYear(year, month, day);
  const start = startOfLocalDay(year, month, d, zone);
  const nextDay = new Date(Date.UTC(year, month - 1, d + 1));
  const end = startOfLocalDay(nextDay.getUTCFullYear(), nextDay.getUTCMonth() + 1, nextDay.getUTCDate(), zone);
  return { day: isoDay(year, month, d), year, start, end, lateUntil: new Date(end.getTime() + lateByMs) };
}

/** 29 February falls on the 28th in common years. */
function dayInYear(year: number, month: number, day: number): number {
  return Math.min(day, daysInMonth(year, month));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

const isoDay = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
