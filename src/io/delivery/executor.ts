// The executor: sends each planned letter, doing exactly what the pure state machine (core/delivery/attempt.ts) says
// after every attempt. Order per letter: compose → .eml written → on the wire: the envelope and the body go out while
// the .eml and then `sending` go to disk → the end of the message → the outcome's record. A crash anywhere leaves a
// ledger that says at worst "unknown", never "unsent", for a message that may have reached the server. Lanes compose
// ahead of the wire (more lanes than connections), so a connection never waits for a message to be composed.
import type { Letter } from '../../core/types.js';
import { nextStep, type AttemptOutcome, type NextStep } from '../../core/delivery/attempt.js';
import type { LedgerRecord } from '../../core/delivery/ledger.js';
import { unknownHint, type PlannedDelivery } from '../../core/delivery/plan.js';
import type { RetryPolicy, AttemptFailure } from '../../core/delivery/retry.js';
import type { TokenBucket } from '../../core/delivery/rate.js';
import type { OutgoingMessage, SendCallOptions, Sender } from '../../core/delivery/sender.js';
import { composeMessage, type AttachmentFile, type ComposeOptions } from '../mail/compose.js';
import type { DeliveryOutcome, DsnTally } from '../../core/delivery/report.js';
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
  /** Writes the .eml (not yet synced) once the message is composed; throws ArchiveWriteError when it cannot. */
  archive: (letter: Letter, message: OutgoingMessage) => Promise<void>;
  /** Resolves once the letter's .eml is on disk at its name; the `sending` record waits for it. */
  archived: (letter: Letter) => Promise<void>;
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
  /** Messages the server accepted, by whether delivery reports were asked for (SendResult.dsn). */
  dsn: DsnTally;
  /** The first error of our own (a bug): the run stopped and the caller rethrows it. */
  crash?: unknown;
}

export async function executeDeliveries(toSend: readonly PlannedDelivery[], ctx: ExecutorContext): Promise<ExecutionResult> {
  const shared: SharedRun = { ctx, run: { failures: 0, dsn: { requested: 0, notRequested: 0 } }, wire: semaphore(Math.max(1, ctx.sender.maxInFlight ?? ctx.lanes)) };
  const queue = [...toSend];
  const lanes = Array.from({ length: Math.max(1, Math.min(ctx.lanes, queue.length)) }, () => runLane(queue, shared));
  await Promise.all(lanes);
  return { stopped: shared.run.stopped, crash: shared.run.crash, dsn: shared.run.dsn };
}

/** What the lanes of one run share: the context, the run's state, and the slots on the wire. */
interface SharedRun {
  ctx: ExecutorContext;
  run: ExecutionResult & { failures: number };
  wire: { acquire(): Promise<() => void> };
}

/** The first reason to stop is the one reported. */
function stop({ run }: SharedRun, why: string): void {
  run.stopped ??= why;
}

function stopped(shared: SharedRun): boolean {
  if (shared.ctx.signal?.aborted) stop(shared, 'stopped: interrupted');
  return shared.run.stopped !== undefined;
}

function settleFailure(shared: SharedRun): void {
  const { run, ctx } = shared;
  run.failures += 1;
  if (run.failures >= ctx.maxErrors) stop(shared, `stopped after ${run.failures} failed letter(s) (--max-errors ${ctx.maxErrors})`);
}

/** One lane takes letters from the shared queue until it is empty; an error that escapes a letter stops the run. */
async function runLane(queue: PlannedDelivery[], shared: SharedRun): Promise<void> {
  for (let next = queue.shift(); next; next = queue.shift()) {
    try {
      await deliver(next, shared);
    } catch (error) {
      if (error instanceof ArchiveWriteError) stop(shared, `stopped: ${error.message}`);
      else {
        shared.run.crash ??= error;
        stop(shared, `stopped: ${(error as Error).message}`);
      }
      return;
    }
  }
}

