// `petition posted` / `petition returned`, the part that touches the archive: the ledger is read and the records
// decided once without the lock (a mistake is reported without making anything), then again under the archive's lock
// (no send or inbox appends meanwhile) and appended, fsync'd, as every other record.
import { foldLedger, type LedgerState } from '../../core/delivery/ledger.js';
import type { PostPlan } from '../../core/delivery/post.js';
import { InputError } from '../../core/errors.js';
import type { Problem } from '../../core/types.js';
import { LEDGER_FILE } from '../archive/layout.js';
import { writing } from '../archive/write-error.js';
import { LedgerJournal, readLedgerFile } from './journal.js';
import { acquireRunLock } from './lock.js';

/**
 * Appends the records `decide` makes of the ledger's state. `earlier` (the command line's problems) and the plan's
 * problems are thrown together, as one InputError, before anything is written.
 */
export async function recordPostEvents(out: string, shownAs: string, earlier: readonly Problem[], decide: (state: LedgerState) => PostPlan): Promise<PostPlan> {
  const first = decide(await readState(out, shownAs));
  if (earlier.length > 0 || first.problems.length > 0) throw new InputError([...earlier, ...first.problems]);
  if (first.records.length === 0) return first; // all recorded before: nothing to write, not even the lock
  const lock = await acquireRunLock(out);
  try {
    const plan = decide(await readState(out, shownAs)); // what another command recorded meanwhile counts
    if (plan.problems.length > 0) throw new InputError(plan.problems);
    if (plan.records.length === 0) return plan;
    const journal = await writing(LEDGER_FILE, () => LedgerJournal.open(out));
    try {
      await writing(LEDGER_FILE, () => journal.append(...plan.records));
    } finally {
      await journal.close();
    }
    return plan;
  } finally {
    await lock.release();
  }
}

async function readState(out: string, shownAs: string): Promise<LedgerState> {
  return foldLedger((await readLedgerFile(out, { shownAs })).records);
}
