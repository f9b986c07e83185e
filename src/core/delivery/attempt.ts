// One letter's delivery as a state machine: what an attempt's outcome means for the ledger and what happens next.
// Pure: the executor (io/delivery) sends, records and sleeps exactly as this says.
//
// The rule that decides duplicates: once the end of the message's DATA (CRLF.CRLF) has been handed to the socket, the
// server may hold the message whatever happens next. From then on only a definite reply settles the letter; anything
// else — a dropped connection, a deadline, an interruption — is `unknown`, never retried without `--retry-unknown`.
// Before that point nothing can have been delivered, and a failure is safely retried.
import type { LedgerEvent } from './ledger.js';
import { backoffDelay, decideRetry, type AttemptFailure, type RetryPolicy } from './retry.js';
import type { SendResult } from './sender.js';

export type AttemptOutcome = { kind: 'accepted'; result: SendResult } | { kind: 'failed'; failure: AttemptFailure };

/** The ledger record an outcome calls for, without the fields the executor adds (time, run, letter, hash). */
export interface RecordDraft {
  event: Extract<LedgerEvent, 'deferred' | 'sent' | 'failed' | 'unknown'>;
  attempt: number;
  reason?: string | undefined;
  messageId?: string | undefined;
  response?: string | undefined;
  accepted?: string[] | undefined;
  rejected?: string[] | undefined;
}

export type NextStep =
  /** Certainly not delivered, worth another try after `delayMs`. */
  | { next: 'retry'; record: RecordDraft; delayMs: number }
  /** The letter is settled for this run. */
  | { next: 'settle'; status: 'sent' | 'failed' | 'unknown'; record: RecordDraft }
  /** No letter may go on (bad credentials, TLS refused, interrupted): the run stops. `unknown` when this one may be delivered. */
  | { next: 'stop'; status: 'not-sent' | 'unknown'; record: RecordDraft; stop: string };

export interface AttemptContext {
  /** 1-based number of the attempt that produced the outcome. */
  attempt: number;
  policy: RetryPolicy;
  random?: (() => number) | undefined;
}

/** SMTP steps before a message's envelope: a failure there says nothing about the letter. */
const SESSION_PHASES: ReadonlySet<string> = new Set(['connect', 'greeting', 'ehlo', 'starttls', 'auth']);

/** Whether the end of DATA may have reached the server. A transport that does not say is taken to have sent it. */
export const mayHaveReachedServer = (failure: AttemptFailure): boolean => failure.committed !== false;

export function nextStep(outcome: AttemptOutcome, context: AttemptContext): NextStep {
  const { attempt } = context;
  if (outcome.kind === 'accepted') {
    const { result } = outcome;
    return {
      next: 'settle',
      status: 'sent',
      record: { event: 'sent', attempt, messageId: result.messageId, response: result.response, accepted: result.accepted, rejected: result.rejected },
    };
  }
  const { failure } = outcome;
  const reason = failure.message || 'no reply';
  const interrupted = failure.code === 'EABORT';
  // Only a 4xx or 5xx refuses a message; no reply, or a reply that is neither, leaves it with the server perhaps.
  const refused = failure.responseCode !== undefined && failure.responseCode >= 400 && failure.responseCode < 600;
  if (mayHaveReachedServer(failure) && !refused) {
    const why = interrupted ? 'interrupted' : reason;
    const record: RecordDraft = { event: 'unknown', attempt, reason: `no reply after the end of the message (${why}); the server may have it` };
    return interrupted ? { next: 'stop', status: 'unknown', record, stop: 'stopped: interrupted' } : { next: 'settle', status: 'unknown', record };
  }
  // From here on the message certainly did not reach the server, or the server answered it.
  if (interrupted) return { next: 'stop', status: 'not-sent', record: { event: 'deferred', attempt, reason: 'interrupted before the message was complete' }, stop: 'stopped: interrupted' };
  const decision = decideRetry(failure, attempt, context.policy, context.random);
  if (decision.kind === 'abort') return { next: 'stop', status: 'not-sent', record: { event: 'deferred', attempt, reason }, stop: `stopped: ${reason}` };
  if (failure.phase !== undefined && SESSION_PHASES.has(failure.phase)) {
    // Trouble before MAIL FROM is the server's, not the letter's: retried, then the run stops; no letter is "failed".
    const refused = failure.responseCode !== undefined && failure.responseCode >= 500;
    if (!refused && attempt < context.policy.maxAttempts) return { next: 'retry', record: { event: 'deferred', attempt, reason }, delayMs: backoffDelay(attempt, context.policy, context.random) };
    return { next: 'stop', status: 'not-sent', record: { event: 'deferred', attempt, reason }, stop: `stopped: the server did not open a session (${reason})` };
  }
  if (decision.kind === 'fail') return { next: 'settle', status: 'failed', record: { event: 'failed', attempt, reason } };
  return { next: 'retry', record: { event: 'deferred', attempt, reason }, delayMs: decision.delayMs };
}
