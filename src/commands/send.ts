import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { ExitCode, hasErrors, InputError, problem, RefusedError } from '../core/errors.js';
import { testAddressProblems } from '../core/delivery/headers.js';
import { followUpJson, manifestPetition, sendJson } from '../core/json.js';
import { acquireRunLock, type RunLock } from '../io/ledger/lock.js';
import type { PlanSummary } from '../core/delivery/plan.js';
import { createSmtpSender, deliveryError, runDelivery, smtpConfigFromEnv, type DeliveryReport, type SendOptions, type SmtpConfig } from '../io/delivery/index.js';
import { formatDeliveryReport, formatNotDue, formatPlanSummary } from '../ui/delivery-report.js';
import { createTerminal, printProblems, type Terminal } from '../ui/terminal.js';
import { escapeTerminal } from '../ui/escape.js';
import { loadCampaign, plannedAddressees, todayUtc, type PetitionPlan } from '../io/campaign.js';
import { staleRosterRefusal } from '../core/roster-age.js';
import { placeholderRefusal } from '../core/placeholders.js';
import { signatureSummary } from '../core/campaign.js';
import { fontsDir } from '../io/project.js';
import { renderFiles, sourceDateEpoch } from '../io/pdf/render-files.js';
import { displayPath } from '../io/project.js';
import { readManifest } from '../io/archive/manifest.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { checkBeforeSending } from '../io/delivery/preflight.js';
import { chooseReminders, type ChosenReminders } from '../io/delivery/follow-up.js';

export interface SendCommandOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  out: string;
  yes: boolean;
  testTo?: string | undefined;
  only: string[];
  limit?: number | undefined;
  resend: boolean;
  retryUnknown: boolean;
  maxErrors: number;
  rate?: number | undefined;
  insecure: boolean;
  onAnniversary: boolean;
  lateByHours: number;
  /** `--roster-checked-on DATE`: a person checked every addressee on that date. */
  rosterCheckedOn?: string | undefined;
  paper: 'a4' | 'letter';
  annexNames: number;
  json: boolean;
  color?: boolean | undefined;
}

/** Sends each petition's letters over SMTP, once: render everything first, then send with a ledger record per step. */
export async function run(options: SendCommandOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const reports = await sendCampaign(options, term);
  if (options.json) term.json(sendJson(reports));
  throwFirstFailure(reports);
  return 0;
}

export interface FollowUpOptions extends Pick<
  SendCommandOptions,
  'cwd' | 'petition' | 'roster' | 'out' | 'yes' | 'testTo' | 'only' | 'limit' | 'retryUnknown' | 'maxErrors' | 'rate' | 'insecure' | 'rosterCheckedOn' | 'json' | 'color'
> {
  /** `--after DAYS`: remind letters sent at least this many days ago. */
  after: number;
}

/**
 * `petition follow-up`: one reminder per letter sent `--after` days ago or more that neither bounced nor got a
 * person's reply, chosen from the ledger under the archive's lock, then sent as letters are — the same approval check,
 * confirmation, rate, retries, ledger and archive. No resend: a reminder is sent once.
 */
export async function runFollowUp(options: FollowUpOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const chosen: ChosenReminders[] = [];
  const sendOptions: SendCommandOptions = { ...options, only: [], resend: false, onAnniversary: false, lateByHours: 0, paper: 'a4', annexNames: 0 };
  const reports = await sendCampaign(sendOptions, term, {
    followUps: true,
    choose: async (plans, archive) => {
      chosen.push(...(await chooseReminders(plans, archive, { only: options.only, afterDays: options.after, now: new Date(), retryUnknown: options.retryUnknown })));
      const notDue = chosen.flatMap((c) => c.plan.notDue);
      if (!options.json && notDue.length > 0) term.err(formatNotDue(notDue, { color: term.color }));
      return chosen.map(({ petition, plan }) => ({ ...petition, letters: plan.due }));
    },
  });
  if (options.json)
    term.json({
      ...sendJson(reports),
      follow_up: followUpJson(
        options.after,
        chosen.map((c) => c.plan),
      ),
    });
  throwFirstFailure(reports);
  return 0;
}

/** A delivery that stopped or left letters unsent is exit 1, after the report. */
function throwFirstFailure(reports: readonly DeliveryReport[]): void {
  const failure = reports.map(deliveryError).find((e) => e !== undefined);
  if (failure) throw failure;
}

/**
 * What a run sends of each petition, chosen under the archive's lock (from the ledger): `petition follow-up` sends
 * reminders this way, through the same guards, approval check, ledger and runner as the letters.
 */
interface Choice {
  /** Load each email letter's reminder too (PetitionPlan.followUps). */
  followUps: boolean;
  choose: (plans: readonly PetitionPlan[], archive: { out: string; shownOut: string }) => Promise<PetitionPlan[]>;
}

