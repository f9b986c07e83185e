// A petition's approvals live in its own folder, committed and reviewed with it: `approvals.jsonl` (one line per
// approval, appended and fsync'd) and `approved/<addressee>.<language>.txt`, the text of each letter as last approved,
// which a reviewer of the repository reads in the diff and `petition review` compares a changed letter with.
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalLine, parseApprovals, type ApprovalRecord } from '../core/approval.js';
import type { Letter, Petition, Problem } from '../core/types.js';
import { writeFileAtomic, syncDirectory } from './archive/atomic.js';
import { refuseLink } from './archive/safe-path.js';
import { displayPath, readTextFile } from './project.js';

export const APPROVALS_FILE = 'approvals.jsonl';
export const APPROVED_DIR = 'approved';

export const approvalsFile = (petition: Pick<Petition, 'dir'>): string => join(petition.dir, APPROVALS_FILE);
export const approvedTextFile = (petition: Pick<Petition, 'dir'>, letter: Pick<Letter, 'addresseeId' | 'language'>): string =>
  join(petition.dir, APPROVED_DIR, `${letter.addresseeId}.${letter.language}.txt`);

/** Every approval of the petition, in file order; no file is no approvals. A damaged line is a problem at its line. */
export function readApprovals(petition: Pick<Petition, 'dir' | 'slug'>, cwd: string): { records: ApprovalRecord[]; problems: Problem[] } {
  const file = approvalsFile(petition);
  if (!existsSync(file)) return { records: [], problems: [] };
  const problems: Problem[] = [];
  const read = readTextFile(file, cwd, problems);
  if (!read) return { records: [], problems };
  return parseApprovals(read.text, displayPath(file, cwd), petition.slug);
}

/** The text of the letter as last approved, if it was kept. */
export function readApprovedText(petition: Pick<Petition, 'dir'>, letter: Pick<Letter, 'addresseeId' | 'language'>): string | undefined {
  const file = approvedTextFile(petition, letter);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // never kept, or unreadable: the review then shows no comparison
  }
}

/**
 * Appends the records, whole lines, and makes them durable before returning; then keeps each letter's approved text.
 * The approvals are written first: the text is only what a later review compares with.
 */
export async function recordApprovals(petition: Pick<Petition, 'dir'>, records: readonly ApprovalRecord[], texts: ReadonlyMap<string, { letter: Letter; text: string }>): Promise<void> {
  if (records.length === 0) return;
  const file = approvalsFile(petition);
  await refuseLink(file, file);
  const created = !existsSync(file);
  const handle = await fs.open(file, 'a+'); // a+: the last byte is read to see the file ends a line
  try {
    // A file that does not end in a line break (cut short by hand) gets one first, so no record joins a broken line.
    const { size } = await handle.stat();
    const lead = size > 0 && (await lastByte(handle, size)) !== 0x0a ? '\n' : '';
    await handle.write(lead + records.map(approvalLine).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(petition.dir);
  for (const { letter, text } of texts.values()) await writeFileAtomic(approvedTextFile(petition, letter), text, { syncDirectory: false });
  if (texts.size > 0) await syncDirectory(join(petition.dir, APPROVED_DIR));
}

async function lastByte(handle: fs.FileHandle, size: number): Promise<number | undefined> {
  const byte = Buffer.alloc(1);
  const { bytesRead } = await handle.read(byte, 0, 1, size - 1);
  return bytesRead === 1 ? byte[0] : undefined;
}
