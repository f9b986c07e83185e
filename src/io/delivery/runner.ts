// Carries out a send run: guard, plan, render everything, confirm, then send each letter with its ledger records.
// The transport comes in as a `Sender`; this file never imports one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Letter, Problem } from '../../core/types.js';
import { InputError, RefusedError } from '../../core/errors.js';
import { applyRecord, foldLedger, type LedgerRecord, type LedgerState } from '../../core/delivery/ledger.js';
import { planDelivery, summarizePlan, isSendAction, type PlannedDelivery, type PlanSummary } from '../../core/delivery/plan.js';
import { decideRetry, defaultRetryPolicy, type AttemptFailure, type RetryPolicy } from '../../core/delivery/retry.js';
import { TokenBucket } from '../../core/delivery/rate.js';
import { scheduledRunDecision, DEFAULT_LATE_BY_MS } from '../../core/delivery/anniversary.js';
import { headerProblems } from '../../core/delivery/headers.js';
import type { OutgoingMessage, Sender, SendResult } from '../../core/delivery/sender.js';
import { readLedgerFile, LedgerJournal } from '../ledger/journal.js';
import { acquireRunLock } from '../ledger/lock.js';
import { syncDirectory, writeFileAtomic } from '../archive/atomic.js';
import { archivePaths, inArchive } from '../archive/layout.js';
import {
  ManifestWriter,
  deliveryFromLedger,
  describeFiles,
  manifestEntry,
  mergeManifest,
  readManifest,
  type Manifest,
  type ManifestFile,
  type ManifestLetter,
  type ManifestPetition,
} from '../archive/manifest.js';

export type { SendDependencies, SendOptions } from './options.js';
export { deliveryError, type DeliveryOutcome, type DeliveryReport, type OutcomeStatus } from './report.js';
import { composeMessage, type AttachmentFile } from '../mail/compose.js';
import type { SendDependencies, SendOptions } from './options.js';
import { countOutcomes, emptyCounts, initialOutcome, type DeliveryOutcome, type DeliveryReport } from './report.js';

