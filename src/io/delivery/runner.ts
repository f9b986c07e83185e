// Carries out a send run: guard, plan, render everything, confirm, then hand the letters to the executor, which sends
// each as the pure state machine says, with its ledger records. The transport comes in as a `Sender`; this file never
// imports one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Letter, Problem } from '../../core/types.js';
import { InputError, RefusedError } from '../../core/errors.js';
import { applyRecord, type LedgerRecord, type LedgerState } from '../../core/delivery/ledger.js';
import { summarizePlan, isSendAction, type PlannedDelivery } from '../../core/delivery/plan.js';
import { planRun } from '../../core/delivery/run-plan.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../core/delivery/retry.js';
import { TokenBucket } from '../../core/delivery/rate.js';
import { headerProblems } from '../../core/delivery/headers.js';
import { MANIFEST_VERSION } from '../../core/json.js';
import { rosterChanges } from '../../core/delivery/status.js';
import type { Sender } from '../../core/delivery/sender.js';
import { readLedgerFile, LedgerJournal } from '../ledger/journal.js';
import { acquireRunLock } from '../ledger/lock.js';
import { archivePaths, LEDGER_FILE, MANIFEST_FILE } from '../archive/layout.js';
import { prepareArchiveFiles } from '../archive/safe-path.js';
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
import type { AttachmentFile } from '../mail/compose.js';
import { executeDeliveries } from './executor.js';
import { MailArchive } from './mail-archive.js';
import type { Confirm, SendDependencies, SendOptions } from './options.js';
import { countOutcomes, deliveryReportsOf, emptyCounts, initialOutcome, type DeliveryOutcome, type DeliveryReport } from '../../core/delivery/report.js';
import { ArchiveWriteError, writing } from '../archive/write-error.js';

export type { SendDependencies, SendOptions } from './options.js';
export { deliveryError, type DeliveryOutcome, type DeliveryReport, type OutcomeStatus } from '../../core/delivery/report.js';

