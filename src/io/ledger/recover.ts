// `petition ledger recover`: a damaged ledger is set aside, never deleted, and replaced whole by one holding every
// readable record plus what the archive proves (see core/delivery/ledger-recovery.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { recoveredRecords, type LedgerRecovery } from '../../core/delivery/ledger-recovery.js';
export type { LedgerRecovery } from '../../core/delivery/ledger-recovery.js';
import { syncDirectory, writeFileAtomic } from '../archive/atomic.js';
import { LEDGER_FILE } from '../archive/layout.js';
import { archiveEvidence } from './evidence.js';
import { scanLedgerFile } from './journal.js';
import { acquireRunLock } from './lock.js';

export async function recoverLedger(out: string, now: Date = new Date()): Promise<LedgerRecovery> {
  // No send may append while the file is replaced.
  const lock = await acquireRunLock(out);
  try {
    const scan = await scanLedgerFile(out);
    const readable = scan?.records ?? [];
    const damage = scan?.damage ?? [];
    const evidence = scan && damage.length === 0 ? [] : await archiveEvidence(out);
    if (scan ? damage.length === 0 : evidence.length === 0) return { changed: false, missing: false, damage, kept: readable.length, recovered: [] };

    const recovered = recoveredRecords(readable, evidence);
    const movedTo = scan ? await setAside(out, now) : undefined;
    const text = [...readable, ...recovered].map((r) => `${JSON.stringify(r)}\n`).join('');
    // Replaced by rename: at every moment there is a whole ledger, the old or the new one.
    await writeFileAtomic(path.join(out, LEDGER_FILE), text);
    return { changed: true, missing: !scan, damage, kept: readable.length, recovered, movedTo };
  } finally {
    await lock.release();
  }
}

/** A second name for the damaged ledger (a hard link, else a copy), durable before the ledger is replaced. */
async function setAside(out: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const source = path.join(out, LEDGER_FILE);
  for (let n = 1; ; n++) {
    const name = `${LEDGER_FILE}.damaged-${stamp}${n > 1 ? `-${n}` : ''}`;
    try {
      await linkOrCopy(source, path.join(out, name));
      await syncDirectory(out);
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await fs.link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    // Some file systems have no hard links: copy, and make the copy durable.
    await fs.copyFile(source, target, fs.constants.COPYFILE_EXCL);
    const handle = await fs.open(target, 'r+');
    await handle.sync().finally(() => handle.close());
  }
}
