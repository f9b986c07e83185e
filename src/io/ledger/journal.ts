// ledger.jsonl: one JSON record per line, appended and fsync'd before the caller goes on.
// Appends that arrive while a write is under way are written and fsync'd together (group commit),
// so concurrent sends share a disk flush without any of them going ahead of its own record.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { foldLedger, parseLedgerLine, type LedgerRecord, type LedgerState } from '../../core/delivery/ledger.js';
import { LEDGER_FILE } from '../archive/layout.js';
import { openArchiveAppend } from '../archive/safe-path.js';

export interface LedgerFile {
  records: LedgerRecord[];
  /** `ledger.jsonl:LINE: …` for every line that could not be read. */
  warnings: string[];
}

export async function readLedgerFile(out: string): Promise<LedgerFile> {
  const file = path.join(out, LEDGER_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
    throw error;
  }
  const records: LedgerRecord[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const { record, error } = parseLedgerLine(line);
    if (record) records.push(record);
    else {
      const torn = index === lines.length - 1 && !text.endsWith('\n');
      warnings.push(`${LEDGER_FILE}:${index + 1}: ${torn ? 'ignoring a torn last line (interrupted write)' : `ignoring a line: ${error}`}`);
    }
  });
  return { records, warnings };
}

/** What the ledger in `out` says about every letter. A missing ledger is an empty one. */
export async function readLedgerState(out: string, options: { since?: string | undefined } = {}): Promise<LedgerState> {
  const { records, warnings } = await readLedgerFile(out);
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

  private constructor(private readonly handle: fs.FileHandle) {}

  static async open(out: string): Promise<LedgerJournal> {
    const handle = await openArchiveAppend(out, LEDGER_FILE);
    const { size } = await handle.stat();
    if (size > 0) {
      // A crash may have left a torn last line; start ours on a fresh line so it stays readable.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n');
    }
    return new LedgerJournal(handle);
  }

  /** Resolves once the records are on disk (written and fsync'd). */
  append(...records: LedgerRecord[]): Promise<void> {
    return this.enqueue(records, true);
  }

  /**
   * Resolves once the records are written; their fsync follows with the batch, before any later durable record is
   * confirmed. For records whose loss in a crash is safe: losing an outcome leaves the letter `sending`, i.e. unknown.
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
        for (let written = 0; written < bytes.byteLength; ) written += (await this.handle.write(bytes, written, bytes.byteLength - written)).bytesWritten;
        for (const p of batch) if (!p.durable) p.resolve();
        await this.handle.sync();
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
    await this.handle.close();
  }
}