export async function runDelivery(letters: readonly Letter[], options: SendOptions, deps: SendDependencies): Promise<DeliveryReport> {
  const now = deps.now ?? (() => new Date());
  const testMode = options.testTo !== undefined;
  const out = options.out;

  // 1. Guard: nobody may be asked, and nobody said yes → no.
  if (!options.yes && !(options.isTTY && options.confirm)) throw new RefusedError('not sending without confirmation', 'run with --yes to send without asking');
  checkLetterIds(letters);

  const lock = testMode || options.holdsLock ? undefined : await acquireRunLock(out);
  let journal: LedgerJournal | undefined;
  let sender: Sender | undefined;
  try {
    // A damaged ledger stops the run here (InputError): nothing is sent on a ledger that cannot be read.
    const { records, warnings } = testMode ? { records: [], warnings: [] } : await readLedgerFile(out, { shownAs: options.shownOut });
    const report: DeliveryReport = { runId: randomUUID(), out, testMode, testTo: options.testTo, outcomes: [], counts: emptyCounts(), warnings: [...warnings] };

    // 2. Anniversary guard (a scheduled run does nothing on other days, and refuses once the window is missed), then plan.
    const run = planRun(letters, records, { ...options, testMode }, options.planAt ?? now());
    if (run.decision) report.anniversary = run.decision;
    if (run.idle) {
      report.idle = run.decision.message;
      return report;
    }
    if (options.staleRoster) throw new RefusedError(options.staleRoster.message, options.staleRoster.hint);
    const { ledger, plan, lateWarning } = run;

    // 3. Check the plan.
    if (options.only?.length) {
      const known = new Set(letters.flatMap((l) => [l.addresseeId, l.id]));
      const unknownIds = options.only.filter((id) => !known.has(id));
      if (unknownIds.length > 0) throw new InputError(unknownIds.map((id) => ({ severity: 'error', file: 'command line', field: '--only', message: `no letter for "${id}"` })));
    }
    const toSend = plan.filter((p) => isSendAction(p.action));
    refuseUnapproved(toSend, options, testMode);
    if (lateWarning && toSend.length > 0) report.warnings.push(lateWarning);
    if (!testMode) report.warnings.push(...rosterChanges(ledger, letters));
    const unsafe: Problem[] = toSend.flatMap((p) => headerProblems(p.letter));
    if (unsafe.length > 0) throw new InputError(unsafe, `${unsafe.length} problem(s) in letters to send; nothing was sent`);

    if (deps.signal?.aborted) return interruptedBeforeSending(report, plan, ledger);

    // 4. Render every letter before the first message leaves: a render error stops the run here.
    const selected = plan.filter((p) => p.action !== 'skip-not-selected').map((p) => p.letter);
    const rendered = selected.length > 0 ? await deps.renderAll(selected) : new Map<string, string[]>();
    if (deps.signal?.aborted) return interruptedBeforeSending(report, plan, ledger);
    const missing = toSend.filter((p) => !rendered.has(p.letter.id));
    if (missing.length > 0)
      throw new InputError(
        missing.map((p) => ({ severity: 'error', file: p.letter.id, field: 'render', message: 'was not rendered' })),
        'some letters were not rendered; nothing was sent',
      );
    const files = new Map<string, ManifestFile[]>();
    const hashes = new Map<string, Promise<string>>();
    for (const letter of selected) files.set(letter.id, await describeFiles(out, letter, rendered.get(letter.id) ?? [], hashes));

    // Every file this run writes, checked before anything leaves: a symbolic link in the archive is exit 2 now, not a
    // stop after the first letters went out.
    if (!testMode) await prepareArchiveFiles(out, [MANIFEST_FILE, LEDGER_FILE, ...toSend.map(({ letter: l }) => archivePaths.eml(l))]);

    // 5. Confirm, knowing what will happen.
    const summary = summarizePlan(plan);
    if (!options.yes && toSend.length > 0) {
      const confirmed = await (options.confirm as Confirm)(summary, report.warnings);
      if (!confirmed) throw new RefusedError('not confirmed; nothing was sent');
    }

    // 6. Manifest: every letter of this run, its files and (outside test mode) what the ledger says.
    const base = testMode ? undefined : await readManifest(out, { shownAs: options.shownOut });
    const manifestLetters = new Map<string, ManifestLetter>(selected.map((l) => [l.id, manifestEntry(l, files.get(l.id) ?? [], options.signatures?.[l.petition] ?? {})]));
    const buildManifest = (): Manifest => {
      const letters = [...manifestLetters.values()].map((entry) => ({ ...entry, delivery: entry.channel === 'email' ? deliveryFromLedger(ledger.letters.get(entry.id)) : undefined }));
      return mergeManifest(base, { version: MANIFEST_VERSION, generated_at: now().toISOString(), petitions: petitionsOf(letters, options.petitions), letters });
    };
    const manifest = testMode ? undefined : new ManifestWriter(out, buildManifest);

    for (const p of plan) report.outcomes.push(initialOutcome(p, ledger));
    const outcomeOf = new Map(report.outcomes.map((o) => [o.id, o]));

    if (toSend.length === 0) {
      await flushManifest(manifest, report);
      report.counts = countOutcomes(report.outcomes);
      return report;
    }

    // 7. Send.
    if (!testMode) {
      const opened = await writing(LEDGER_FILE, () => LedgerJournal.open(out));
      journal = opened;
      const at = now().toISOString();
      const vouched = options.rosterCheckedOn ? { rosterCheckedOn: options.rosterCheckedOn } : {};
      const queued = toSend.map((p): LedgerRecord => ({
        v: 1,
        at,
        letter: p.letter.id,
        event: 'queued',
        contentHash: p.letter.contentHash,
        run: report.runId,
        reason: p.reason,
        roster: p.letter.roster,
        ...vouched,
        ...(options.approvedBy?.has(p.letter.id) ? { approvedBy: [...(options.approvedBy.get(p.letter.id) ?? [])] } : {}),
      }));
      await writing(LEDGER_FILE, () => opened.append(...queued));
      for (const r of queued) applyRecord(ledger, r);
    }
    const shared = await readSharedFiles(toSend.map((p) => rendered.get(p.letter.id) ?? []));
    sender = await deps.createSender();
    const mail = new MailArchive(out, manifestLetters, () => manifest?.update());
    let done = 0;
    const execution = await executeDeliveries(toSend, {
      sender,
      policy: retryPolicy(options),
      bucket: options.rate ? new TokenBucket({ ratePerMinute: options.rate }, now().getTime()) : undefined,
      lanes: options.concurrency ?? 8,
      maxErrors: options.maxErrors ?? 10,
      compose: { testTo: options.testTo, ...deps.compose },
      attachments: (letter) => attachmentFiles(letter, rendered.get(letter.id) ?? [], shared),
      outcomeOf: (letter) => outcomeOf.get(letter.id) as DeliveryOutcome,
      record: async (letter, draft) => {
        if (!journal) return;
        const full: LedgerRecord = { v: 1, at: now().toISOString(), run: report.runId, letter: letter.id, contentHash: letter.contentHash, ...draft };
        const open = journal;
        // Only `sending` must be on disk before the next step (the message leaves after it); an outcome lost in a
        // crash leaves the letter `sending`, which reads as unknown: never sent twice.
        await writing(LEDGER_FILE, () => (full.event === 'sending' ? open.append(full) : open.appendLazily(full)));
        applyRecord(ledger, full);
        manifest?.update();
      },
      archive: (letter, message) => (testMode ? Promise.resolve() : mail.write(letter, message)),
      archived: (letter) => (testMode ? Promise.resolve() : mail.durable(letter)),
      unarchive: (letter) => (testMode ? Promise.resolve() : mail.remove(letter)),
      now,
      sleep: abortableSleep(deps.sleep, deps.signal),
      random: deps.random,
      signal: deps.signal,
      onSettled: (outcome) => {
        done += 1;
        deps.onProgress?.(outcome, done, toSend.length);
      },
    });
    const stopped = execution.stopped;
    try {
      await mail.sync();
    } catch (error) {
      report.warnings.push(`could not sync the mail folder: ${(error as Error).message}`);
    }
    if (stopped) for (const o of report.outcomes) if (o.status === 'not-attempted' && o.attempts === 0) o.reason = `not attempted (${stopped})`;
    report.stopped = stopped;
    report.counts = countOutcomes(report.outcomes);
    const deliveryReports = deliveryReportsOf(execution.dsn);
    if (deliveryReports) report.deliveryReports = deliveryReports;
    if (deps.compose?.returnPath !== undefined && !testMode) report.returnPath = true;
    await flushManifest(manifest, report);
    if (execution.crash) throw execution.crash;
    return report;
  } finally {
    await Promise.resolve(sender?.close()).catch(() => undefined);
    await journal?.close().catch(() => undefined);
    await lock?.release();
  }
}