async function deliver({ letter, action }: PlannedDelivery, shared: SharedRun): Promise<void> {
  const { ctx, wire } = shared;
  if (stopped(shared)) return; // left queued in the ledger: the next run sends it
  const outcome = ctx.outcomeOf(letter);
  let message: OutgoingMessage;
  try {
    message = await composeMessage(letter, ctx.attachments(letter), { ...ctx.compose, date: ctx.now() });
  } catch (error) {
    return composeFailed(shared, letter, outcome, error);
  }
  await ctx.archive(letter, message);
  for (let attempt = 1; ; attempt++) {
    if (stopped(shared)) return;
    const release = await wire.acquire();
    let step: NextStep;
    try {
      if (ctx.bucket) await ctx.sleep(ctx.bucket.reserve(ctx.now().getTime()));
      if (stopped(shared)) return;
      const attempted = await attemptCommitted(ctx, letter, message, attempt);
      if (attempted.kind === 'accepted') shared.run.dsn[attempted.result.dsn ? 'requested' : 'notRequested'] += 1;
      outcome.attempts = attempt;
      step = nextStep(attempted, { attempt, policy: ctx.policy, random: ctx.random });
    } finally {
      release();
    }
    await recordStep(ctx, { letter, outcome, message }, step);
    if (step.next === 'retry') {
      await ctx.sleep(step.delayMs);
      continue;
    }
    return settle(shared, { letter, action, outcome }, step);
  }
}

async function composeFailed(shared: SharedRun, letter: Letter, outcome: DeliveryOutcome, error: unknown): Promise<void> {
  const { ctx } = shared;
  // A signing key that cannot sign is no fault of this letter: every letter would fail the same way.
  if ((error as { code?: unknown }).code === 'EDKIM') {
    stop(shared, `stopped: ${(error as Error).message}`);
    return;
  }
  const reason = `could not compose: ${(error as Error).message}`;
  Object.assign(outcome, { status: 'failed', reason, at: ctx.now().toISOString() });
  await ctx.record(letter, { event: 'failed', attempt: 0, reason });
  settleFailure(shared);
  ctx.onSettled(outcome);
}

/** The attempt's outcome: in the report, then in the ledger. */
async function recordStep(ctx: ExecutorContext, sent: { letter: Letter; outcome: DeliveryOutcome; message: OutgoingMessage }, step: NextStep): Promise<void> {
  const { letter, outcome, message } = sent;
  // The report learns the outcome first: if the ledger cannot take the record, the report still says what happened.
  applyStep(outcome, step, message, ctx.now());
  try {
    await ctx.record(letter, { ...step.record, messageId: step.record.messageId ?? (step.record.event === 'unknown' ? message.messageId : undefined) });
  } catch (error) {
    if (step.record.event === 'sent') outcome.reason = 'sent, but the ledger could not record it: the next run reports it as unknown';
    throw error;
  }
}

/** A letter done with for this run (or the run stopped by its attempt). */
async function settle(shared: SharedRun, done: { letter: Letter; action: PlannedDelivery['action']; outcome: DeliveryOutcome }, step: NextStep): Promise<void> {
  if (step.next === 'stop') stop(shared, step.stop);
  if (step.next === 'settle' && step.status === 'failed') {
    // A refused message leaves mail/ for mail/<petition>/refused/; not so a letter an earlier attempt may have
    // delivered: its .eml stays the evidence (`ledger recover` reads it).
    if (done.action !== 'retry-unknown') await shared.ctx.unarchive(done.letter);
    settleFailure(shared);
  }
  if (step.next === 'settle') shared.ctx.onSettled(done.outcome);
}

/**
 * One attempt. The end of the message leaves only once its .eml and then its `sending` record are on disk (the rule is
 * in mail-archive.ts): a crash from then on leaves "unknown", never "unsent". The envelope and the body go out
 * meanwhile, so the connection does not wait on the disk. A record the ledger cannot take stops the run (thrown here);
 * its message was dropped before its end.
 */
async function attemptCommitted(ctx: ExecutorContext, letter: Letter, message: OutgoingMessage, attempt: number): Promise<AttemptOutcome> {
  // With SMTP_RETURN_PATH the envelope sender is the letter's own: the ledger keeps where its bounces come back to.
  const returnPath = ctx.compose.returnPath !== undefined ? { returnPath: message.envelope.from } : {};
  const committed = ctx.archived(letter).then(() => ctx.record(letter, { event: 'sending', attempt, messageId: message.messageId, ...returnPath }));
  committed.catch(() => undefined); // awaited below, once the attempt is over
  const attempted = await attemptSend(ctx.sender, message, { signal: ctx.signal, beforeCommit: () => committed });
  await committed;
  return attempted;
}

async function attemptSend(sender: Sender, message: OutgoingMessage, options: SendCallOptions): Promise<AttemptOutcome> {
  try {
    return { kind: 'accepted', result: await sender.send(message, options) };
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

/** What the delivery state machine needs to know of a failed send (the SMTP client's error facts). */
export function failureOf(error: unknown): AttemptFailure {
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
    if (next)
      next(); // the slot passes straight to the next waiter
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
