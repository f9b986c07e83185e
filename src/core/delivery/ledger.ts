// The ledger is an append-only journal; this module folds its records into the state of each letter.
// Pure: the io/ledger adapter reads and writes the file, this decides what the lines mean.
import type { RosterRef } from '../types.js';

/**
 * `unknown` is written when the end of a message's DATA reached the socket and no definite reply came back (the
 * connection dropped, a deadline passed, the run was interrupted): the server may hold the message, so it is never
 * sent again without `--retry-unknown`. A `sending` record with nothing after it means the same (the process died).
 */
export type LedgerEvent = 'queued' | 'sending' | 'deferred' | 'sent' | 'failed' | 'unknown' | InboundEvent | PostEvent;

/**
 * A print letter's life, recorded by hand (`petition posted`, `petition returned`): it went in the post, or came back.
 * Like inbound events they never touch a letter's email status: a posted letter is never "sent" by email.
 */
export type PostEvent = 'posted' | 'returned';
export const POST_EVENTS: readonly PostEvent[] = ['posted', 'returned'];

/** On a post event: the day (YYYY-MM-DD) it was posted or came back, and on `posted` the post's own facts. */
export interface PostFacts {
  on: string;
  tracking?: string | undefined;
  service?: string | undefined;
}

/**
 * What came back after a letter was sent, as `petition inbox` read it: a delivery report (delivered, delayed, bounced)
 * or a reply (automatic or by a person). These never change whether a letter was sent: they tell what became of it.
 */
export type InboundEvent = 'delivered' | 'delayed' | 'bounced' | 'auto-replied' | 'replied';
export const INBOUND_EVENTS: readonly InboundEvent[] = ['delivered', 'delayed', 'bounced', 'auto-replied', 'replied'];

/** The message an inbound event was read from. `key` is what makes reading the same mailbox twice add nothing. */
export interface InboundFacts {
  key: string;
  messageId?: string | undefined;
  /** The message's Date header (ISO), else when it was read. */
  date: string;
  from?: string | undefined;
  subject?: string | undefined;
  /** A few lines of what it says (a reply's first words, a bounce's diagnostic). */
  excerpt?: string | undefined;
  /** A delivery report's status code (RFC 3463, e.g. 5.1.1) and the remote server's diagnostic. */
  status?: string | undefined;
  diagnostic?: string | undefined;
  /** How it was matched to the letter: in-reply-to, references, envelope-id, original-message-id, return-path, address-and-subject. */
  matchedBy?: string | undefined;
  /** Our Message-ID it names, when it names one: the send of the letter it is about. */
  about?: string | undefined;
}

/** One line of ledger.jsonl. Unknown extra fields are kept by readers and ignored here. */
export interface LedgerRecord {
  v: 1;
  /** ISO time the record was written. */
  at: string;
  /** Letter id `<petition>/<addressee>/<lang>`. */
  letter: string;
  event: LedgerEvent;
  contentHash: string;
  /** Identifies one run, so a report can tell this run's records from older ones. */
  run?: string | undefined;
  attempt?: number | undefined;
  messageId?: string | undefined;
  /** The server's reply line on `sent`. */
  response?: string | undefined;
  /** Why a letter was deferred or failed. */
  reason?: string | undefined;
  accepted?: string[] | undefined;
  rejected?: string[] | undefined;
  /** Written by `petition ledger recover`: the archive file that proved this record (manifest.json, an .eml). */
  recovered?: string | undefined;
  /** On `queued`: the date a person vouched the roster was checked (`send --roster-checked-on`). */
  rosterCheckedOn?: string | undefined;
  /** On `queued`: the emails of the people who approved this content (`petition approve`). */
  approvedBy?: string[] | undefined;
  /** On `queued`: the roster the letter was planned from. */
  roster?: RosterRef | undefined;
  /** Written by `petition ledger settle`: a person checked what became of the letter. */
  byHand?: boolean | undefined;
  /** On an inbound event (`petition inbox`): the message it was read from. */
  inbound?: InboundFacts | undefined;
  /** On `sending`, when SMTP_RETURN_PATH is set: the letter's MAIL FROM, where its bounces come back to. */
  returnPath?: string | undefined;
  /** On a post event (`posted`, `returned`; its `reason` says why it came back). */
  post?: PostFacts | undefined;
}

