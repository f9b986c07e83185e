// Officeholders change, and petitions here are sent again every anniversary: a roster is only as good as the day its
// facts were checked. Pure: `today` (YYYY-MM-DD) is passed in.
import { problem } from './errors.js';
import { isIsoDate } from './fields.js';
import type { Addressee, Problem, Roster } from './types.js';

export const DEFAULT_MAX_AGE_DAYS = 180;
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export interface StaleAddressee {
  addressee: Addressee;
  /** The date its facts were last checked: its own verified_on, else the roster's as_of. */
  checkedOn: string;
  ageDays: number;
}

/** The addressees (of those given) whose facts are older than the roster allows on `today`. */
export function staleAddressees(roster: Roster, addressees: readonly Addressee[], today: string): StaleAddressee[] {
  const maxAge = roster.max_age_days ?? DEFAULT_MAX_AGE_DAYS;
  return addressees.flatMap((addressee) => {
    const checkedOn = addressee.verified_on ?? roster.as_of;
    const ageDays = daysBetween(checkedOn, today);
    return ageDays > maxAge ? [{ addressee, checkedOn, ageDays }] : [];
  });
}

/** One warning per addressee not verified within the window, at its line in the roster (validate, preview). */
export function staleRosterWarnings(roster: Roster, addressees: readonly Addressee[], today: string): Problem[] {
  const maxAge = roster.max_age_days ?? DEFAULT_MAX_AGE_DAYS;
  return staleAddressees(roster, addressees, today).map(({ addressee, checkedOn, ageDays }) =>
    problem(
      roster.file,
      addressee.source.line,
      `addressees.${addressee.id}`,
      `last verified on ${checkedOn}, ${ageDays} days ago (more than ${maxAge}): the office may have changed hands`,
      addressee.verified_on ? 'check the officeholder, then update verified_on' : "check the officeholder, then set verified_on (or update the roster's as_of)",
      'warning',
    ),
  );
}

/**
 * Why `send` must refuse today, or undefined. `checkedOn` is a person's word (`--roster-checked-on`) that every
 * addressee was checked on that date; it must be a real date, not in the future, and itself within the window.
 */
export function staleRosterRefusal(roster: Roster, addressees: readonly Addressee[], today: string, checkedOn?: string): { message: string; hint: string } | undefined {
  const maxAge = roster.max_age_days ?? DEFAULT_MAX_AGE_DAYS;
  const way = `check every addressee, then update as_of (or each verified_on) in ${roster.file}, or pass --roster-checked-on YYYY-MM-DD`;
  if (checkedOn !== undefined) {
    if (!isIsoDate(checkedOn)) return { message: `--roster-checked-on "${checkedOn}" is not a date`, hint: 'YYYY-MM-DD, the day you checked every addressee' };
    if (checkedOn > today) return { message: `--roster-checked-on ${checkedOn} is after today (${today})`, hint: 'give the day you checked every addressee' };
    const age = daysBetween(checkedOn, today);
    if (age > maxAge) return { message: `--roster-checked-on ${checkedOn} is ${age} days ago, more than the ${maxAge} ${roster.file} allows`, hint: way };
    return undefined;
  }
  const stale = staleAddressees(roster, addressees, today);
  if (stale.length === 0) return undefined;
  const first = stale
    .slice(0, 3)
    .map((s) => `${s.addressee.id} (${s.checkedOn})`)
    .join(', ');
  const more = stale.length > 3 ? `, … (${stale.length - 3} more)` : '';
  return {
    message: `roster ${roster.id} (${roster.file}, as of ${roster.as_of}) is older than ${maxAge} days for ${stale.length} addressee(s): ${first}${more}; officeholders may have changed`,
    hint: way,
  };
}
