// What `petition status` reports: the archive's own record (ledger and manifest) first, today's plan only beside it.
// The archive alone is a full answer; the plan adds the letters not yet sent and marks those changed since sending.
import { followedUpId } from '../follow-up.js';
import type { Channel, Letter, RosterRef } from '../types.js';
import { isRosterRef, type LedgerState, type LetterLedgerState, type LetterPostState } from './ledger.js';
import { unknownHint } from './plan.js';

/** A letter the archive's manifest lists (rendered, or sent), as status needs it. */
export interface ArchivedLetter {
  id: string;
  addressee: string;
  channel: Channel | undefined;
  contentHash: string;
  roster?: RosterRef | undefined;
}

/**
 * A manifest entry as status reads it: only the fields of the right type (the manifest's shape check covers ids and
 * files, not these); a field of another type is left out rather than trusted. Undefined without a string id.
 */
export function archivedLetterOf(entry: Record<string, unknown>): ArchivedLetter | undefined {
  const { id, addressee, channel, content_hash: contentHash, roster } = entry;
  if (typeof id !== 'string') return undefined;
  return {
    id,
    addressee: typeof addressee === 'string' ? addressee : (id.split('/')[1] ?? id),
    channel: channel === 'email' || channel === 'print' ? channel : undefined,
    contentHash: typeof contentHash === 'string' ? contentHash : '',
    roster: isRosterRef(roster) ? roster : undefined,
  };
}

/** An email letter's status, or a print letter's: `print` (not posted yet), `posted`, `returned`. */
export type StatusRowStatus = LetterLedgerState['status'] | 'not sent' | 'changed' | 'print' | 'posted' | 'returned';

export interface StatusRow {
  id: string;
  addressee: string;
  status: StatusRowStatus;
  /** As today's plan, else the archive's manifest, says; unknown for a letter only the ledger names. */
  channel?: Channel | undefined;
  /** The archive's manifest lists the letter: its PDF is in the archive (for a print letter, ready to print). */
  rendered?: boolean | undefined;
  /** A print letter's last post event (`petition posted`, `petition returned`). */
  post?: RowPost | undefined;
  time?: string | undefined;
  messageId?: string | undefined;
  response?: string | undefined;
  reason?: string | undefined;
  attempts: number;
  timesSent: number;
  /** The roster the letter was sent from (or last queued, rendered or planned from). */
  roster?: RosterRef | undefined;
  /** What to do about an `unknown` letter. */
  hint?: string | undefined;
  /** What the last delivery report said about the message last sent (`petition inbox`); none: no report came. */
  deliveryReport?: { state: 'delivered' | 'delayed' | 'bounced'; date: string; status?: string | undefined; diagnostic?: string | undefined } | undefined;
  /** The first reply by a person, else the last automatic one. */
  reply?: { state: 'replied' | 'auto-replied'; date: string; from?: string | undefined; excerpt?: string | undefined } | undefined;
}

export interface RowPost {
  state: LetterPostState['event'];
  /** The day of that event; `postedOn` the day of the posting it is about. */
  on: string;
  postedOn: string;
  tracking?: string | undefined;
  service?: string | undefined;
  reason?: string | undefined;
  timesPosted: number;
}

/** A roster some of the rows came from, and how many. */
export interface RosterUse extends RosterRef {
  letters: number;
}

export interface StatusReport {
  letters: StatusRow[];
  /** Every roster the rows came from; more than one is worth a look (a warning says so). */
  rosters: RosterUse[];
  warnings: string[];
}

/** The roster the archive recorded a letter from: once sent, the one it was sent from (unknown for a letter sent before
 *  rosters were recorded, never a later run's); before that, the last run's. */
const recordedRoster = (entry: LetterLedgerState): RosterRef | undefined => (entry.timesSent > 0 ? entry.sentRoster : entry.roster);

const sameRoster = (a: RosterRef, b: RosterRef): boolean => (a.sha256 && b.sha256 ? a.sha256 === b.sha256 : a.id === b.id && a.file === b.file);

export const describeRoster = (r: RosterRef): string => `${r.id} (${r.file}${r.sha256 ? `, sha256 ${r.sha256.slice(0, 12)}` : ''})`;

/**
 * Every letter the ledger or the manifest records, and with `planned` (the campaign as planned today) every letter
 * of today's plan too. The report never shows fewer letters sent than the ledger holds: a letter today's plan no longer
 * has (another roster, an addressee removed) is still listed, and a letter changed since it was sent is `changed`,
 * counted as sent.
 */
export function statusReport(state: LedgerState, archived: readonly ArchivedLetter[], planned?: readonly Letter[]): StatusReport {
  const inManifest = new Map(archived.map((a) => [a.id, a]));
  const plannedById = new Map((planned ?? []).map((l) => [l.id, l]));
  const ids = [...new Set([...(planned ?? []).map((l) => l.id), ...state.letters.keys(), ...inManifest.keys(), ...state.posts.keys()])];
  const letters = ids.map((id) => {
    const row = statusRow(id, state.letters.get(id), inManifest.get(id), plannedById.get(id), planned !== undefined);
    return withPost(row, state.posts.get(id), plannedById.get(id)?.channel ?? inManifest.get(id)?.channel, inManifest.has(id));
  });
  const rosters = rosterUses(letters);
  const warnings = [...state.warnings, ...severalRosters(letters)];
  return { letters, rosters, warnings };
}

