// What a send run did with each letter, and the exit it calls for.
import type { LedgerState } from './ledger.js';
import { isSendAction, unknownHint, type DeliveryAction, type PlannedDelivery } from './plan.js';
import type { AnniversaryDecision } from './anniversary.js';
import { DeliveryError } from '../errors.js';

export type OutcomeStatus = 'sent' | 'failed' | 'unknown' | 'skipped' | 'print' | 'not-attempted';

export interface DeliveryOutcome {
  id: string;
  addressee: string;
  name: string;
  to: string[];
  action: DeliveryAction;
  status: OutcomeStatus;
  reason: string;
  messageId?: string | undefined;
  response?: string | undefined;
  at?: string | undefined;
  attempts: number;
  /** What to do about an `unknown` letter. */
  hint?: string | undefined;
}

export interface DeliveryReport {
  runId: string;
  out: string;
  testMode: boolean;
  testTo?: string | undefined;
  /** Nothing was attempted: not the day, or already sent. */
  idle?: string | undefined;
  anniversary?: AnniversaryDecision | undefined;
  outcomes: DeliveryOutcome[];
  counts: Record<OutcomeStatus, number>;
  /** Why the run stopped before the end, when it did. */
  stopped?: string | undefined;
  /** Whether the accepted messages asked for delivery reports (RFC 3461 DSN); absent when none was accepted. */
  deliveryReports?: DeliveryReports | undefined;
  /** Each real letter's MAIL FROM named it (SMTP_RETURN_PATH, VERP); absent when not. */
  returnPath?: boolean | undefined;
  warnings: string[];
}

/**
 * `requested`: every accepted message asked for delivery reports; `not-offered`: none could, the server offers no
 * DSN; `mixed`: some did (a pool's connections can reach servers that differ, behind one name).
 */
export type DeliveryReports = 'requested' | 'not-offered' | 'mixed';

/** Accepted messages, counted by whether they asked for delivery reports. */
export interface DsnTally {
  requested: number;
  notRequested: number;
}

export function deliveryReportsOf(tally: DsnTally): DeliveryReports | undefined {
  if (tally.requested + tally.notRequested === 0) return undefined;
  if (tally.notRequested === 0) return 'requested';
  return tally.requested === 0 ? 'not-offered' : 'mixed';
}

/** The error the CLI throws (exit 1) when a run leaves letters failed, unknown or not attempted. */
export function deliveryError(report: DeliveryReport): DeliveryError | undefined {
  const { failed, unknown } = report.counts;
  const notAttempted = report.counts['not-attempted'];
  if (failed + unknown + notAttempted === 0 && !report.stopped) return undefined;
  const parts = [failed && `${failed} failed`, unknown && `${unknown} unknown`, notAttempted && `${notAttempted} not attempted`].filter(Boolean);
  return new DeliveryError(`${parts.join(', ') || 'run stopped'}${report.stopped ? ` (${report.stopped})` : ''}`);
}

const OUTCOME_OF: Record<DeliveryAction, OutcomeStatus> = {
  send: 'not-attempted',
  'retry-failed': 'not-attempted',
  resend: 'not-attempted',
  'retry-unknown': 'not-attempted',
  'skip-sent': 'skipped',
  'skip-changed': 'skipped',
  'skip-unknown': 'unknown',
  'skip-posted': 'skipped',
  'skip-limit': 'skipped',
  'skip-not-selected': 'skipped',
  print: 'print',
};

export function initialOutcome(p: PlannedDelivery, ledger: LedgerState): DeliveryOutcome {
  const entry = ledger.letters.get(p.letter.id);
  const skipped = !isSendAction(p.action);
  return {
    id: p.letter.id,
    addressee: p.letter.addresseeId,
    name: p.letter.to[0]?.name || p.letter.document.addresseeBlock[0] || p.letter.addresseeId,
    to: p.letter.to.map((a) => a.address),
    action: p.action,
    status: OUTCOME_OF[p.action],
    reason: p.reason,
    messageId: skipped ? entry?.messageId : undefined,
    at: skipped ? (entry?.sentAt ?? entry?.at) : undefined,
    attempts: 0,
    hint: p.action === 'skip-unknown' ? unknownHint(p.letter.id) : undefined,
  };
}

export function emptyCounts(): Record<OutcomeStatus, number> {
  return { sent: 0, failed: 0, unknown: 0, skipped: 0, print: 0, 'not-attempted': 0 };
}

export function countOutcomes(outcomes: readonly DeliveryOutcome[]): Record<OutcomeStatus, number> {
  const counts = emptyCounts();
  for (const o of outcomes) counts[o.status] += 1;
  return counts;
}
