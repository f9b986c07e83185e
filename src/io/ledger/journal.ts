// ledger.jsonl: one JSON record per line, appended and fsync'd before the caller goes on.
// Appends that arrive while a write is under way are written and fsync'd together (group commit),
// so concurrent sends share a disk flush without any of them going ahead of its own record.
// Records whose loss is safe (appendLazily) are written at once and fsync'd with the next durable one, or at close.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { foldLedger, type LedgerRecord, type LedgerState } from '../../core/delivery/ledger.js';
import { damageProblems, recoveryHint, scanLedger, scanWarnings, tornLineMarker, type LedgerScan } from '../../core/delivery/ledger-scan.js';
import type { ArchiveEvidence } from '../../core/delivery/ledger-recovery.js';
import { InputError, problem } from '../../core/errors.js';
import type { Problem } from '../../core/types.js';
import { syncDirectory } from '../archive/atomic.js';
import { LEDGER_FILE } from '../archive/layout.js';
import { openArchiveAppend } from '../archive/safe-path.js';
import { archiveEvidence } from './evidence.js';

export interface LedgerFile {
  records: LedgerRecord[];
  /** `ledger.jsonl:LINE: …` for every torn line that was ignored. */
  warnings: string[];
}

export interface LedgerReadOptions {
  /** The archive folder as the user gave it (e.g. `archive`): names the ledger in problems and hints. */
  shownAs?: string | undefined;
}

/** The ledger as the user knows it: `archive/ledger.jsonl`, or `ledger.jsonl` (relative to the archive folder). */
export const shownLedger = (shownAs: string | undefined): string => (shownAs ? `${shownAs.replace(/[\\/]+$/, '')}/${LEDGER_FILE}` : LEDGER_FILE);

/** The raw scan of `<out>/ledger.jsonl`; `undefined` when there is none. */
export async function scanLedgerFile(out: string): Promise<LedgerScan | undefined> {
  try {
    return scanLedger(await fs.readFile(path.join(out, LEDGER_FILE)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Every record of the ledger. Throws `InputError` naming every damaged line (zeroed, not JSON, the wrong shape): a
 * record lost there could be a `sent`, so nothing may be decided from the rest. Only torn lines are skipped, with a
 * warning. A missing ledger is empty unless the archive shows that letters were sent from it.
 */
export async function readLedgerFile(out: string, options: LedgerReadOptions = {}): Promise<LedgerFile> {
  const file = shownLedger(options.shownAs);
  const hint = recoveryHint(options.shownAs);
  const scan = await scanLedgerFile(out);
  if (!scan) {
    const evidence = await archiveEvidence(out, options.shownAs);
    if (evidence.length > 0) throw new InputError([missingLedgerProblem(file, evidence, hint)]);
    return { records: [], warnings: [] };
  }
  if (scan.damage.length > 0) throw new InputError(damageProblems(scan, file, hint), `${scan.damage.length} damaged line(s) in ${file}`);
  return { records: scan.records, warnings: scanWarnings(scan, file) };
}

export function missingLedgerProblem(file: string, evidence: readonly ArchiveEvidence[], hint: string): Problem {
  const letters = new Set(evidence.map((e) => e.letter)).size;
  return problem(file, undefined, undefined, `is missing, but the archive shows ${letters} letter(s) sent or prepared (manifest.json, mail/)`, hint);
}

/** What the ledger in `out` says about every letter. A missing ledger is an empty one. */
export async function readLedgerState(out: string, options: { since?: string | undefined } & LedgerReadOptions = {}): Promise<LedgerState> {
  const { records, warnings } = await readLedgerFile(out, options);
  const state = foldLedger(records, options);
  state.warnings.push(...warnings);
  return state;
}

interface Pending {
  text: string;
  /** Resolve only once fsync'd (else once written: the fsync follows with the batch). */
  durable: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class LedgerJournal {
  private pending: Pending[] = [];
  private writing = false;
  private failure: unknown;
  /** Lazy records written since the last fsync. */
  private unsynced = false;

  private constructor(private readonly handle: fs.FileHandle) {}

  /** Opens the ledger for appending; a torn last line is closed first, so that it stays ignorable (see TORN_LINE_NOTE). */
  static async open(out: string): Promise<LedgerJournal> {
    const existing = await scanLedgerFile(out);
    const handle = await openArchiveAppend(out, LEDGER_FILE); // never through a symbolic link
    try {
      // A new file's name must survive a power cut as well as its records.
      if (!existing) await syncDirectory(out);
      else if (existing.unterminated) await closeLastLine(handle, existing);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new LedgerJournal(handle);
  }

  /** Resolves once the records are on disk (written and fsync'd). */
  append(...records: LedgerRecord[]): Promise<void> {
    return this.enqueue(records, true);
  }

  /**
   * Resolves once the records are written; their fsync follows with the next durable record's (or at close), before
   * that record is confirmed. For records whose loss in a power cut is safe: losing an outcome leaves the letter
   * `sending`, i.e. unknown.
   */
  appendLazily(...records: LedgerRecord[]): Promise<void> {
    return this.enqueue(records, false);
  }

  private enqueue(records: LedgerRecord[], durable: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ text, durable, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const bytes = Buffer.from(batch.map((p) => p.text).join(''));
        // The file is opened for appending: every write lands at its end, whatever the position says.
        for (let written = 0; written < bytes.byteLength;) written += (await this.handle.write(bytes, written, bytes.byteLength - written)).bytesWritten;
        for (const p of batch) if (!p.durable) p.resolve();
        this.unsynced = true;
        if (!batch.some((p) => p.durable)) continue;
        await this.handle.sync();
        this.unsynced = false;
        for (const p of batch) if (p.durable) p.resolve();
      } catch (error) {
        // A ledger that cannot be written must stop the run: nothing may be sent without its record.
        this.failure = error;
        for (const p of [...batch, ...this.pending.splice(0)]) p.reject(error); // a settled promise ignores this
      }
    }
    this.writing = false;
  }

  async close(): Promise<void> {
    while (this.writing || this.pending.length > 0) await new Promise((r) => setImmediate(r));
    try {
      if (this.unsynced && !this.failure) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }
}

/** Starts the next record on a fresh line; after a torn line, a note says it is torn (readers then ignore it). */
async function closeLastLine(handle: fs.FileHandle, scan: LedgerScan): Promise<void> {
  if (scan.damage.length > 0) throw new InputError(damageProblems(scan, LEDGER_FILE, recoveryHint()), 'the ledger is damaged; nothing was sent');
  const note = scan.tornLastLine !== undefined ? `${tornLineMarker(new Date().toISOString())}\n` : '';
  await handle.appendFile(`\n${note}`);
  await handle.sync();
}
