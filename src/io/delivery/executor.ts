// The executor: sends each planned letter, doing exactly what the pure state machine (core/delivery/attempt.ts) says
// after every attempt. Order per letter: compose → .eml on disk → `sending` on disk → hand the message over → the
// outcome's record on disk. A crash anywhere leaves a ledger that says at worst "unknown", never "unsent" for a
// message that may have reached the server.
import type { Letter } from '../../core/types.js';
import { nextStep, type AttemptOutcome, type NextStep } from '../../core/delivery/attempt.js';
import type { LedgerRecord } from '../../core/delivery/ledger.js';
import { unknownHint, type PlannedDelivery } from '../../core/delivery/plan.js';
import type { RetryPolicy, AttemptFailure } from '../../core/delivery/retry.js';
import type { TokenBucket } from '../../core/delivery/rate.js';
import type { OutgoingMessage, Sender } from '../../core/delivery/sender.js';
import { composeMessage, type AttachmentFile, type ComposeOptions } from '../mail/compose.js';
import type { DeliveryOutcome } from '../../core/delivery/report.js';
import { ArchiveWriteError } from '../archive/write-error.js';

export interface ExecutorContext {
  sender: Sender;
  policy: RetryPolicy;
  bucket?: TokenBucket | undefined;
  /** Letters composed and archived at once (lanes); at most `sender.maxInFlight` of them on the wire. */
  lanes: number;
  maxErrors: number;
  compose: Omit<ComposeOptions, 'date'>;
  attachments: (letter: Letter) => AttachmentFile[];
  outcomeOf: (letter: Letter) => DeliveryOutcome;
  /** Appends a record to the ledger (a no-op in test mode); throws ArchiveWriteError when it cannot. */
  record: (letter: Letter, draft: Omit<LedgerRecord, 'v' | 'at' | 'run' | 'letter' | 'contentHash'>) => Promise<void>;
  /** Writes the .eml before the message goes out; throws ArchiveWriteError when it cannot. */
  archive: (letter: Letter, message: OutgoingMessage) => Promise<void>;
  /** Moves a refused letter's .eml out of mail/<petition>/ (which holds what may have been sent) into refused/. */
  unarchive: (letter: Letter) => Promise<void>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
  onSettled: (outcome: DeliveryOutcome) => void;
}

export interface ExecutionResult {
  /** Why the run stopped before the end, when it did. */
  stopped?: string | undefined;
  /** The first error of our own (a bug): the run stopped and the caller rethrows it. */
  crash?: unknown;
}