export async function runDelivery(letters: readonly Letter[], options: SendOptions, deps: SendDependencies): Promise<DeliveryReport> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const testMode = options.testTo !== undefined;
  const out = options.out;

  // 1. Guard: nobody may be asked, and nobody said yes → no.
  if (!options.yes && !(options.isTTY && options.confirm))
    throw new RefusedError('not sending without confirmation', 'run with --yes to send without asking');
  checkLetterIds(letters);

  const lock = testMode ? undefined : await acquireRunLock(out);
  let journal: LedgerJournal | undefined;
  let sender: Sender | undefined;
  try {
    const { records, warnings } = testMode ? { records: [], warnings: [] } : await readLedgerFile(out);
    const report: DeliveryReport = { runId: randomUUID(), out, testMode, testTo: options.testTo, outcomes: [], counts: emptyCounts(), warnings: [...warnings] };

    // 2. Anniversary guard: a scheduled run does nothing on other days, and refuses once the window is missed.
    let since: string | undefined;
    let lateWarning: string | undefined;
    if (options.onAnniversary && !testMode) {
      if (!options.anniversary) throw new InputError([{ severity: 'error', file: 'petition', field: 'anniversary', message: 'is not set', hint: '--on-anniversary needs the petition\'s anniversary date and time zone' }]);
      const ids = new Set(letters.map((l) => l.id));
      const scheduled = scheduledRunDecision(now(), options.anniversary, options.lateByMs ?? DEFAULT_LATE_BY_MS, records, ids);
      const { decision } = scheduled;
      report.anniversary = decision;
      if (decision.action === 'missed') throw new RefusedError(decision.message, decision.hint);
      if (decision.action === 'wait' || decision.action === 'already-sent') {
        report.idle = decision.message;
        return report;
      }
      if (decision.action === 'send-late') lateWarning = decision.warning;
      since = scheduled.since; // each year's anniversary is a new campaign
    }
    const ledger: LedgerState = testMode ? foldLedger([]) : foldLedger(records, { since });

    // 3. Plan.
    const plan = planDelivery(letters, ledger, { only: options.only, limit: options.limit, resend: options.resend, retryUnknown: options.retryUnknown });
    if (options.only?.length) {
      const known = new Set(letters.flatMap((l) => [l.addresseeId, l.id]));
      const unknownIds = options.only.filter((id) => !known.has(id));
      if (unknownIds.length > 0)
        throw new InputError(unknownIds.map((id) => ({ severity: 'error', file: 'command line', field: '--only', message: `no letter for "${id}"` })));
    }
    const toSend = plan.filter((p) => isSendAction(p.action));
    if (lateWarning && toSend.length > 0) report.warnings.push(lateWarning);
    const unsafe: Problem[] = toSend.flatMap((p) => headerProblems(p.letter));
    if (unsafe.length > 0) throw new InputError(unsafe, `${unsafe.length} problem(s) in letters to send; nothing was sent`);

    // 4. Render every letter before the first message leaves: a render error stops the run here.
    const selected = plan.filter((p) => p.action !== 'skip-not-selected').map((p) => p.letter);
    const rendered = selected.length > 0 ? await deps.renderAll(selected) : new Map<string, string[]>();
    const missing = toSend.filter((p) => !rendered.has(p.letter.id));
    if (missing.length > 0)
      throw new InputError(missing.map((p) => ({ severity: 'error', file: p.letter.id, field: 'render', message: 'was not rendered' })), 'some letters were not rendered; nothing was sent');
    const files = new Map<string, ManifestFile[]>();
    const hashes = new Map<string, Promise<string>>();
    for (const letter of selected) files.set(letter.id, await describeFiles(out, letter, rendered.get(letter.id) ?? [], hashes));

    // 5. Confirm, knowing what will happen.
    const summary = summarizePlan(plan);
    if (!options.yes && toSend.length > 0) {
      const confirmed = await (options.confirm as (s: PlanSummary) => Promise<boolean>)(summary);
      if (!confirmed) throw new RefusedError('not confirmed; nothing was sent');
    }

    // 6. Manifest: every letter of this run, its files and (outside test mode) what the ledger says.
    const base = testMode ? undefined : await readManifest(out);
    const manifestLetters = new Map<string, ManifestLetter>(
      selected.map((l) => [l.id, manifestEntry(l, files.get(l.id) ?? [], options.signatures?.[l.petition] ?? {})]),
    );
    const buildManifest = (): Manifest => {
      const letters = [...manifestLetters.values()].map((entry) => ({ ...entry, delivery: entry.channel === 'email' ? deliveryFromLedger(ledger.letters.get(entry.id)) : undefined }));
      return mergeManifest(base, { version: 1, generated_at: now().toISOString(), petitions: petitionsOf(letters, options.petitions), letters });
    };
    const manifest = testMode ? undefined : new ManifestWriter(out, buildManifest);

    for (const p of plan) report.outcomes.push(initialOutcome(p, ledger));
    const outcomeOf = new Map(report.outcomes.map((o) => [o.id, o]));
    let done = 0;
    const settle = (o: DeliveryOutcome): void => {
      done += 1;
      deps.onProgress?.(o, done, toSend.length);
    };

    if (toSend.length === 0) {
      await manifest?.flush();
      report.counts = countOutcomes(report.outcomes);
      return report;
    }

    // 7. Send.
    if (!testMode) {
      journal = await LedgerJournal.open(out);
      const at = now().toISOString();
      const queued = toSend.map((p): LedgerRecord => ({ v: 1, at, letter: p.letter.id, event: 'queued', contentHash: p.letter.contentHash, run: report.runId, reason: p.reason }));
      await journal.append(...queued);
      for (const r of queued) applyRecord(ledger, r);
    }
    const record = async (r: Omit<LedgerRecord, 'v' | 'at' | 'run'>): Promise<void> => {
      if (!journal) return;
      const full: LedgerRecord = { v: 1, at: now().toISOString(), run: report.runId, ...r };
      await journal.append(full);
      applyRecord(ledger, full);
      manifest?.update();
    };

    sender = await deps.createSender();
    const activeSender = sender;
    const onTheWire = semaphore(Math.max(1, activeSender.maxInFlight ?? options.concurrency ?? 8));
    const policy: RetryPolicy = {
      ...defaultRetryPolicy,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.retryBaseMs !== undefined ? { baseDelayMs: options.retryBaseMs, maxDelayMs: Math.max(options.retryBaseMs * 32, 1) } : {}),
    };
    const bucket = options.rate ? new TokenBucket({ ratePerMinute: options.rate }, now().getTime()) : undefined;
    const maxErrors = options.maxErrors ?? 10;
    let failures = 0;
    let stopped: string | undefined;
    let crash: unknown;

    const mailDirs = new Set<string>();
    const archiveMessage = async (letter: Letter, message: OutgoingMessage): Promise<void> => {
      const eml = archivePaths.eml(letter.petition, letter.addresseeId, letter.language);
      const file = inArchive(out, eml);
      const dir = path.dirname(file);
      if (!mailDirs.has(dir)) {
        await fs.mkdir(dir, { recursive: true });
        mailDirs.add(dir);
      }
      await writeFileAtomic(file, message.raw, { syncDirectory: false, dirExists: true });
      const entry = manifestLetters.get(letter.id);
      if (entry) entry.files = [...entry.files.filter((f) => f.kind !== 'eml'), { path: eml, sha256: sha256(message.raw), kind: 'eml' }];
    };

    const unarchiveMessage = async (letter: Letter): Promise<void> => {
      const eml = archivePaths.eml(letter.petition, letter.addresseeId, letter.language);
      await fs.rm(inArchive(out, eml), { force: true });
      const entry = manifestLetters.get(letter.id);
      if (entry) entry.files = entry.files.filter((f) => f.path !== eml);
      manifest?.update();
    };

    const deliver = async (p: PlannedDelivery): Promise<void> => {
      const { letter } = p;
      const outcome = outcomeOf.get(letter.id) as DeliveryOutcome;
      const attachments = attachmentFiles(letter, rendered.get(letter.id) ?? []);
      let message: OutgoingMessage | undefined;
      let archived: Promise<void> | undefined;
      for (let attempt = 1; ; attempt++) {
        if (deps.signal?.aborted) stopped ??= 'stopped: interrupted';
        if (stopped) return; // left queued in the ledger: the next run sends it
        if (!message) {
          try {
            message = await composeMessage(letter, attachments, { date: now(), testTo: options.testTo, ...deps.compose });
          } catch (error) {
            await fail(outcome, letter, `could not compose: ${(error as Error).message}`, attempt - 1);
            return;
          }
          // The .eml is written while the message waits its turn and goes out; it is awaited once the letter is sent.
          if (!testMode) {
            archived = archiveMessage(letter, message);
            archived.catch(() => undefined); // awaited later; this only keeps a failure from going unhandled meanwhile
          }
        }
        // Only as many messages are "sending" as the transport can have on the wire: a crash can then leave at most
        // that many letters unknown, however many are being prepared.
        const release = await onTheWire.acquire();
        let result: SendResult | undefined;
        let failure: AttemptFailure | undefined;
        try {
          if (bucket) {
            const wait = bucket.reserve(now().getTime());
            if (wait > 0) await sleep(wait);
          }
          if (stopped) return;
          // The record goes to disk before the message goes to the server: a crash now leaves "unknown", never "unsent".
          await record({ letter: letter.id, event: 'sending', contentHash: letter.contentHash, attempt, messageId: message.messageId });
          outcome.attempts = attempt;
          try {
            result = await activeSender.send(message);
          } catch (error) {
            failure = failureOf(error);
          }
        } finally {
          release();
        }
        if (!result) {
          const reason = failure?.message ?? 'no reply';
          const decision = decideRetry(failure ?? { message: reason }, attempt, policy, deps.random);
          if (decision.kind === 'retry') {
            await record({ letter: letter.id, event: 'deferred', contentHash: letter.contentHash, attempt, reason });
            await sleep(decision.delayMs);
            continue;
          }
          if (decision.kind === 'abort') {
            await record({ letter: letter.id, event: 'deferred', contentHash: letter.contentHash, attempt, reason });
            outcome.reason = reason;
            stopped ??= `stopped: ${reason}`;
            return;
          }
          await fail(outcome, letter, reason, attempt);
          // mail/ holds what was sent; a refused message is not kept there.
          if (archived) await archived.then(() => unarchiveMessage(letter), () => undefined);
          return;
        }
        // Sent. Only the server's answer decides that: anything that goes wrong from here on (ledger, archive) stops
        // the run as a crash, never marks the letter failed, so it cannot be sent again by a `retry-failed`.
        await record({ letter: letter.id, event: 'sent', contentHash: letter.contentHash, attempt, messageId: result.messageId, response: result.response, accepted: result.accepted, rejected: result.rejected });
        Object.assign(outcome, { status: 'sent', messageId: result.messageId, response: result.response, at: now().toISOString(), reason: result.rejected.length ? `refused by the server for ${result.rejected.join(', ')}` : '' });
        settle(outcome);
        await archived;
        return;
      }
    };
    const fail = async (outcome: DeliveryOutcome, letter: Letter, reason: string, attempts: number): Promise<void> => {
      await record({ letter: letter.id, event: 'failed', contentHash: letter.contentHash, attempt: attempts, reason });
      Object.assign(outcome, { status: 'failed', reason, at: now().toISOString(), attempts });
      failures += 1;
      if (failures >= maxErrors) stopped ??= `stopped after ${failures} failed letter(s) (--max-errors ${maxErrors})`;
      settle(outcome);
    };

    const queue = [...toSend];
    const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, queue.length)) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          await deliver(next);
        } catch (error) {
          // The ledger or the archive could not be written: nothing more may be sent.
          crash ??= error;
          stopped ??= `stopped: ${(error as Error).message}`;
          return;
        }
      }
    });
    await Promise.all(workers);
    for (const dir of mailDirs) await syncDirectory(dir);
    if (stopped) for (const o of report.outcomes) if (o.status === 'not-attempted' && o.attempts === 0) o.reason = `not attempted (${stopped})`;
    report.stopped = stopped;
    report.counts = countOutcomes(report.outcomes);
    await manifest?.flush();
    if (crash) throw crash;
    return report;
  } finally {
    await Promise.resolve(sender?.close()).catch(() => undefined);
    await journal?.close();
    await lock?.release();
  }
}

