// Which reminders `petition follow-up` sends: each petition's letters' reminders that are due, chosen from the ledger
// as it is under the archive's lock (core/follow-up.ts decides; this reads).
import { selectLetters, type PetitionPlan } from '../../core/campaign.js';
import { InputError, problem } from '../../core/errors.js';
import { foldLedger } from '../../core/delivery/ledger.js';
import { followedUpId, planFollowUps, reminderRecordsInScope, type ReminderTiming, type FollowUpPlan } from '../../core/follow-up.js';
import { readLedgerFile } from '../ledger/journal.js';

export interface ChosenReminders {
  petition: PetitionPlan;
  plan: FollowUpPlan;
}

/** Each petition's reminders due `afterDays` after their letters were sent; a letter due one whose language has no
 *  template stops the run (exit 2), naming the template. */
export async function chooseReminders(plans: readonly PetitionPlan[], archive: { out: string; shownOut: string }, options: ReminderTiming & { only: readonly string[] }): Promise<ChosenReminders[]> {
  const { records } = await readLedgerFile(archive.out, { shownAs: archive.shownOut });
  const ledger = foldLedger(
    reminderRecordsInScope(
      plans.flatMap((p) => p.followUps?.letters ?? []),
      records,
    ),
  );
  // A reminder's id names its letter too: --only takes either.
  const only = options.only.map((id) => followedUpId(id) ?? id);
  const chosen = selectLetters(plans, only).map(({ plan: petition, letters }) => ({
    petition,
    plan: planFollowUps(letters, petition.followUps ?? { letters: [], missing: [] }, ledger, options),
  }));
  const missing = chosen.flatMap((c) => c.plan.missing);
  if (missing.length > 0)
    throw new InputError(
      missing.map((m) =>
        problem(
          m.template,
          undefined,
          'follow-up.md',
          `is missing: ${m.letter.id} is due a reminder in "${m.letter.language}"`,
          'have the reminder written in that language by a fluent reader, or leave these letters out with --only',
        ),
      ),
    );
  return chosen;
}