export async function executeDeliveries(toSend: readonly PlannedDelivery[], ctx: ExecutorContext): Promise<ExecutionResult> {
  const run: ExecutionResult & { failures: number } = { failures: 0 };
  const stop = (why: string): void => {
    run.stopped ??= why;
  };
  const stopped = (): boolean => {
    if (ctx.signal?.aborted) stop('stopped: interrupted');
    return run.stopped !== undefined;
  };
  const wire = semaphore(Math.max(1, ctx.sender.maxInFlight ?? ctx.lanes));

  const deliver = async ({ letter, action }: PlannedDelivery): Promise<void> => {
    if (stopped()) return; // left queued in the ledger: the next run sends it
    const outcome = ctx.outcomeOf(letter);
    let message: OutgoingMessage;
    try {
      message = await composeMessage(letter, ctx.attachments(letter), { ...ctx.compose, date: ctx.now() });
    } catch (error) {
      // A signing key that cannot sign is no fault of this letter: every letter would fail the same way.
      if ((error as { code?: unknown }).code === 'EDKIM') {
        stop(`stopped: ${(error as Error).message}`);
        return;
      }
      const reason = `could not compose: ${(error as Error).message}`;
      Object.assign(outcome, { status: 'failed', reason, at: ctx.now().toISOString() });
      await ctx.record(letter, { event: 'failed', attempt: 0, reason });
      settleFailure();
      ctx.onSettled(outcome);
      return;
    }
    await ctx.archive(letter, message);
    for (let attempt = 1; ; attempt++) {
      if (stopped()) return;
      const release = await wire.acquire();
      let step: NextStep;
      try {
        if (ctx.bucket) await ctx.sleep(ctx.bucket.reserve(ctx.now().getTime()));
        if (stopped()) return;
        // On disk before the message goes to the server: a crash from now on leaves "unknown", never "unsent".
        await ctx.record(letter, { event: 'sending', attempt, messageId: message.messageId });
        outcome.attempts = attempt;
        step = nextStep(await attemptSend(ctx.sender, message, ctx.signal), { attempt, policy: ctx.policy, random: ctx.random });
      } finally {
        release();
      }
      // The report learns the outcome first: if the ledger cannot take the record, the report still says what happened.
      applyStep(outcome, step, message, ctx.now());
      try {
        await ctx.record(letter, { ...step.record, messageId: step.record.messageId ?? (step.record.event === 'unknown' ? message.messageId : undefined) });
      } catch (error) {
        if (step.record.event === 'sent') outcome.reason = 'sent, but the ledger could not record it: the next run reports it as unknown';
        throw error;
      }
      if (step.next === 'retry') {
        await ctx.sleep(step.delayMs);
        continue;
      }
      if (step.next === 'stop') stop(step.stop);
      if (step.next === 'settle' && step.status === 'failed') {
        // A refused message leaves mail/ for mail/<petition>/refused/; not so a letter an earlier attempt may have
        // delivered: its .eml stays the evidence (`ledger recover` reads it).
        if (action !== 'retry-unknown') await ctx.unarchive(letter);
        settleFailure();
      }
      if (step.next === 'settle') ctx.onSettled(outcome);
      return;
    }
  };
  const settleFailure = (): void => {
    run.failures += 1;
    if (run.failures >= ctx.maxErrors) stop(`stopped after ${run.failures} failed letter(s) (--max-errors ${ctx.maxErrors})`);
  };

  const queue = [...toSend];
  const lanes = Array.from({ length: Math.max(1, Math.min(ctx.lanes, queue.length)) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await deliver(next);
      } catch (error) {
        if (error instanceof ArchiveWriteError) stop(`stopped: ${error.message}`);
        else {
          run.crash ??= error;
          stop(`stopped: ${(error as Error).message}`);
        }
        return;
      }
    }
  });
  await Promise.all(lanes);
  return { stopped: run.stopped, crash: run.crash };
}

async function attemptSend(sender: Sender, message: OutgoingMessage, signal: AbortSignal | undefined): Promise<AttemptOutcome> {
  try {
    return { kind: 'accepted', result: await sender.send(message, { signal }) };
  } catch (error) {
    return { kind: 'failed', failure: failureOf(error) };
  }
}

function applyStep(outcome: DeliveryOutcome, step: NextStep, message: OutgoingMessage, now: Date): void {
  const { record } = step;
  if (step.next === 'retry') {
    outcome.reason = record.reason ?? '';
    return;
  }
  const at = now.toISOString();
  if (record.event === 'sent') {
    Object.assign(outcome, { status: 'sent', messageId: record.messageId, response: record.response, at, reason: '' });
  } else if (record.event === 'unknown') {
    Object.assign(outcome, { status: 'unknown', messageId: message.messageId, at, reason: record.reason ?? '', hint: unknownHint(outcome.id) });
  } else if (record.event === 'failed') {
    Object.assign(outcome, { status: 'failed', at, reason: record.reason ?? '' });
  } else {
    outcome.reason = record.reason ?? '';
  }
}

function failureOf(error: unknown): AttemptFailure {
  const e = error as { message?: unknown; code?: unknown; responseCode?: unknown; originalCode?: unknown; committed?: unknown; phase?: unknown };
  return {
    message: String(e?.message ?? error).replace(/[\r\n]+/g, ' '),
    code: typeof e?.code === 'string' ? e.code : undefined,
    originalCode: typeof e?.originalCode === 'string' ? e.originalCode : undefined,
    responseCode: typeof e?.responseCode === 'number' ? e.responseCode : undefined,
    committed: typeof e?.committed === 'boolean' ? e.committed : undefined,
    phase: typeof e?.phase === 'string' ? e.phase : undefined,
  };
}

/** At most `limit` holders at once; `acquire` resolves to the release function. */
function semaphore(limit: number): { acquire(): Promise<() => void> } {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else active -= 1;
  };
  return {
    async acquire() {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      return release;
    },
  };
}