/** Loads, checks, locks, checks approvals, then sends each petition in turn; returns each petition's report. */
async function sendCampaign(options: SendCommandOptions, term: Terminal, choice?: Choice): Promise<DeliveryReport[]> {
  // Options and SMTP settings first: a send that could never go out should say so before any work.
  const { smtp, epoch } = upFrontChecks(options);
  // From here on a signal stops the run cleanly, whatever it is doing (loading, rendering, sending).
  const interruption = onInterrupt(term);
  try {
    const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition, roster: options.roster, signerNames: options.annexNames, followUps: choice?.followUps });
    if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
    printProblems(term, campaign.problems);

    // Checked for every petition before the first one sends: a run never stops half-way on bad input.
    checkAnniversaries(campaign.plans, options);
    const out = resolve(options.cwd, options.out);
    const shownOut = displayPath(out, options.cwd);
    await checkOutFolder(out, shownOut, 'write');
    const staleRosters = rosterRefusals(campaign.plans, options);
    const lock = await lockArchive(out, options);
    try {
      const plans = choice ? await choice.choose(campaign.plans, { out, shownOut }) : campaign.plans;
      // Every petition's approvals (and old rosters) are checked before the first one sends.
      // One planning time for the check and every petition's run: a long first petition cannot move the second into its
      // anniversary window past the check.
      const planAt = new Date();
      const approvedBy = await checkBeforeSending(plans, { ...preflightOptions(options), cwd: options.cwd, out, shownOut, staleRosters }, planAt);
      return await sendEachPetition(plans, { options, term, smtp, epoch, out, staleRosters, approvedBy, planAt, signal: interruption.signal });
    } finally {
      await lock?.release();
    }
  } finally {
    interruption.dispose();
  }
}

function checkAnniversaries(plans: readonly PetitionPlan[], options: SendCommandOptions): void {
  const undated = options.onAnniversary ? plans.filter((p) => !p.petition.anniversary) : [];
  if (undated.length > 0)
    throw new InputError(undated.map((p) => problem(p.petition.file, undefined, 'anniversary', 'is missing, and --on-anniversary needs it', 'add anniversary: { date: "MM-DD", time_zone: … }')));
}

/**
 * Officeholders change: a roster older than it allows is refused, unless a person vouches for it (a test send is how
 * one checks, so --test-to is let through). A scheduled run refuses only on a day it would send: other days stay green,
 * so its refusals are returned by petition slug, for the runner.
 */
function rosterRefusals(plans: readonly PetitionPlan[], options: SendCommandOptions): Map<string, { message: string; hint: string }> {
  const staleRosters = new Map<string, { message: string; hint: string }>();
  if (options.testTo === undefined)
    for (const plan of plans) {
      // A placeholder is never a real addressee, on any day: a scheduled run fails at once rather than on the day.
      const placeholders = placeholderRefusal(plan.roster, plannedAddressees(plan));
      if (placeholders) throw new RefusedError(`${plan.petition.slug}: ${placeholders.message}`, placeholders.hint);
      const refusal = staleRosterRefusal(plan.roster, plannedAddressees(plan), todayUtc(), options.rosterCheckedOn);
      if (refusal && !options.onAnniversary) throw new RefusedError(`${plan.petition.slug}: ${refusal.message}`, refusal.hint);
      if (refusal) staleRosters.set(plan.petition.slug, { message: `${plan.petition.slug}: ${refusal.message}`, hint: refusal.hint });
    }
  return staleRosters;
}

/** One lock for the whole run: another send cannot take the archive between two petitions. A test send takes none. */
async function lockArchive(out: string, options: SendCommandOptions): Promise<RunLock | undefined> {
  const lock = options.testTo === undefined ? await acquireRunLock(out) : undefined;
  // A damaged manifest.json stops the run before anything is rendered (the runner reads it again, after rendering).
  if (options.testTo === undefined)
    await readManifest(out, { shownAs: displayPath(out, options.cwd) }).catch(async (error: unknown) => {
      await lock?.release();
      throw error;
    });
  return lock;
}

/** What every petition's delivery shares in one run. */
interface SendRun {
  options: SendCommandOptions;
  term: Terminal;
  smtp: SmtpConfig;
  epoch: Date | undefined;
  out: string;
  staleRosters: ReadonlyMap<string, { message: string; hint: string }>;
  approvedBy: ReadonlyMap<string, readonly string[]>;
  planAt: Date;
  signal: AbortSignal;
}

