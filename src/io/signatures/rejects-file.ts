import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { csvCell } from '../../core/csv-cell.js';
import type { Reject } from '../../core/types.js';

/**
 * rejects.csv: `source,row,reason,detail`, one line per reject, every reject (the tally keeps only the first 1000).
 * Details come from the core already masked (no full email). Cells that a spreadsheet would run as a formula
 * (=, +, -, @) get a leading apostrophe, since a detail can quote a signer's text.
 */
export class RejectsFile {
  private pending: string[] = [];
  private pendingChars = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<RejectsFile> {
    await mkdir(dirname(path), { recursive: true });
    const file = new RejectsFile(await open(path, 'w'));
    file.pending.push('source,row,reason,detail\n');
    return file;
  }

  add(r: Reject): void {
    const line = `${csvCell(r.source)},${r.row},${r.reason},${csvCell(r.detail)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
  }

  /** Writes what is buffered once it is worth a system call; `force` writes it regardless. */
  async flush(force = false): Promise<void> {
    if (this.pending.length === 0 || (!force && this.pendingChars < 1 << 16)) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.handle.write(text);
  }

  async close(): Promise<void> {
    await this.flush(true);
    await this.handle.close();
  }
}

/** A rejects file of a count that rejected nothing is not left behind (it would read as a result). */
export const removeRejectsFile = (path: string): Promise<void> => rm(path, { force: true });
