// `petition inbox`, the part that touches the world: reads every message of the mailbox, then, under the archive's
// lock (no send appends meanwhile), the ledger and the manifest (what was sent, with which Message-IDs, to whom, under
// which subject), and appends the events the pure plan decides. The mailbox is never changed, unless --mark-seen asks
// for the messages matched to a letter to be marked seen.
import { createHash } from 'node:crypto';
import { foldLedger, type LedgerRecord } from '../../core/delivery/ledger.js';
import { matchIndex, type SentLetter } from '../../core/inbox/match.js';
import type { InboundMessage } from '../../core/inbox/message.js';
import { planInbox, recordedKeys, type InboxOutcome } from '../../core/inbox/plan.js';
import { hasLedger, LEDGER_FILE } from '../archive/layout.js';
import { readManifest } from '../archive/manifest.js';
import { writing } from '../archive/write-error.js';
import { LedgerJournal, readLedgerFile } from '../ledger/journal.js';
import { acquireRunLock } from '../ledger/lock.js';
import { parseInbound } from './parse.js';
import type { InboxSource } from './source.js';

export interface InboxRun {
  out: string;
  shownOut: string;
  source: InboxSource;
  markSeen: boolean;
  /** The letter's ENVID and return-path token as `send` made them (core/delivery/dsn.ts). */
  envelope?: ((letterId: string) => { envelopeId?: string; returnToken?: string }) | undefined;
  now?: (() => Date) | undefined;
}

export interface InboxResult {
  source: string;
  outcomes: InboxOutcome[];
  recorded: LedgerRecord[];
  marked: number;
}

export async function readInbox(run: InboxRun): Promise<InboxResult> {
  // The mailbox is read before the archive's lock is taken: a slow server (or a crafted message) never holds up a send.
  let read: Awaited<ReturnType<typeof readMessages>>;
  try {
    await readLedgerFile(run.out, { shownAs: run.shownOut }); // a damaged ledger stops the inbox before the mailbox is read
    read = await readMessages(run.source);
  } catch (error) {
    await run.source.close().catch(() => undefined);
    throw error;
  }
  // Nothing was ever sent from this archive: nothing can match, nothing is written, not even the lock's folder.
  if (!hasLedger(run.out)) {
    await run.source.close().catch(() => undefined);
    const plan = planInbox(read.messages, matchIndex([]), foldLedger([]), new Set(), new Date().toISOString());
    return { source: run.source.name, outcomes: [...plan.outcomes, ...read.unreadable], recorded: [], marked: 0 };
  }
  const lock = await acquireRunLock(run.out);
  try {
    // Read again under the lock: what a send recorded meanwhile is matched too.
    const { records } = await readLedgerFile(run.out, { shownAs: run.shownOut });
    const letters = sentLetters(records, await subjects(run), run.envelope);
    const now = (run.now ?? (() => new Date()))().toISOString();
    const plan = planInbox(read.messages, matchIndex(letters), foldLedger(records), recordedKeys(records), now);
    if (plan.records.length > 0) await appendRecords(run.out, plan.records);
    const matched = plan.outcomes.filter((o) => o.letter !== undefined).map((o) => o.ref);
    if (run.markSeen && matched.length > 0) await run.source.markSeen(matched);
    return { source: run.source.name, outcomes: [...plan.outcomes, ...read.unreadable], recorded: plan.records, marked: run.markSeen ? matched.length : 0 };
  } finally {
    await run.source.close().catch(() => undefined);
    await lock.release();
  }
}

async function appendRecords(out: string, records: LedgerRecord[]): Promise<void> {
  const journal = await writing(LEDGER_FILE, () => LedgerJournal.open(out));
  try {
    await writing(LEDGER_FILE, () => journal.append(...records));
  } finally {
    await journal.close();
  }
}

/** Every letter's subject, from the manifest (the ledger does not hold it). */
async function subjects(run: InboxRun): Promise<Map<string, string>> {
  const manifest = await readManifest(run.out, { shownAs: run.shownOut });
  return new Map((manifest?.letters ?? []).map((l) => [l.id, l.subject]));
}

/** What the ledger says left, letter by letter: every Message-ID it was sent with, every address that accepted it. */
export function sentLetters(records: readonly LedgerRecord[], subjectOf: ReadonlyMap<string, string>, envelope: InboxRun['envelope']): SentLetter[] {
  const byLetter = new Map<string, { ids: Set<string>; to: Set<string> }>();
  for (const r of records) {
    if (r.event !== 'sending' && r.event !== 'sent' && r.event !== 'unknown') continue;
    const entry = byLetter.get(r.letter) ?? { ids: new Set<string>(), to: new Set<string>() };
    if (r.messageId) entry.ids.add(r.messageId.toLowerCase());
    for (const a of r.accepted ?? []) entry.to.add(a.toLowerCase());
    byLetter.set(r.letter, entry);
  }
  return [...byLetter].map(([id, { ids, to }]) => ({ id, messageIds: [...ids], to: [...to], subject: subjectOf.get(id) ?? '', ...envelope?.(id) }));
}

/** Every message parsed; one that cannot be parsed is listed as unreadable, never dropped, and stops nothing. */
async function readMessages(source: InboxSource): Promise<{ messages: InboundMessage[]; unreadable: InboxOutcome[] }> {
  const messages: InboundMessage[] = [];
  const unreadable: InboxOutcome[] = [];
  for await (const { ref, raw, truncated } of source.messages()) {
    try {
      messages.push(await parseInbound(ref, raw, truncated));
    } catch (error) {
      const key = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
      unreadable.push({ ref, key, subject: '', kind: 'unreadable', why: `could not be read as a message: ${(error as Error).message}`, recordedBefore: false });
    }
  }
  return { messages, unreadable };
}
