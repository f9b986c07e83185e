// From the messages of a mailbox and the ledger, what `petition inbox` records: one ledger event per message about a
// letter, none for a message recorded before (reading the same mailbox twice adds nothing), and every other message
// listed as unmatched, with why.
import type { InboundEvent, LedgerRecord, LedgerState } from '../delivery/ledger.js';
import { classify, type Classification } from './classify.js';
import { matchMessage, type MatchIndex } from './match.js';
import type { InboundMessage } from './message.js';

export interface InboxOutcome {
  ref: string;
  key: string;
  from?: string | undefined;
  subject: string;
  date?: string | undefined;
  kind: Classification['kind'] | 'unreadable';
  event?: InboundEvent | undefined;
  letter?: string | undefined;
  matchedBy?: string | undefined;
  /** Why it names no letter (unmatched), or that it was recorded before. */
  why?: string | undefined;
  recordedBefore: boolean;
}

export interface InboxPlan {
  records: LedgerRecord[];
  outcomes: InboxOutcome[];
}

/** The inbound keys the ledger holds already. */
export function recordedKeys(records: readonly LedgerRecord[]): Set<string> {
  return new Set(records.flatMap((r) => (r.inbound ? [r.inbound.key] : [])));
}

export function planInbox(messages: readonly InboundMessage[], index: MatchIndex, ledger: LedgerState, known: ReadonlySet<string>, now: string): InboxPlan {
  const records: LedgerRecord[] = [];
  const outcomes: InboxOutcome[] = [];
  const seen = new Set(known);
  for (const m of messages) {
    const c = classify(m);
    const match = matchMessage(m, c, index);
    const base: InboxOutcome = { ref: m.ref, key: m.key, from: m.from?.address, subject: m.subject, date: m.date, kind: c.kind, recordedBefore: seen.has(m.key) };
    if (match.letter === undefined) {
      outcomes.push({ ...base, why: match.why });
      continue;
    }
    const event = eventOf(c);
    outcomes.push({ ...base, event, letter: match.letter, matchedBy: match.by });
    if (seen.has(m.key)) continue;
    seen.add(m.key);
    const state = ledger.letters.get(match.letter);
    records.push({ v: 1, at: now, letter: match.letter, event, contentHash: state?.sentContentHash ?? state?.contentHash ?? '', inbound: { ...facts(m, c, match.by, now), about: match.about } });
  }
  return { records, outcomes };
}

function eventOf(c: Classification): InboundEvent {
  if (c.kind === 'report') return c.action === 'failed' ? 'bounced' : c.action;
  return c.kind === 'auto-reply' ? 'auto-replied' : 'replied';
}

function facts(m: InboundMessage, c: Classification, matchedBy: string, now: string): NonNullable<LedgerRecord['inbound']> {
  const report = c.kind === 'report' ? c : undefined;
  return {
    key: m.key,
    messageId: m.messageId,
    date: m.date ?? now,
    from: m.from?.address,
    subject: m.subject.slice(0, 300),
    excerpt: report?.diagnostic?.slice(0, 300) ?? excerpt(m.text),
    status: report?.status,
    diagnostic: report?.diagnostic?.slice(0, 1000),
    matchedBy,
  };
}

/** The first words a person wrote: quoted lines and the "On … wrote:" line above them left out. */
export function excerpt(text: string, max = 240): string | undefined {
  const own = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .split(/\n(?:On .{4,200}wrote:|Le .{4,200}a écrit ?:|-{2,} ?Original Message ?-{2,}|From: )/i)[0]
    ?.replace(/\s+/g, ' ')
    .trim();
  if (!own) return undefined;
  return own.length > max ? `${own.slice(0, max - 1)}…` : own;
}