/** Each petition in turn, with its report printed as it ends; a stopped delivery stops the run. */
async function sendEachPetition(plans: readonly PetitionPlan[], send: SendRun): Promise<DeliveryReport[]> {
  const { options, term, out } = send;
  const reports: DeliveryReport[] = [];
  // The first petition that has something to send renders every petition's letters: a render error then stops the
  // run before any message of any petition leaves. A day with nothing to send renders nothing.
  let rendering: Promise<Map<string, string[]>> | undefined;
  // A reminder has no PDF of its own: only letters are rendered.
  const toRender = plans.flatMap((p) => p.letters).filter((l) => l.attachments.some((a) => a.kind === 'letter-pdf'));
  const renderEverything = () =>
    (rendering ??=
      toRender.length === 0
        ? Promise.resolve(new Map())
        : renderFiles(plans, toRender, {
            out,
            paper: options.paper,
            fontsDir: fontsDir(options.cwd),
            sourceDateEpoch: send.epoch,
            annexNames: options.annexNames,
          }));
  for (const plan of plans) {
    const report = await runDelivery(plan.letters, deliveryOptions(plan, send), {
      createSender: () => createSmtpSender(send.smtp),
      renderAll: async (letters) => {
        const files = await renderEverything();
        return new Map(letters.map((l) => [l.id, files.get(l.id) ?? []]));
      },
      compose: { dkim: send.smtp.dkim, envelopeFrom: send.smtp.envelopeFrom, returnPath: send.smtp.returnPath },
      signal: send.signal,
      onProgress: options.json
        ? undefined
        : (outcome, done, total) => term.err(term.paint.dim(`[${done}/${total}] ${outcome.id}: ${outcome.status}${outcome.status === 'sent' ? '' : ` (${outcome.reason})`}`)),
    });
    reports.push(report);
    if (!options.json) term.out(`${term.paint.bold(plan.petition.slug)}\n${formatDeliveryReport(report, { color: term.color })}`);
    if (report.stopped) break;
  }
  return reports;
}

function deliveryOptions(plan: PetitionPlan, { options, out, staleRosters, approvedBy, planAt, signal }: SendRun): SendOptions {
  return {
    ...preflightOptions(options),
    out,
    approvedBy,
    requireApproval: true,
    planAt,
    shownOut: displayPath(out, options.cwd),
    holdsLock: true,
    rosterCheckedOn: options.rosterCheckedOn,
    staleRoster: staleRosters.get(plan.petition.slug),
    yes: options.yes,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    confirm: (summary, warnings) => confirm(plan.petition.slug, summary, warnings, signal),
    maxErrors: options.maxErrors,
    rate: options.rate,
    anniversary: plan.petition.anniversary,
    petitions: [manifestPetition(plan)],
    signatures: { [plan.petition.slug]: signatureSummary(plan) },
  };
}

/** What the pre-flight check and each petition's run plan with: the same options, so both plan the same letters. */
function preflightOptions(options: SendCommandOptions) {
  return {
    testTo: options.testTo,
    only: options.only.length > 0 ? options.only : undefined,
    limit: options.limit,
    resend: options.resend,
    retryUnknown: options.retryUnknown,
    onAnniversary: options.onAnniversary,
    lateByMs: options.lateByHours * 3_600_000,
  };
}

/**
 * The first SIGINT or SIGTERM stops the run within moments (letters on the wire are cut off and recorded, the report
 * is printed, exit 1); a second one exits at once — every ledger record is whole on disk, so the ledger stays readable.
 */
function onInterrupt(term: Terminal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      term.err(`${signal} again: exiting now; letters on the wire are "unknown" in the ledger`);
      process.exit(ExitCode.deliveryFailed);
    }
    term.err(`${signal}: stopping; letters on the wire are cut off and recorded (send the signal again to exit at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      // Once interrupted, a further signal while the report is printed still means "exit now", never a default death.
      if (controller.signal.aborted) return;
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** `--test-to`, SOURCE_DATE_EPOCH and the SMTP settings (DKIM key trial-signed), every problem at once, before anything is loaded. */
function upFrontChecks(options: SendCommandOptions): { smtp: SmtpConfig; epoch: Date | undefined } {
  const problems = testAddressProblems(options.testTo);
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const epoch = collect(() => sourceDateEpoch(process.env));
  const smtp = collect(() => smtpConfigFromEnv(process.env, { insecure: options.insecure }));
  if (problems.length > 0 || !smtp) throw new InputError(problems);
  return { smtp, epoch };
}

async function confirm(petition: string, summary: PlanSummary, warnings: readonly string[], signal: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // A signal at the prompt is a "no": the question is given up at once.
    const noted = warnings.map((w) => `warning: ${w}\n`).join('');
    const answer = await rl.question(escapeTerminal(`${noted}${petition}: ${formatPlanSummary(summary)}\nSend now? Type "yes" to send: `), { signal });
    return answer.trim().toLowerCase() === 'yes';
  } catch {
    throw new RefusedError('not confirmed', 'pass --yes to send without asking');
  } finally {
    rl.close();
  }
}