/**
 * What the ledger says about one letter.
 * `unknown`: the last record is `sending` — the process died between handing the message to the server and hearing
 * back, so the letter may or may not have been delivered.
 */
export type LetterStatus = 'queued' | 'sent' | 'failed' | 'unknown';

export interface LetterLedgerState {
  letter: string;
  status: LetterStatus;
  /** Hash of the letter the last event was about. */
  contentHash: string;
  /** Hash of the letter that was last sent, when any (a later run may be about a changed letter). */
  sentContentHash?: string | undefined;
  at: string;
  sentAt?: string | undefined;
  messageId?: string | undefined;
  response?: string | undefined;
  reason?: string | undefined;
  /** Attempts (sending records) since the last queued record. */
  attempts: number;
  /** How many times the letter was sent in all, over all runs. More than one only after a deliberate resend. */
  timesSent: number;
  /** The roster of the last `queued` record, and of the one that led to the last `sent`. */
  roster?: RosterRef | undefined;
  sentRoster?: RosterRef | undefined;
  /**
   * An attempt of this letter may have reached the server without a reply (unknown). It sticks: a later attempt that
   * fails or is deferred cannot prove the earlier one was not delivered, so the letter stays `unknown` until it is
   * sent or a person settles it by hand (`petition ledger settle`).
   */
  mayHaveBeenDelivered?: boolean | undefined;
  /** The last delivery report about the message last sent: a delayed one never hides a final one. */
  report?: { event: 'delivered' | 'delayed' | 'bounced'; at: string; facts: InboundFacts } | undefined;
  /** Replies to the letter, in ledger order: automatic ones and a person's. */
  replies?: { event: 'auto-replied' | 'replied'; at: string; facts: InboundFacts }[] | undefined;
}

/** Where a print letter stands in the post: its last post event, and the posting it is about. */
export interface LetterPostState {
  event: PostEvent;
  /** The day of that event: posted on, or returned on. */
  on: string;
  at: string;
  /** The day of the last posting, its tracking number and service (kept when it comes back). */
  postedOn: string;
  tracking?: string | undefined;
  service?: string | undefined;
  /** Why it came back. */
  reason?: string | undefined;
  /** Hash of the letter posted last. */
  contentHash: string;
  /** Postings in all; more than one only after `posted --again`. */
  timesPosted: number;
}

export interface LedgerState {
  /** Each letter's email state; a letter only ever posted has none (it was never queued for sending). */
  letters: Map<string, LetterLedgerState>;
  /** Each print letter's post state, apart: nothing here may count a letter as sent by email. */
  posts: Map<string, LetterPostState>;
  /** Lines that could not be read, e.g. a torn last line after a crash. */
  warnings: string[];
}

export const emptyLedgerState = (): LedgerState => ({ letters: new Map(), posts: new Map(), warnings: [] });

const EVENTS: ReadonlySet<string> = new Set(['queued', 'sending', 'deferred', 'sent', 'failed', 'unknown', ...INBOUND_EVENTS, ...POST_EVENTS]);
const isInboundEvent = (event: string): event is InboundEvent => (INBOUND_EVENTS as readonly string[]).includes(event);

/** What is wrong with a line that is not a record; `field` when it is a record of the wrong shape. */
export interface LineError {
  error: string;
  field?: string | undefined;
}

/** Reads one journal line: a record, or what is wrong with it (torn, foreign, or of the wrong shape). */
export function parseLedgerLine(line: string): { record: LedgerRecord; error?: undefined; field?: undefined } | ({ record?: undefined } & LineError) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON (an interrupted write?)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const wrong = shapeErrors(value as Record<string, unknown>);
  if (wrong.length > 0) {
    const [first, ...more] = wrong;
    const also = more.length > 0 ? `; also ${more.map((w) => `${w.field} ${w.error}`).join(', ')}` : '';
    return { field: first?.field, error: `${first?.error}${also}` };
  }
  return { record: value as LedgerRecord };
}