function checkLetterIds(letters: readonly Letter[]): void {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const l of letters) {
    if (seen.has(l.id)) problems.push({ severity: 'error', file: l.id, field: 'id', message: 'two letters have this id', hint: 'each addressee gets one letter per language' });
    seen.add(l.id);
  }
  if (problems.length > 0) throw new InputError(problems);
}

function attachmentFiles(letter: Letter, paths: readonly string[]): AttachmentFile[] {
  return paths.map((file, index) => {
    const planned = letter.attachments.find((a) => a.path && path.resolve(a.path) === path.resolve(file)) ?? (paths.length === letter.attachments.length ? letter.attachments[index] : undefined);
    return { path: file, filename: planned?.filename ?? path.basename(file) };
  });
}

function petitionsOf(letters: readonly ManifestLetter[], given: readonly ManifestPetition[] | undefined): ManifestPetition[] {
  const bySlug = new Map<string, ManifestPetition>();
  for (const l of letters) bySlug.set(l.petition, { slug: l.petition });
  for (const p of given ?? []) bySlug.set(p.slug, p);
  return [...bySlug.values()];
}

function failureOf(error: unknown): AttemptFailure {
  const e = error as { message?: unknown; code?: unknown; responseCode?: unknown; originalCode?: unknown };
  return {
    message: String(e?.message ?? error).replace(/[\r\n]+/g, ' '),
    code: typeof e?.code === 'string' ? e.code : undefined,
    originalCode: typeof e?.originalCode === 'string' ? e.originalCode : undefined,
    responseCode: typeof e?.responseCode === 'number' ? e.responseCode : undefined,
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

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
