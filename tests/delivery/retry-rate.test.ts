import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure, decideRetry, type RetryPolicy } from '../../src/core/delivery/retry.js';
import { TokenBucket } from '../../src/core/delivery/rate.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('classifyFailure', () => {
  it.each([
    [{ responseCode: 451, message: '451 try later' }, 'transient'],
    [{ responseCode: 421, message: '421 closing' }, 'transient'],
    [{ responseCode: 550, message: '550 no such user' }, 'permanent'],
    [{ responseCode: 552, code: 'EMESSAGE', message: 'too big' }, 'permanent'],
    [{ responseCode: 535, code: 'EAUTH', message: 'bad credentials' }, 'fatal'],
    [{ code: 'ETLS', message: 'no STARTTLS' }, 'fatal'],
    [{ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'fatal'],
    [{ code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'altname' }, 'fatal'],
    [{ code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'reset' }, 'transient'],
    [{ code: 'ECONNRESET', message: 'reset' }, 'transient'],
    [{ code: 'ETIMEDOUT', message: 'timeout' }, 'transient'],
    [{ code: 'ECONNREFUSED', message: 'refused' }, 'transient'],
    [{ code: 'ECONNECTION', message: 'closed' }, 'transient'],
    [{ code: 'EUNSAFE', message: 'line break in a header' }, 'permanent'],
    [{ message: 'something else' }, 'permanent'],
  ] as const)('%o → %s', (failure, kind) => {
    expect(classifyFailure(failure)).toBe(kind);
  });
});

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy))).toEqual([100, 200, 400, 800, 1000]);
  });
  it('spreads by ±25 %', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(150);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(250);
  });
  it('retries transient failures until the last attempt, never permanent ones', () => {
    expect(decideRetry({ responseCode: 451, message: '' }, 1, policy)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(decideRetry({ responseCode: 451, message: '' }, 5, policy)).toEqual({ kind: 'fail' });
    expect(decideRetry({ responseCode: 550, message: '' }, 1, policy)).toEqual({ kind: 'fail' });
    expect(decideRetry({ code: 'EAUTH', message: '' }, 1, policy)).toEqual({ kind: 'abort' });
  });
});

describe('TokenBucket', () => {
  it('spaces messages evenly at the rate', () => {
    const bucket = new TokenBucket({ ratePerMinute: 60 }, 0);
    // Four reservations at the same instant: now, +1 s, +2 s, +3 s.
    expect([0, 0, 0, 0].map((t) => bucket.reserve(t))).toEqual([0, 1000, 2000, 3000]);
  });
  it('refills with time and never above the burst', () => {
    const bucket = new TokenBucket({ ratePerMinute: 120, burst: 2 }, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(500);
    // An hour of quiet refills two tokens, not thousands.
    expect([3_600_000, 3_600_000, 3_600_000].map((t) => bucket.reserve(t))).toEqual([0, 0, 500]);
  });
  it('rejects a rate that is not positive', () => {
    expect(() => new TokenBucket({ ratePerMinute: 0 }, 0)).toThrow(/positive/);
  });
});
