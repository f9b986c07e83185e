// The anniversary guard: a daily scheduled run sends only on the petition's day, in the petition's time zone.
// Time-zone arithmetic is in local-time.ts; `now` and the ledger records are passed in.
import { RefusedError } from '../errors.js';
import type { Letter } from '../types.js';
import { foldLedger, type LedgerRecord, type LedgerState } from './ledger.js';
import { daysInMonth } from '../calendar.js';
import { dayInYear, daysBetween, isoDay, localDate, startOfLocalDay } from './local-time.js';

export { startOfLocalDay } from './local-time.js';

export interface AnniversarySpec {
  /** `MM-DD`. */
  date: string;
  /** IANA zone, e.g. `Asia/Phnom_Penh`. */
  time_zone: string;
}

export const DEFAULT_LATE_BY_MS = 12 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const HALF_YEAR_MS = 182 * DAY_MS;
/** Letter ids quoted in a message; the decision's fields hold them all. */
const SHOWN = 5;

interface Window {
  /** YYYY-MM-DD of the anniversary. */
  day: string;
  year: number;
  start: Date;
  end: Date;
  lateUntil: Date;
}

/** This year's email letters, by what the ledger says happened to them within the anniversary's campaign year. */
export interface CampaignLetters {
  sent: string[];
  /** Failed permanently: settled, the run that failed them said so. */
  failed: string[];
  /** Never sent (no record, queued, deferred): a closed window with any of these is missed. */
  unsent: string[];
  /** May or may not have reached the server: a human must check. */
  unknown: string[];
}

export type AnniversaryDecision =
  | { action: 'send'; exitCode: 0; anniversary: string; year: number; message: string }
  | { action: 'send-late'; exitCode: 0; anniversary: string; year: number; message: string; warning: string }
  | { action: 'wait'; exitCode: 0; next: string; daysUntil: number; message: string }
  | { action: 'already-sent'; exitCode: 0; anniversary: string; year: number; next: string; message: string; sent: string[]; failed: string[] }
  | { action: 'missed'; exitCode: 3; anniversary: string; year: number; next: string; message: string; hint: string; unsent: string[]; unknown: string[] };

/**
 * What a scheduled run does now. `lettersIn(year)` tells what became of this year's letters in that campaign year; it
 * is asked only once the window has closed, and "already sent" means every letter is sent or failed permanently.
 */
export function anniversaryDecision(now: Date, spec: AnniversarySpec, lateByMs: number, lettersIn: (year: number) => CampaignLetters): AnniversaryDecision {
  const zone = spec.time_zone;
  const t = now.getTime();
  const year = campaignYearAt(now, spec, lateByMs);
  const w = windowOf(year, spec, lateByMs);
  if (t < w.start.getTime()) {
    const { month, day } = parseMonthDay(spec.date);
    const daysUntil = daysBetween(localDate(now, zone), { year, month, day: dayInYear(year, month, day) });
    return { action: 'wait', exitCode: 0, next: w.day, daysUntil, message: `next anniversary is ${w.day} (in ${plural(daysUntil, 'day')})` };
  }
  if (t < w.end.getTime()) return { action: 'send', exitCode: 0, anniversary: w.day, year, message: `today is the anniversary (${w.day}, ${zone})` };
  if (t < w.lateUntil.getTime()) {
    const hours = ((t - w.end.getTime()) / 3_600_000).toFixed(1);
    return {
      action: 'send-late',
      exitCode: 0,
      anniversary: w.day,
      year,
      message: `the anniversary (${w.day}, ${zone}) ended ${hours} h ago; sending late`,
      warning: `sending ${hours} h after the anniversary ended (allowed until ${w.lateUntil.toISOString()})`,
    };
  }
  return closedWindowDecision(w, windowOf(year + 1, spec, lateByMs).day, zone, lettersIn(year));
}

function closedWindowDecision(w: Window, next: string, zone: string, letters: CampaignLetters): AnniversaryDecision {
  const { sent, failed, unsent, unknown } = letters;
  const total = sent.length + failed.length + unsent.length + unknown.length;
  const base = { anniversary: w.day, year: w.year, next };
  if (unsent.length === 0 && unknown.length === 0) {
    const failures = failed.length > 0 ? `, ${failed.length} of them failed permanently` : '';
    return { action: 'already-sent', exitCode: 0, ...base, sent, failed, message: `already sent for ${w.day} (${plural(total, 'letter')}${failures}); next anniversary is ${next}` };
  }
  const parts = [
    unsent.length > 0 ? `${unsent.length} of ${plural(total, 'letter')} never sent: ${listed(unsent)}` : undefined,
    unknown.length > 0 ? `${unknown.length} of ${plural(total, 'letter')} of unknown delivery: ${listed(unknown)}` : undefined,
  ].filter((p) => p !== undefined);
  const hints = [
    unsent.length > 0 ? 'send by hand without --on-anniversary if they should still go (what was sent is skipped)' : undefined,
    unknown.length > 0 ? 'check the unknown ones with the server, then --retry-unknown or leave them' : undefined,
  ].filter((h) => h !== undefined);
  return {
    action: 'missed',
    exitCode: 3,
    ...base,
    unsent,
    unknown,
    message: `missed the window: the anniversary was ${w.day} (${zone}) and the late window closed ${w.lateUntil.toISOString()}; ${parts.join('; ')}`,
    hint: hints.join('; '),
  };
}

