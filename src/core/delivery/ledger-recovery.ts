// Rebuilding a damaged ledger: the readable records, then records for what the archive PROVES about letters those
// records do not settle. The direction of every doubt is "may have been sent" (unknown), never "not sent".
import type { LedgerDamage } from './ledger-scan.js';
import { applyRecord, foldLedger, type LedgerRecord, type LedgerState } from './ledger.js';

/** A fact found in the archive folder about one letter. */
export type ArchiveEvidence =
  /** manifest.json says the letter was sent (with this Message-ID) or that its delivery is unknown. */
  | { kind: 'manifest'; letter: string; contentHash: string; status: 'sent' | 'unknown'; at: string; messageId?: string | undefined; response?: string | undefined }
  /** An .eml in mail/: the message was written out before it was handed to the server, so it may have been sent. */
  | { kind: 'eml'; letter: string; contentHash: string; at: string; file: string };

export const MANIFEST_SOURCE = 'manifest.json';

/** Hash recorded when the archive names a message but not the letter content it came from. */
export const UNKNOWN_CONTENT_HASH = 'unknown';

/**
 * Records to append after `readable` (in that order) for what `evidence` proves and the readable records do not
 * already say. Manifest facts come first: an .eml of a letter they prove sent adds nothing.
 */
export function recoveredRecords(readable: readonly LedgerRecord[], evidence: readonly ArchiveEvidence[]): LedgerRecord[] {
  const state = foldLedger(readable);
  const ordered = [...evidence].sort((a, b) => rank(a) - rank(b) || a.letter.localeCompare(b.letter));
  const added: LedgerRecord[] = [];
  for (const fact of ordered) {
    if (settled(state, fact)) continue;
    const record = recordFor(fact);
    applyRecord(state, record);
    added.push(record);
  }
  return added;
}

const rank = (fact: ArchiveEvidence): number => (fact.kind === 'manifest' ? (fact.status === 'sent' ? 0 : 1) : 2);

/**
 * The ledger already says what the fact says. A manifest's `sent` is settled by a recorded send of the same content.
 * Anything that says "may have been sent" is settled by an unknown status, or by a recorded send no earlier than the
 * fact: an .eml is the latest attempt at its letter (each attempt rewrites it), so one composed after the last
 * recorded send is an attempt whose records were lost.
 */
function settled(state: LedgerState, fact: ArchiveEvidence): boolean {
  const known = state.letters.get(fact.letter);
  if (!known) return false;
  if (fact.kind === 'manifest' && fact.status === 'sent') return known.sentContentHash !== undefined && known.sentContentHash === fact.contentHash;
  const sentSince = known.sentAt !== undefined && Date.parse(fact.at) <= Date.parse(known.sentAt);
  return known.status === 'unknown' || sentSince;
}

function recordFor(fact: ArchiveEvidence): LedgerRecord {
  const base = { v: 1 as const, at: fact.at, letter: fact.letter, contentHash: fact.contentHash };
  if (fact.kind === 'eml') return { ...base, event: 'unknown', reason: `recovered: a message was prepared (${fact.file}); it may have been sent`, recovered: fact.file };
  if (fact.status === 'sent') return { ...base, event: 'sent', messageId: fact.messageId, response: fact.response, reason: `recovered from ${MANIFEST_SOURCE}`, recovered: MANIFEST_SOURCE };
  return { ...base, event: 'unknown', messageId: fact.messageId, reason: `recovered from ${MANIFEST_SOURCE}: delivery unknown; it may have been sent`, recovered: MANIFEST_SOURCE };
}

/** What `petition ledger recover` did. */
export interface LedgerRecovery {
  /** False when the ledger was readable (or absent with nothing in the archive): nothing was changed. */
  changed: boolean;
  /** The ledger was missing (and the archive showed letters sent or prepared). */
  missing: boolean;
  damage: LedgerDamage[];
  /** Readable records copied into the new ledger, in their order. */
  kept: number;
  /** Records written for what the archive proves. */
  recovered: LedgerRecord[];
  /** Where the damaged ledger now is, relative to the archive folder. */
  movedTo?: string | undefined;
}
