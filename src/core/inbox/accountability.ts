// The questions organisers ask after the anniversary — which states received the letter, which answered, which stayed
// silent — as a table per petition and year, one row per state (or organisation), from what the archive recorded.
import type { StatusRow } from '../delivery/status.js';
import { followedUpId } from '../follow-up.js';

/** A letter as the report counts it: its status row and where its addressee stands. */
export interface CountedLetter {
  row: StatusRow;
  petition: string;
  /** The state the addressee speaks for (ISO 3166 code), else their organisation, else their group. */
  state: string;
  /** Its reminder (`petition follow-up`) was sent. */
  reminded?: boolean | undefined;
}

export interface StateCounts {
  state: string;
  letters: number;
  sent: number;
  delivered: number;
  bounced: number;
  /** An automatic reply came back, and no person's reply yet. */
  acknowledged: number;
  replied: number;
  /** Sent letters whose reminder was sent too (`petition follow-up`). */
  reminded: number;
  /** Sent, not bounced, and nothing came back. */
  silent: number;
  /** Print letters, posted or not: never counted above (sent, delivered… are email's). */
  print: number;
  /** Print letters marked posted (`petition posted`), and those since marked returned: the post's "sent" and "bounced". */
  posted: number;
  returned: number;
  /** Days from sending to the first reply by a person from this state, when one came. */
  daysToFirstReply?: number | undefined;
}

export interface YearReport {
  petition: string;
  /** The year the letters were sent (UTC), or `unsent`. */
  year: string;
  states: StateCounts[];
  total: StateCounts;
}

const DAY_MS = 86_400_000;
const isSent = (r: StatusRow): boolean => r.status === 'sent' || r.status === 'changed';
const isPrint = (r: StatusRow): boolean => r.status === 'print' || r.status === 'posted' || r.status === 'returned';

/** The year a letter went out: sent by email (UTC), else posted; `unsent` for neither. */
const yearOf = (r: StatusRow): string => (isSent(r) && r.time ? r.time.slice(0, 4) : r.post ? r.post.postedOn.slice(0, 4) : 'unsent');

export function accountability(counted: readonly CountedLetter[]): YearReport[] {
  const groups = new Map<string, CountedLetter[]>();
  for (const l of withReminders(counted)) {
    const year = yearOf(l.row);
    const key = `${l.petition}\n${year}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups]
    .map(([key, group]) => {
      const [petition = '', year = ''] = key.split('\n');
      const byState = new Map<string, CountedLetter[]>();
      for (const l of group) byState.set(l.state, [...(byState.get(l.state) ?? []), l]);
      const states = [...byState].map(([state, ls]) => counts(state, ls)).sort((a, b) => a.state.localeCompare(b.state));
      return { petition, year, states, total: counts('all', group) };
    })
    .sort((a, b) => a.petition.localeCompare(b.petition) || b.year.localeCompare(a.year));
}

/**
 * A reminder is not a letter of the count: the letter it follows up counts as reminded, and a person's reply to the
 * reminder is a reply to the letter (the days to it counted from the letter).
 */
function withReminders(letters: readonly CountedLetter[]): CountedLetter[] {
  const reminders = new Map<string, StatusRow>();
  for (const l of letters) {
    const of = followedUpId(l.row.id);
    if (of) reminders.set(of, l.row);
  }
  return letters
    .filter((l) => !followedUpId(l.row.id))
    .map((l) => {
      const reminder = reminders.get(l.row.id);
      // A reminder of an earlier send of the letter (last year's) is not this send's.
      if (!reminder || !reminder.time || !l.row.time || reminder.time < l.row.time) return l;
      const own = l.row.reply;
      const reply = own?.state === 'replied' ? own : reminder.reply?.state === 'replied' ? reminder.reply : (own ?? reminder.reply);
      return { ...l, reminded: isSent(reminder), row: { ...l.row, reply } };
    });
}

function counts(state: string, letters: readonly CountedLetter[]): StateCounts {
  const rows = letters.map((l) => l.row);
  const sent = rows.filter(isSent);
  const bounced = sent.filter((r) => r.deliveryReport?.state === 'bounced');
  const replied = sent.filter((r) => r.reply?.state === 'replied');
  const acknowledged = sent.filter((r) => r.reply?.state === 'auto-replied');
  const days = replied.flatMap((r) => (r.time && r.reply ? [(Date.parse(r.reply.date) - Date.parse(r.time)) / DAY_MS] : [])).filter((d) => Number.isFinite(d) && d >= 0);
  return {
    state,
    letters: rows.length,
    sent: sent.length,
    delivered: sent.filter((r) => r.deliveryReport?.state === 'delivered').length,
    bounced: bounced.length,
    acknowledged: acknowledged.length,
    replied: replied.length,
    reminded: letters.filter((l) => l.reminded && isSent(l.row)).length,
    silent: sent.filter((r) => !r.reply && r.deliveryReport?.state !== 'bounced').length,
    print: rows.filter(isPrint).length,
    posted: rows.filter((r) => r.status === 'posted').length,
    returned: rows.filter((r) => r.status === 'returned').length,
    daysToFirstReply: days.length > 0 ? Math.round(Math.min(...days) * 10) / 10 : undefined,
  };
}
