// How a failed attempt is treated: tried again later, given up on for this letter, or the end of the run.

/** What the runner knows about a failed attempt: our SMTP client's error facts (nodemailer-style codes), as data. */
export interface AttemptFailure {
  /** SMTP reply code, e.g. 451 or 550. */
  responseCode?: number | undefined;
  /** Node or nodemailer error code: ECONNRESET, ETIMEDOUT, ECONNECTION, EAUTH … */
  code?: string | undefined;
  /** The lower-level code behind it, e.g. DEPTH_ZERO_SELF_SIGNED_CERT behind ESOCKET. */
  originalCode?: string | undefined;
  message: string;
  /** The end of DATA was handed to the socket: the server may hold the message. Unset means the transport cannot tell. */
  committed?: boolean | undefined;
  /** The SMTP step that failed (connect, greeting, ehlo, mail, rcpt, data, body, final-reply …), for the report. */
  phase?: string | undefined;
}

/**
 * transient: retry with backoff (4xx, network trouble).
 * permanent: this letter failed (5xx); go on with the others.
 * fatal: no letter can go (bad credentials, TLS refused); stop the run, nothing is marked failed.
 */
export type FailureKind = 'transient' | 'permanent' | 'fatal';

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ECONNECTION', // connection closed or failed
  'ESOCKET',
  'EDNS',
  'ETIMEOUT',
]);
const FATAL_CODES: ReadonlySet<string> = new Set(['EAUTH', 'ETLS', 'ENOAUTH', 'EOAUTH2', 'EREQUIRETLS', 'ECONFIG']);

export function classifyFailure(failure: AttemptFailure): FailureKind {
  const { responseCode, code, originalCode } = failure;
  if (code && FATAL_CODES.has(code)) return 'fatal';
  // An untrusted or mismatched certificate will not become trusted by trying again.
  if (originalCode && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(originalCode)) return 'fatal';
  if (responseCode !== undefined) {
    if (responseCode === 530 || responseCode === 535 || responseCode === 534) return 'fatal'; // authentication
    if (responseCode >= 400 && responseCode < 500) return 'transient';
    if (responseCode >= 500 && responseCode < 600) return 'permanent';
  }
  if (code && NETWORK_CODES.has(code)) return 'transient';
  // Errors we do not recognise (a bad message, a programming error) are not worth hammering the server with.
  return 'permanent';
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/** Delay before attempt `attempt + 1`, after `attempt` (1-based) failed. `random` in [0,1) spreads retries (jitter). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = () => 0.5): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  // ±25 % jitter so letters deferred together do not come back together.
  return Math.max(0, Math.round(capped * (0.75 + random() * 0.5)));
}

export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'fail' } | { kind: 'abort' };

export function decideRetry(failure: AttemptFailure, attempt: number, policy: RetryPolicy, random?: () => number): RetryDecision {
  const kind = classifyFailure(failure);
  if (kind === 'fatal') return { kind: 'abort' };
  if (kind === 'permanent' || attempt >= policy.maxAttempts) return { kind: 'fail' };
  return { kind: 'retry', delayMs: backoffDelay(attempt, policy, random) };
}
