// A token bucket for "at most N messages a minute", retries included. Time is passed in, so tests need not sleep.

export interface TokenBucketOptions {
  /** Messages per minute. */
  ratePerMinute: number;
  /** Messages that may go at once after a quiet spell. */
  burst?: number | undefined;
}

export class TokenBucket {
  private readonly intervalMs: number;
  private readonly burst: number;
  /** Tokens in the bucket at `updatedAt`, after reservations; may go negative (queued reservations). */
  private tokens: number;
  private updatedAt: number;

  constructor(options: TokenBucketOptions, now: number) {
    if (!(options.ratePerMinute > 0)) throw new RangeError('rate must be a positive number of messages per minute');
    this.intervalMs = 60_000 / options.ratePerMinute;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.tokens = this.burst;
    this.updatedAt = now;
  }

  /** Reserves one message slot; returns how many ms to wait before sending it (0 = now). */
  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens * this.intervalMs);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed / this.intervalMs);
    this.updatedAt = now;
  }
}