/**
 * The anniversary decision for a scheduled run, from the ledger. `letters` are this year's letters; only the email
 * ones count (print letters are never sent). A set of ids is taken as email letters' ids: that form is only for the
 * runner's current call and goes once it passes the letters. A record counts for the campaign year it was written in
 * (see `campaignYearStart`): last year's letters, with the same ids, are not this year's. `since` is where this
 * year's campaign begins, for the plan's view of the ledger.
 */
export function scheduledRunDecision(
  now: Date,
  spec: AnniversarySpec,
  lateByMs: number,
  records: readonly LedgerRecord[],
  letters: readonly Pick<Letter, 'id' | 'channel'>[],
): { decision: AnniversaryDecision; since?: string | undefined } {
  // Print letters are posted by hand: the ledger never says they were sent.
  const ids = letters.filter((l) => l.channel === 'email').map((l) => l.id);
  const lettersIn = (year: number): CampaignLetters => {
    const from = campaignYearStart(year, spec, lateByMs).getTime();
    const to = campaignYearStart(year + 1, spec, lateByMs).getTime();
    const inYear = records.filter((r) => Date.parse(r.at) >= from && Date.parse(r.at) < to);
    return campaignLetters(ids, foldLedger(inYear));
  };
  const decision = anniversaryDecision(now, spec, lateByMs, lettersIn);
  const since = decision.action === 'send' || decision.action === 'send-late' ? campaignYearStart(decision.year, spec, lateByMs).toISOString() : undefined;
  return { decision, since };
}

function campaignLetters(ids: readonly string[], ledger: LedgerState): CampaignLetters {
  const result: CampaignLetters = { sent: [], failed: [], unsent: [], unknown: [] };
  for (const id of ids) {
    const status = ledger.letters.get(id)?.status;
    const bucket = status === 'sent' ? result.sent : status === 'failed' ? result.failed : status === 'unknown' ? result.unknown : result.unsent;
    bucket.push(id);
  }
  return result;
}

/**
 * Where an anniversary's campaign year begins: half a year before its day. A campaign then holds the letters sent by
 * hand in the months before the day (one sent on 31 December for a 1 January anniversary is that anniversary's, and is
 * not sent again on the day) and those sent late or by hand in the months after it, and a missed window stays
 * reported (exit 3) until they are — whatever the date of the anniversary.
 */
export function campaignYearStart(year: number, spec: AnniversarySpec, lateByMs: number): Date {
  return new Date(windowOf(year, spec, lateByMs).start.getTime() - HALF_YEAR_MS);
}

/** The anniversary whose campaign `now` falls in: the one of this calendar year, the next, or the last. */
function campaignYearAt(now: Date, spec: AnniversarySpec, lateByMs: number): number {
  const { year } = localDate(now, spec.time_zone);
  for (const y of [year + 1, year]) if (now.getTime() >= campaignYearStart(y, spec, lateByMs).getTime()) return y;
  return year - 1;
}

/** Throws `RefusedError` (exit 3) for a missed window; the one place a decision refuses. */
export function assertAnniversaryAllows(decision: AnniversaryDecision): Exclude<AnniversaryDecision, { action: 'missed' }> {
  if (decision.action === 'missed') throw new RefusedError(decision.message, decision.hint);
  return decision;
}

export function parseMonthDay(text: string): { month: number; day: number } {
  const match = /^(\d{2})-(\d{2})$/.exec(text);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(2024, month)) throw new RangeError(`anniversary date "${text}" is not MM-DD`);
  return { month, day };
}

function windowOf(year: number, spec: AnniversarySpec, lateByMs: number): Window {
  const { month, day } = parseMonthDay(spec.date);
  return anniversaryWindow(year, month, day, spec.time_zone, lateByMs);
}

function anniversaryWindow(year: number, month: number, day: number, zone: string, lateByMs: number): Window {
  const d = dayInYear(year, month, day);
  const start = startOfLocalDay(year, month, d, zone);
  const nextDay = new Date(Date.UTC(year, month - 1, d + 1));
  const end = startOfLocalDay(nextDay.getUTCFullYear(), nextDay.getUTCMonth() + 1, nextDay.getUTCDate(), zone);
  return { day: isoDay(year, month, d), year, start, end, lateUntil: new Date(end.getTime() + lateByMs) };
}

const listed = (ids: readonly string[]): string => ids.slice(0, SHOWN).join(', ') + (ids.length > SHOWN ? `, … (${ids.length - SHOWN} more)` : '');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
