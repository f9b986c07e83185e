// Before any petition of a run sends, every petition is planned as its run will plan it, and the run is refused when
// a letter it would send lacks approval or comes from a roster too old to trust: nothing is half-sent because the
// second petition's letters were not approved. A test send (`--test-to`) is how a reviewer checks: it needs neither.
import { approvalRefusal, type LetterApproval } from '../../core/approval.js';
import type { PetitionPlan } from '../../core/campaign.js';
import { hasErrors, InputError, PetitionError, RefusedError } from '../../core/errors.js';
import { isSendAction } from '../../core/delivery/plan.js';
import { planRun, type RunPlan } from '../../core/delivery/run-plan.js';
import type { LedgerRecord } from '../../core/delivery/ledger.js';
import type { Problem } from '../../core/types.js';
import { approvalsOf } from '../approvals.js';
import { readLedgerFile } from '../ledger/journal.js';
import type { SendOptions } from './options.js';

export interface PreflightOptions extends Pick<SendOptions, 'only' | 'limit' | 'resend' | 'retryUnknown' | 'onAnniversary' | 'lateByMs'> {
  cwd: string;
  out: string;
  shownOut: string;
  testTo?: string | undefined;
  /** Petitions whose roster is too old, by slug: refused here when the petition would send today. */
  staleRosters: ReadonlyMap<string, { message: string; hint: string }>;
}

/** Refuses (exit 3) what the run must not send; returns who approved each letter it will send (emails, by letter id). */
export async function checkBeforeSending(plans: readonly PetitionPlan[], options: PreflightOptions, now = new Date()): Promise<Map<string, string[]>> {
  const approvedBy = new Map<string, string[]>();
  if (options.testTo !== undefined) return approvedBy;
  const { records } = await readLedgerFile(options.out, { shownAs: options.shownOut });
  const problems: Problem[] = [];
  const lacking: LetterApproval[] = [];
  for (const plan of plans) {
    const run = plannedRun(plan, records, options, now);
    const toSend = run && !run.idle ? run.plan.filter((p) => isSendAction(p.action)).map((p) => p.letter) : [];
    if (toSend.length === 0) continue;
    const stale = options.staleRosters.get(plan.petition.slug);
    if (stale) throw new RefusedError(stale.message, stale.hint);
    const checked = approvalsOf(plan, toSend, options.cwd);
    problems.push(...checked.problems);
    for (const a of checked.approvals)
      if (a.lacking > 0) lacking.push(a);
      else
        approvedBy.set(
          a.letter,
          a.approvers.map((x) => x.by.email),
        );
  }
  if (hasErrors(problems)) throw new InputError(problems);
  if (lacking.length > 0) {
    const refusal = approvalRefusal(lacking);
    throw new RefusedError(refusal.message, refusal.hint);
  }
  return approvedBy;
}

/** The petition's run as the runner will plan it; a guard's refusal (a missed window) is left for the runner to report
 *  in its turn, as it always has. */
function plannedRun(plan: PetitionPlan, records: readonly LedgerRecord[], options: PreflightOptions, now: Date): RunPlan | undefined {
  try {
    return planRun(plan.letters, records, { ...options, testMode: false, anniversary: plan.petition.anniversary }, now);
  } catch (error) {
    if (error instanceof PetitionError) return undefined;
    throw error;
  }
}
