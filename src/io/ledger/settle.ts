// `petition ledger settle`: a person found out what became of a letter whose delivery is unknown (asked the
// addressee's office, read the server's log) and records it, so the letter stops being reported — and, when it was
// not delivered, may be sent again. Only unknown letters can be settled; the record says it was done by hand.
import { InputError, problem } from '../../core/errors.js';
import { foldLedger, type LedgerRecord } from '../../core/delivery/ledger.js';
import { writing } from '../archive/write-error.js';
import { LEDGER_FILE } from '../archive/layout.js';
import { LedgerJournal, readLedgerFile, shownLedger } from './journal.js';
import { acquireRunLock } from './lock.js';

export type SettledAs = 'delivered' | 'not-delivered';

/** Appends the by-hand record for `letterId`; InputError (exit 2) when the letter is not unknown. */
export async function settleLetter(out: string, letterId: string, as: SettledAs, note: string, options: { shownAs?: string | undefined; now?: Date } = {}): Promise<LedgerRecord> {
  const file = shownLedger(options.shownAs);
  const lock = await acquireRunLock(out); // never while a send is writing the same ledger
  try {
    const { records } = await readLedgerFile(out, { shownAs: options.shownAs });
    const entry = foldLedger(records).letters.get(letterId);
    if (!entry) throw new InputError([problem(file, undefined, letterId, 'has no record in this ledger', 'give a letter id as `petition status` shows it, e.g. <petition>/<addressee>/<lang>')]);
    if (entry.status !== 'unknown')
      throw new InputError([problem(file, undefined, letterId, `is ${entry.status}, not unknown: there is nothing to settle`, 'only a letter whose delivery is unknown can be settled by hand')]);
    const record: LedgerRecord = {
      v: 1,
      at: (options.now ?? new Date()).toISOString(),
      letter: letterId,
      event: as === 'delivered' ? 'sent' : 'deferred',
      contentHash: entry.contentHash,
      messageId: entry.messageId,
      reason: `settled by hand as ${as === 'delivered' ? 'delivered' : 'not delivered'}: ${note}`,
      byHand: true,
    };
    const journal = await writing(LEDGER_FILE, () => LedgerJournal.open(out));
    try {
      await writing(LEDGER_FILE, () => journal.append(record));
    } finally {
      await journal.close();
    }
    return record;
  } finally {
    await lock.release();
  }
}
