// "At most N messages a minute", retries included. A token bucket kept as a theoretical arrival time (GCRA):
// the same behaviour in whole milliseconds, without fractional tokens. Time is passed in, so tests need not sleep.

export interface TokenBucketOptions {
  /** Messages per minute. */
  ratePerMinute: number;
  /** Messages that may go at once after a quiet spell. */
  burst?: number | undefined;
}

export class TokenBucket {
  private readonly intervalMs: number;
  private readonly burst: number;
  /** When the bucket would be full again if nothing more were taken. */
  private theoreticalArrival: number;

  constructor(options: TokenBucketOptions, now: number) {
    if (!(options.ratePerMinute > 0)) throw new RangeError('rate must be a positive number of messages per minute');
    this.intervalMs = 60_000 / options.ratePerMinute;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.theoreticalArrival = now;
  }

  /** Reserves one message slot; returns how many ms to wait before sending it (0 = now). */
  reserve(now: number): number {
    const allowedAt = this.theoreticalArrival - (this.burst - 1) * this.intervalMs;
    const wait = Math.max(0, Math.ceil(allowedAt - now));
    this.theoreticalArrival = Math.max(this.theoreticalArrival, now) + this.intervalMs;
    return wait;
  }
}
