// What one petition's send run does, from its letters, the ledger's records and the time: idle (a scheduled run on
// another day), or a plan. Pure: the runner carries it out, and `send` asks it first for every petition, so that what
// would stop the run (an unapproved letter, an old roster) stops it before any petition sends.
import { InputError } from '../errors.js';
import type { Letter } from '../types.js';
import { assertAnniversaryAllows, scheduledRunDecision, DEFAULT_LATE_BY_MS, type AnniversaryDecision, type AnniversarySpec } from './anniversary.js';
import { foldLedger, type LedgerRecord, type LedgerState } from './ledger.js';
import { planDelivery, type PlannedDelivery, type PlanOptions } from './plan.js';
import { reminderRecordsInScope } from '../follow-up.js';

export interface RunPlanOptions extends PlanOptions {
  testMode: boolean;
  onAnniversary?: boolean | undefined;
  anniversary?: AnniversarySpec | undefined;
  lateByMs?: number | undefined;
}

export type RunPlan =
  /** A scheduled run on a day it does not send (before the day, or every letter already sent). */
  { idle: true; decision: AnniversaryDecision } | { idle: false; decision?: AnniversaryDecision | undefined; lateWarning?: string | undefined; ledger: LedgerState; plan: PlannedDelivery[] };

/** Throws RefusedError when a scheduled run missed its window, InputError when it has no anniversary to go by. */
export function planRun(letters: readonly Letter[], records: readonly LedgerRecord[], options: RunPlanOptions, now: Date): RunPlan {
  let since: string | undefined;
  let decision: AnniversaryDecision | undefined;
  let lateWarning: string | undefined;
  if (options.onAnniversary && !options.testMode) {
    if (!options.anniversary)
      throw new InputError([{ severity: 'error', file: 'petition', field: 'anniversary', message: 'is not set', hint: "--on-anniversary needs the petition's anniversary date and time zone" }]);
    // "Already sent" only when every email letter of this year's plan is settled; a closed window with letters
    // unsent is exit 3 listing them, never a silent green.
    const scheduled = scheduledRunDecision(now, options.anniversary, options.lateByMs ?? DEFAULT_LATE_BY_MS, records, letters);
    decision = scheduled.decision;
    assertAnniversaryAllows(decision);
    if (decision.action === 'wait' || decision.action === 'already-sent') return { idle: true, decision };
    if (decision.action === 'send-late') lateWarning = decision.warning;
    since = scheduled.since; // each year's anniversary is a new campaign
  }
  const ledger = options.testMode ? foldLedger([]) : foldLedger(reminderRecordsInScope(letters, records), { since });
  const plan = planDelivery(letters, ledger, { only: options.only, limit: options.limit, resend: options.resend, retryUnknown: options.retryUnknown });
  return { idle: false, decision, lateWarning, ledger, plan };
}
