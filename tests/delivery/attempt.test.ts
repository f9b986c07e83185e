// The per-letter delivery state machine, one row per kind of outcome: what is recorded and what happens next.
import { describe, expect, it } from 'vitest';
import { nextStep, type AttemptOutcome, type NextStep } from '../../src/core/delivery/attempt.js';
import type { AttemptFailure } from '../../src/core/delivery/retry.js';

const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };
const failed = (f: Partial<AttemptFailure>): AttemptOutcome => ({ kind: 'failed', failure: { message: 'boom', ...f } });
const accepted: AttemptOutcome = { kind: 'accepted', result: { messageId: '<a@example.org>', response: '250 Ok', accepted: ['x@example.org'], rejected: [], dsn: false } };

type Expected = { next: NextStep['next']; event: string; status?: string };
const rows: [string, AttemptOutcome, number, Expected][] = [
  ['accepted → sent', accepted, 1, { next: 'settle', event: 'sent', status: 'sent' }],
  ['connection dropped after the end of DATA → unknown', failed({ code: 'ECONNECTION', committed: true, phase: 'final-reply' }), 1, { next: 'settle', event: 'unknown', status: 'unknown' }],
  ['no final reply before the deadline → unknown', failed({ code: 'ETIMEDOUT', committed: true, phase: 'final-reply' }), 1, { next: 'settle', event: 'unknown', status: 'unknown' }],
  ['a transport that cannot tell the phase → unknown', failed({ code: 'ECONNRESET' }), 1, { next: 'settle', event: 'unknown', status: 'unknown' }],
  ['interrupted after the end of DATA → unknown, run stops', failed({ code: 'EABORT', committed: true, phase: 'final-reply' }), 1, { next: 'stop', event: 'unknown', status: 'unknown' }],
  ['451 to the end of DATA → retried', failed({ responseCode: 451, committed: true, phase: 'final-reply' }), 1, { next: 'retry', event: 'deferred' }],
  ['451 to the end of DATA, last attempt → failed', failed({ responseCode: 451, committed: true, phase: 'final-reply' }), 5, { next: 'settle', event: 'failed', status: 'failed' }],
  ['an odd 3xx reply to the end of DATA → unknown, not failed', failed({ responseCode: 354, committed: true, phase: 'final-reply' }), 1, { next: 'settle', event: 'unknown', status: 'unknown' }],
  ['554 to the end of DATA → failed', failed({ responseCode: 554, committed: true, phase: 'final-reply' }), 1, { next: 'settle', event: 'failed', status: 'failed' }],
  ['550 to RCPT → failed, not retried', failed({ responseCode: 550, committed: false, phase: 'rcpt' }), 1, { next: 'settle', event: 'failed', status: 'failed' }],
  ['connection cut during RCPT → retried', failed({ code: 'ECONNECTION', committed: false, phase: 'rcpt' }), 1, { next: 'retry', event: 'deferred' }],
  ['connection cut during the body → retried', failed({ code: 'ECONNECTION', committed: false, phase: 'body' }), 4, { next: 'retry', event: 'deferred' }],
  ['connection cut during the body, last attempt → failed', failed({ code: 'ECONNECTION', committed: false, phase: 'body' }), 5, { next: 'settle', event: 'failed', status: 'failed' }],
  ['interrupted before the end of DATA → not sent, run stops', failed({ code: 'EABORT', committed: false, phase: 'body' }), 1, { next: 'stop', event: 'deferred', status: 'not-sent' }],
  ['bad credentials → run stops, letter not failed', failed({ code: 'EAUTH', responseCode: 535, committed: false, phase: 'auth' }), 1, { next: 'stop', event: 'deferred', status: 'not-sent' }],
  [
    'untrusted certificate → run stops',
    failed({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', committed: false, phase: 'connect' }),
    1,
    { next: 'stop', event: 'deferred', status: 'not-sent' },
  ],
  ['endless EHLO reply → retried', failed({ code: 'EPROTOCOL', committed: false, phase: 'ehlo' }), 1, { next: 'retry', event: 'deferred' }],
  ['greeting deadline, last attempt → run stops, letter not failed', failed({ code: 'ETIMEDOUT', committed: false, phase: 'greeting' }), 5, { next: 'stop', event: 'deferred', status: 'not-sent' }],
  ['554 greeting → run stops at once', failed({ responseCode: 554, committed: false, phase: 'greeting' }), 1, { next: 'stop', event: 'deferred', status: 'not-sent' }],
  ['a message the server will not take (552 to MAIL) → failed', failed({ responseCode: 552, committed: false, phase: 'mail' }), 1, { next: 'settle', event: 'failed', status: 'failed' }],
];

describe('nextStep', () => {
  it.each(rows)('%s', (_name, outcome, attempt, expected) => {
    const step = nextStep(outcome, { attempt, policy, random: () => 0.5 });
    expect(step.next).toBe(expected.next);
    expect(step.record.event).toBe(expected.event);
    expect(step.record.attempt).toBe(attempt);
    if ('status' in step) expect(step.status).toBe(expected.status);
    if (step.next === 'retry') expect(step.delayMs).toBe(1_000 * 2 ** (attempt - 1));
  });

  it('never retries once the end of DATA may have reached the server without a reply', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EPROTOCOL', 'ESOCKET', undefined])
      for (const attempt of [1, 2, 5]) {
        const step = nextStep(failed({ code, committed: true }), { attempt, policy });
        expect(step.next === 'retry', `${code} attempt ${attempt}`).toBe(false);
        expect(step.record.event).toBe('unknown');
      }
  });

  it('keeps what the server said on a sent record', () => {
    const step = nextStep(accepted, { attempt: 2, policy });
    expect(step.record).toEqual({ event: 'sent', attempt: 2, messageId: '<a@example.org>', response: '250 Ok', accepted: ['x@example.org'], rejected: [] });
  });
});
