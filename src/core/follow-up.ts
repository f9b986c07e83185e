// One reminder per letter (`petition follow-up`): a letter of its own — its own id, ledger records, approval and
// archive files — threaded to the letter it follows up, and due once that letter was sent long enough ago and neither
// bounced nor got a person's reply. Pure: the command reads the ledger, this decides.
import { canonicalJson, sha256 } from './hash.js';
import type { LedgerRecord, LedgerState, LetterLedgerState } from './delivery/ledger.js';
import type { Letter } from './types.js';

const SUFFIX = '.follow-up';
const DAY_MS = 86_400_000;

/** The reminders a plan merged, and the letters whose language has no follow-up template. */
export interface FollowUps {
  letters: Letter[];
  missing: { letter: Letter; template: string }[];
}

/** `<petition>/<addressee>.follow-up/<language>`: roster ids hold no dot, so no letter of a roster has this id. */
export const followUpId = (letter: Pick<Letter, 'petition' | 'addresseeId' | 'language'>): string => `${letter.petition}/${letter.addresseeId}${SUFFIX}/${letter.language}`;

/** The id of the letter a follow-up's id reminds of; undefined for any other id. */
export function followedUpId(id: string): string | undefined {
  const m = /^([^/]+)\/([^/]+)\.follow-up\/([^/]+)$/.exec(id);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
}

/** The file name stem of a letter in the archive: its addressee's, and `.follow-up` for a reminder. */
export const letterStem = (letter: Pick<Letter, 'addresseeId' | 'followUp'>): string => `${letter.addresseeId}${letter.followUp ? SUFFIX : ''}`;

/** "Re: <subject>", as mail programs write a reply's subject (not doubled when it is one already). */
export const replySubject = (subject: string): string => (/^re:\s/i.test(subject) ? subject : `Re: ${subject}`);

/** The reminder of `original`: from and to the same people, "Re:" its subject, no attachments, threaded to it. */
export function followUpLetter(original: Letter, parts: { text: string; html: string }): Letter {
  const { contentHash: ofContentHash, roster, ...rest } = original;
  const subject = replySubject(original.subject);
  const letter: Omit<Letter, 'contentHash' | 'roster'> = {
    ...rest,
    id: followUpId(original),
    subject,
    text: parts.text,
    html: parts.html,
    document: { ...original.document, subject },
    attachments: [],
    followUp: { of: original.id, ofContentHash },
  };
  return { ...letter, contentHash: sha256(canonicalJson(letter)), roster };
}

/**
 * The records that speak of each reminder as it stands now: those since its letter was last sent. A campaign that
 * sends its letters again next year (or a letter resent after a change) gets a reminder of that send, not "already
 * sent" for last year's. The runner and the pre-flight fold only these, as `follow-up` does to choose.
 */
export function reminderRecordsInScope(letters: readonly Letter[], records: readonly LedgerRecord[]): readonly LedgerRecord[] {
  const reminderOf = new Map(letters.flatMap((l) => (l.followUp ? [[l.id, l.followUp.of] as const] : [])));
  if (reminderOf.size === 0) return records; // a run of letters: nothing to scope, nothing copied
  const lastSent = new Map<string, number>();
  for (const r of records) if (r.event === 'sent') lastSent.set(r.letter, Math.max(lastSent.get(r.letter) ?? 0, Date.parse(r.at)));
  return records.filter((r) => {
    const of = reminderOf.get(r.letter);
    return of === undefined || Date.parse(r.at) >= (lastSent.get(of) ?? 0);
  });
}

export interface FollowUpPlan {
  /** The reminders to send now: due, and not sent before (a failed or cut-off one is sent again only while still due). */
  due: Letter[];
  /** Letters not reminded, each with why. */
  notDue: { id: string; reason: string }[];
  /** Letters due a reminder whose language has no follow-up template. */
  missing: { letter: Letter; template: string }[];
}

/** Which letters are reminded now, `afterDays` after they were sent. `ledger` is folded from the records in scope
 *  (reminderRecordsInScope): a reminder of an earlier send of the letter is not this one. */
export function planFollowUps(letters: readonly Letter[], followUps: FollowUps, ledger: LedgerState, options: ReminderTiming): FollowUpPlan {
  const reminders = new Map(followUps.letters.map((f) => [f.followUp?.of, f]));
  const missing = new Map(followUps.missing.map((m) => [m.letter.id, m]));
  const plan: FollowUpPlan = { due: [], notDue: [], missing: [] };
  for (const letter of letters) {
    if (letter.channel !== 'email') continue;
    const reason = letter.document.isCopy ? 'a copy for information: no reply is awaited' : (reminderReason(ledger.letters.get(followUpId(letter)), options) ?? notDueReason(letter, ledger, options));
    if (reason) plan.notDue.push({ id: letter.id, reason });
    else if (reminders.has(letter.id)) plan.due.push(reminders.get(letter.id) as Letter);
    else plan.missing.push(missing.get(letter.id) ?? { letter, template: `templates/${letter.language}/follow-up.md.hbs` });
  }
  return plan;
}

export interface ReminderTiming {
  afterDays: number;
  now: Date;
  /** `--retry-unknown`: a reminder whose delivery is unknown may be sent again. */
  retryUnknown?: boolean | undefined;
}

/** Why the letter's reminder, as the ledger knows it, is not sent now: it was, or it may have been. */
function reminderReason(reminder: LetterLedgerState | undefined, options: ReminderTiming): string | undefined {
  if (reminder?.status === 'sent') return `reminded on ${(reminder.sentAt ?? reminder.at).slice(0, 10)}`;
  if (reminder?.status === 'unknown' && !options.retryUnknown)
    return `its reminder may have been delivered (unknown): check, then petition ledger settle ${reminder.letter} --delivered (or --not-delivered), or send it again with --retry-unknown`;
  return undefined;
}

/**
 * Why the letter is not reminded, if it is not: whatever became of an earlier reminder (failed, cut off), the letter
 * must still be as sent, not bounced, not answered since it was sent, and sent `afterDays` ago.
 */
function notDueReason(letter: Letter, ledger: LedgerState, { afterDays, now }: ReminderTiming): string | undefined {
  const state = ledger.letters.get(letter.id);
  if (!state || state.status !== 'sent' || !state.sentAt) return state?.status === 'unknown' ? 'its delivery is unknown' : 'not sent';
  if (state.sentContentHash !== letter.contentHash) return 'changed since it was sent: a reminder would name a letter the addressee never got';
  if (state.report?.event === 'bounced') return `bounced${state.report.facts.status ? ` (${state.report.facts.status})` : ''}: fix the address, or print the letter`;
  const sentAt = Date.parse(state.sentAt);
  // The letter's replies since it was last sent (the fold starts them anew with each send), and its reminder's.
  const reply = [...(state.replies ?? []), ...(ledger.letters.get(followUpId(letter))?.replies ?? [])].find((r) => r.event === 'replied');
  if (reply) return `replied on ${reply.facts.date.slice(0, 10)}`;
  const due = new Date(sentAt + afterDays * DAY_MS);
  if (due > now) return `sent on ${state.sentAt.slice(0, 10)}: due on ${due.toISOString().slice(0, 10)}`;
  return undefined;
}