/** An ISO 8601 date-time with a zone, as `Date.toISOString` writes (seconds and fraction optional). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const isIsoTime = (value: unknown): value is string => typeof value === 'string' && ISO_TIME.test(value) && Number.isFinite(Date.parse(value));

const isString = (value: unknown): boolean => typeof value === 'string';
const isStringList = (value: unknown): boolean => Array.isArray(value) && value.every(isString);
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
/** `{ id, file, sha256? }`, all strings: the roster a record or a manifest entry names. */
export const isRosterRef = (value: unknown): value is RosterRef => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return isString(r.id) && isString(r.file) && (r.sha256 === undefined || isString(r.sha256));
};

/** Optional fields: absent, or of this type. Unknown extra fields are allowed (a later version may add some). */
const OPTIONAL: readonly [keyof LedgerRecord, (value: unknown) => boolean, string][] = [
  ['run', isString, 'is not a string'],
  ['attempt', isCount, 'is not a whole number'],
  ['messageId', isString, 'is not a string'],
  ['response', isString, 'is not a string'],
  ['reason', isString, 'is not a string'],
  ['recovered', isString, 'is not a string'],
  ['byHand', (v: unknown) => typeof v === 'boolean', 'is not true or false'],
  ['rosterCheckedOn', isString, 'is not a string'],
  ['roster', isRosterRef, 'is not a roster ({ id, file, sha256 })'],
  ['accepted', isStringList, 'is not a list of strings'],
  ['approvedBy', isStringList, 'is not a list of strings'],
  ['inbound', (v: unknown) => isInboundFacts(v), 'is not { key, date, … } of strings'],
  ['rejected', isStringList, 'is not a list of strings'],
  ['returnPath', isString, 'is not a string'],
  ['post', (v: unknown) => isPostFacts(v), 'is not { on, tracking?, service? } of strings'],
];

function shapeErrors(r: Record<string, unknown>): { field: string; error: string }[] {
  const errors: { field: string; error: string }[] = [];
  const check = (field: string, ok: boolean, error: string): void => {
    if (!ok) errors.push({ field, error: r[field] === undefined ? 'is missing' : error });
  };
  check('v', r.v === 1, `is ${JSON.stringify(r.v)}, not 1`);
  check('at', isIsoTime(r.at), 'is not an ISO time');
  check('letter', typeof r.letter === 'string' && r.letter !== '', 'is not a letter id');
  check('event', typeof r.event === 'string' && EVENTS.has(r.event), `${JSON.stringify(r.event)} is not a known event`);
  check('contentHash', typeof r.contentHash === 'string', 'is not a string');
  for (const [field, ok, error] of OPTIONAL) if (r[field] !== undefined && !ok(r[field])) errors.push({ field, error });
  return errors;
}

/** Folds records (in journal order) into the state of every letter. `since` ignores older records (a new campaign year). */
export function foldLedger(records: Iterable<LedgerRecord>, options: { since?: string | undefined } = {}): LedgerState {
  const state = emptyLedgerState();
  const since = options.since ? Date.parse(options.since) : undefined;
  for (const record of records) {
    if (since !== undefined && Date.parse(record.at) < since) continue;
    applyRecord(state, record);
  }
  return state;
}

/** How many letters the records are about, and how many are in each status (for `ledger check`). */
export function lettersByStatus(records: Iterable<LedgerRecord>): Record<LetterStatus, number> & { total: number } {
  const counts = { total: 0, sent: 0, failed: 0, unknown: 0, queued: 0 };
  for (const letter of foldLedger(records).letters.values()) {
    counts.total += 1;
    counts[letter.status] += 1;
  }
  return counts;
}