function statusRow(id: string, entry: LetterLedgerState | undefined, archived: ArchivedLetter | undefined, letter: Letter | undefined, withPlan: boolean): StatusRow {
  const addressee = letter?.addresseeId ?? archived?.addressee ?? id.split('/')[1] ?? id;
  const channel = letter?.channel ?? archived?.channel;
  if (!entry) {
    const roster = archived?.roster ?? letter?.roster;
    return { id, addressee, status: channel === 'print' ? 'print' : 'not sent', attempts: 0, timesSent: 0, roster, reason: otherRoster(roster, letter) };
  }
  const roster = recordedRoster(entry) ?? (entry.timesSent > 0 ? undefined : archived?.roster);
  const changed = letter !== undefined && entry.status === 'sent' && entry.sentContentHash !== letter.contentHash;
  const unplanned = withPlan && letter === undefined && entry.status === 'sent' && !followedUpId(id) ? 'not in the current plan (another roster, or an addressee since removed)' : undefined;
  return {
    id,
    addressee,
    status: changed ? 'changed' : entry.status,
    time: entry.status === 'sent' ? entry.sentAt : entry.at,
    messageId: entry.messageId,
    response: entry.response,
    reason: [changed ? 'changed since sent' : (unplanned ?? entry.reason), otherRoster(roster, letter)].filter(Boolean).join('; ') || undefined,
    attempts: entry.attempts,
    timesSent: entry.timesSent,
    roster,
    hint: entry.status === 'unknown' ? unknownHint(id) : entry.report?.event === 'bounced' ? BOUNCED_HINT : undefined,
    ...afterSending(entry),
  };
}

/**
 * The letter's channel, whether the archive holds its PDF, and its post state. A letter with no email record shows its
 * post state as its status; one sent by email keeps its email status (a posting never makes it less sent).
 */
function withPost(row: StatusRow, post: LetterPostState | undefined, channel: Channel | undefined, rendered: boolean): StatusRow {
  const status = post && (row.status === 'print' || row.status === 'not sent') ? post.event : row.status;
  if (!post) return { ...row, channel, rendered };
  const { event: state, on, postedOn, tracking, service, reason, timesPosted } = post;
  return { ...row, status, channel, rendered, post: { state, on, postedOn, tracking, service, reason, timesPosted } };
}

const BOUNCED_HINT = 'it bounced: fix the address in the roster and send it again (petition send --only <id>), or post it (remove its email: it becomes a print letter)';

/** What came back about the letter (petition inbox). */
function afterSending(entry: LetterLedgerState): Pick<StatusRow, 'deliveryReport' | 'reply'> {
  const r = entry.report;
  const replies = entry.replies ?? [];
  const reply = replies.find((x) => x.event === 'replied') ?? replies.filter((x) => x.event === 'auto-replied').at(-1);
  return {
    deliveryReport: r && { state: r.event, date: r.facts.date, status: r.facts.status, diagnostic: r.facts.diagnostic },
    reply: reply && { state: reply.event, date: reply.facts.date, from: reply.facts.from, excerpt: reply.facts.excerpt },
  };
}

/** Said letter by letter: the archive holds this letter from one roster and today's plan makes it from another. */
function otherRoster(recorded: RosterRef | undefined, letter: Letter | undefined): string | undefined {
  const today = letter?.roster;
  if (!recorded || !today || sameRoster(recorded, today)) return undefined;
  return `recorded from roster ${describeRoster(recorded)}, planned today from ${describeRoster(today)}`;
}

/** One warning per petition whose letters come from more than one roster (each petition having its own is normal). */
function severalRosters(rows: readonly StatusRow[]): string[] {
  const byPetition = new Map<string, StatusRow[]>();
  for (const row of rows) {
    const petition = row.id.split('/')[0] ?? row.id;
    const own = byPetition.get(petition);
    if (own) own.push(row);
    else byPetition.set(petition, [row]);
  }
  return [...byPetition].flatMap(([petition, own]) => {
    const uses = rosterUses(own);
    if (uses.length < 2) return [];
    return [`${petition}: its letters come from ${uses.length} rosters: ${uses.map((r) => `${describeRoster(r)}: ${r.letters} letter(s)`).join('; ')}; the roster column says which`];
  });
}

function rosterUses(rows: readonly StatusRow[]): RosterUse[] {
  const uses: RosterUse[] = [];
  for (const row of rows) {
    if (!row.roster) continue;
    const known = uses.find((u) => sameRoster(u, row.roster!));
    if (known) known.letters++;
    else uses.push({ ...row.roster, letters: 1 });
  }
  return uses;
}

/**
 * For `send`, letter by letter: a letter this archive recorded from one roster that today's run plans from another,
 * and a letter this archive sent for the same petition that today's roster no longer has.
 */
export function rosterChanges(state: LedgerState, letters: readonly Letter[]): string[] {
  const notes: string[] = [];
  const planned = new Set(letters.map((l) => l.id));
  const todayByPetition = new Map(letters.filter((l) => l.roster).map((l) => [l.petition, l.roster!]));
  for (const letter of letters) {
    const entry = state.letters.get(letter.id);
    const note = entry && otherRoster(recordedRoster(entry), letter);
    if (note) notes.push(`${letter.id}: ${note}`);
  }
  for (const entry of state.letters.values()) {
    const petition = entry.letter.split('/')[0] ?? '';
    const today = todayByPetition.get(petition);
    const recorded = recordedRoster(entry);
    if (planned.has(entry.letter) || !today || !recorded || sameRoster(recorded, today)) continue;
    notes.push(`${entry.letter}: ${entry.status} from roster ${describeRoster(recorded)}, not in today's plan from ${describeRoster(today)}`);
  }
  return notes;
}