/** The last guard: a letter the pre-flight did not find approved is never sent, whatever planned it since. */
function refuseUnapproved(toSend: readonly PlannedDelivery[], options: SendOptions, testMode: boolean): void {
  if (!options.requireApproval || testMode) return;
  const unchecked = toSend.filter((p) => !options.approvedBy?.has(p.letter.id)).map((p) => p.letter.id);
  if (unchecked.length > 0)
    throw new RefusedError(
      `${unchecked.length} letter(s) to send were not found approved before the run: ${unchecked.slice(0, 8).join(', ')}; nothing more was sent`,
      'petition approvals lists what each lacks',
    );
}

/** Interrupted before anything was sent: every letter as it stands, nothing attempted. */
function interruptedBeforeSending(report: DeliveryReport, plan: readonly PlannedDelivery[], ledger: LedgerState): DeliveryReport {
  const stopped = 'stopped: interrupted';
  report.outcomes = plan.map((p) => initialOutcome(p, ledger));
  for (const o of report.outcomes) if (o.status === 'not-attempted') o.reason = `not attempted (${stopped})`;
  report.stopped = stopped;
  report.counts = countOutcomes(report.outcomes);
  return report;
}

/** The manifest is the ledger's readable summary: a failure to write it is reported, and the run's exit stands. */
async function flushManifest(manifest: ManifestWriter | undefined, report: DeliveryReport): Promise<void> {
  try {
    await manifest?.flush();
  } catch (error) {
    const message = new ArchiveWriteError(MANIFEST_FILE, error).message;
    report.warnings.push(message);
    report.stopped ??= `stopped: ${message}`;
  }
}

function retryPolicy(options: SendOptions): RetryPolicy {
  return {
    ...defaultRetryPolicy,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retryBaseMs !== undefined ? { baseDelayMs: options.retryBaseMs, maxDelayMs: Math.max(options.retryBaseMs * 32, 1) } : {}),
  };
}

/** Waits between retries, cut short by an interruption (the executor then sees the signal and stops). */
function abortableSleep(sleep: ((ms: number) => Promise<void>) | undefined, signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) => {
    if (ms <= 0) return Promise.resolve();
    if (signal?.aborted) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const waited = sleep ? sleep(ms) : new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    return Promise.race([waited, aborted]).finally(() => {
      if (timer) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    });
  };
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

function attachmentFiles(letter: Letter, paths: readonly string[], shared: ReadonlyMap<string, Buffer>): AttachmentFile[] {
  return paths.map((file, index) => {
    const planned = letter.attachments.find((a) => a.path && path.resolve(a.path) === path.resolve(file)) ?? (paths.length === letter.attachments.length ? letter.attachments[index] : undefined);
    return { path: file, filename: planned?.filename ?? path.basename(file), content: shared.get(path.resolve(file)) };
  });
}

/**
 * The files several letters enclose (a petition's annex), each read once for the run rather than once a message. A
 * file that cannot be read is left out: each letter then reads it itself and fails to compose, as it would have.
 */
async function readSharedFiles(pathsByLetter: readonly (readonly string[])[]): Promise<Map<string, Buffer>> {
  const letters = new Map<string, number>();
  for (const paths of pathsByLetter) for (const file of new Set(paths.map((p) => path.resolve(p)))) letters.set(file, (letters.get(file) ?? 0) + 1);
  const shared = [...letters].filter(([, count]) => count > 1).map(([file]) => file);
  const read = await Promise.all(
    shared.map((file) =>
      fs.readFile(file).then(
        (bytes): [string, Buffer] => [file, bytes],
        () => undefined,
      ),
    ),
  );
  return new Map(read.filter((entry) => entry !== undefined));
}

function petitionsOf(letters: readonly ManifestLetter[], given: readonly ManifestPetition[] | undefined): ManifestPetition[] {
  const bySlug = new Map<string, ManifestPetition>();
  for (const l of letters) bySlug.set(l.petition, { slug: l.petition });
  for (const p of given ?? []) bySlug.set(p.slug, p);
  return [...bySlug.values()];
}