export function applyRecord(state: LedgerState, record: LedgerRecord): void {
  if (record.event === 'posted' || record.event === 'returned') {
    const post = withPost(state.posts.get(record.letter), record.event, record);
    if (post) state.posts.set(record.letter, post);
    return;
  }
  const previous = state.letters.get(record.letter);
  if (isInboundEvent(record.event)) {
    // About a message sent before (outside a `since` window, it is not in this fold: nothing to say about it).
    if (previous) state.letters.set(record.letter, withInbound(previous, record.event, record));
    return;
  }
  const next: LetterLedgerState = previous
    ? { ...previous, contentHash: record.contentHash, at: record.at }
    : { letter: record.letter, status: 'queued', contentHash: record.contentHash, at: record.at, attempts: 0, timesSent: 0 };
  switch (record.event) {
    case 'queued':
      // A new attempt at the letter; what was sent before stays recorded in sentContentHash and timesSent.
      next.status = previous?.status === 'sent' ? 'sent' : 'queued';
      next.attempts = 0;
      next.reason = undefined;
      next.roster = record.roster;
      break;
    case 'sending':
      next.status = 'unknown';
      next.attempts = (previous?.attempts ?? 0) + 1;
      next.messageId = record.messageId ?? next.messageId;
      break;
    case 'deferred':
      // The server (or the network) refused before accepting: certainly not delivered, safe to send again.
      next.status = 'queued';
      next.reason = record.reason;
      break;
    case 'sent':
      next.status = 'sent';
      next.sentContentHash = record.contentHash;
      next.sentAt = record.at;
      next.messageId = record.messageId ?? next.messageId;
      next.response = record.response;
      next.reason = undefined;
      next.timesSent = (previous?.timesSent ?? 0) + 1;
      next.sentRoster = next.roster;
      // A new message: what came back about the last one (a report, a reply) is not about this one.
      next.report = undefined;
      next.replies = undefined;
      break;
    case 'failed':
      next.status = 'failed';
      next.reason = record.reason;
      break;
    case 'unknown':
      next.status = 'unknown';
      next.reason = record.reason;
      break;
  }
  // A letter left unknown (an `unknown` record, or a `sending` the process never followed up) stays in doubt.
  const leftInDoubt = record.event === 'unknown' || ((record.event === 'queued' || record.event === 'sending') && previous?.status === 'unknown');
  if (record.byHand) next.mayHaveBeenDelivered = undefined;
  else if (leftInDoubt) next.mayHaveBeenDelivered = true;
  if (next.mayHaveBeenDelivered && (next.status === 'queued' || next.status === 'failed')) {
    next.status = 'unknown';
    if (record.event === 'failed' || record.event === 'deferred') next.reason = `${record.reason ?? 'not sent'}; an earlier attempt may have been delivered`;
  }
  state.letters.set(record.letter, next);
}

function withInbound(letter: LetterLedgerState, event: InboundEvent, record: LedgerRecord): LetterLedgerState {
  const facts = record.inbound ?? { key: `${record.at}:${event}`, date: record.at };
  // About an earlier send of the letter (last year's, or the version before a resend): history, not its state now.
  if (facts.about !== undefined && letter.messageId !== undefined && facts.about !== letter.messageId.toLowerCase()) return letter;
  if (event === 'auto-replied' || event === 'replied') return { ...letter, replies: [...(letter.replies ?? []), { event, at: record.at, facts }] };
  if (event === 'delayed' && letter.report && letter.report.event !== 'delayed') return letter;
  return { ...letter, report: { event, at: record.at, facts } };
}

/** A posting replaces what was known; a return keeps the posting it is about (and is ignored with none on record). */
function withPost(previous: LetterPostState | undefined, event: PostEvent, record: LedgerRecord): LetterPostState | undefined {
  const on = record.post?.on ?? record.at.slice(0, 10);
  if (event === 'returned') return previous && { ...previous, event, on, at: record.at, reason: record.reason };
  const { tracking, service } = record.post ?? {};
  return { event, on, at: record.at, postedOn: on, tracking, service, contentHash: record.contentHash, timesPosted: (previous?.timesPosted ?? 0) + 1 };
}

function isPostFacts(value: unknown): value is PostFacts {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return isString(r.on) && [r.tracking, r.service].every((v) => v === undefined || isString(v));
}

function isInboundFacts(value: unknown): value is InboundFacts {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return isString(r.key) && isString(r.date) && Object.values(r).every((v) => v === undefined || isString(v));
}
