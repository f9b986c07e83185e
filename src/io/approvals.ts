// A petition's approvals live in its own folder, committed and reviewed with it: `approvals.jsonl` (one line per
// approval, appended and fsync'd) and `approved/<addressee>.<language>.txt`, the text of each letter as last approved,
// which a reviewer of the repository reads in the diff and `petition review` compares a changed letter with.
import { letterStem } from '../core/follow-up.js';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalLine, letterApprovals, parseApprovals, type ApprovalRecord, type LetterApproval } from '../core/approval.js';
import type { PetitionPlan } from '../core/campaign.js';
import type { Letter, Petition, Problem } from '../core/types.js';
import { writeFileAtomic, syncDirectory } from './archive/atomic.js';
import { refuseLink } from './archive/safe-path.js';
import { displayPath, readTextFile } from './project.js';

export const APPROVALS_FILE = 'approvals.jsonl';
export const APPROVED_DIR = 'approved';

export const approvalsFile = (petition: Pick<Petition, 'dir'>): string => join(petition.dir, APPROVALS_FILE);
export const approvedTextFile = (petition: Pick<Petition, 'dir'>, letter: Pick<Letter, 'addresseeId' | 'language' | 'followUp'>): string =>
  join(petition.dir, APPROVED_DIR, `${letterStem(letter)}.${letter.language}.txt`);

/** Every approval of the petition, in file order; no file is no approvals. A damaged line is a problem at its line. */
export function readApprovals(petition: Pick<Petition, 'dir' | 'slug'>, cwd: string): { records: ApprovalRecord[]; problems: Problem[] } {
  const file = approvalsFile(petition);
  if (!existsSync(file)) return { records: [], problems: [] };
  const problems: Problem[] = [];
  const read = readTextFile(file, cwd, problems);
  if (!read) return { records: [], problems };
  return parseApprovals(read.text, displayPath(file, cwd), petition.slug);
}

/** Each of the petition's `letters` with its approval as it is now (who approved it, what it still lacks). */
export function approvalsOf(plan: PetitionPlan, letters: readonly Letter[], cwd: string): { approvals: LetterApproval[]; problems: Problem[] } {
  const { records, problems } = readApprovals(plan.petition, cwd);
  return { approvals: letterApprovals(letters, records, plan.petition.approvalsRequired), problems };
}

/** The text of the letter as last approved, if it was kept. */
export function readApprovedText(petition: Pick<Petition, 'dir'>, letter: Pick<Letter, 'addresseeId' | 'language' | 'followUp'>): string | undefined {
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
  const handle = await fs.open(file, 'a+'); // a+: the end of the file is read to see it ends a line
  try {
    const lead = await closeLastLine(handle);
    await handle.write(lead + records.map(approvalLine).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(petition.dir);
  for (const { letter, text } of texts.values()) await writeFileAtomic(approvedTextFile(petition, letter), text, { syncDirectory: false });
  if (texts.size > 0) await syncDirectory(join(petition.dir, APPROVED_DIR));
}

/**
 * What the file's end needs before a record: nothing after a line break; a line break after a whole record whose own
 * was lost (edited by hand). A cut-off record (an approve killed mid-write: not JSON, no line break) is cut away — it
 * holds no approval (parseApprovals ignores it, with a warning), and a record joined to it would be lost too.
 */
async function closeLastLine(handle: fs.FileHandle): Promise<string> {
  const { size } = await handle.stat();
  if (size === 0) return '';
  const window = Math.min(size, 1024 * 1024);
  const tail = Buffer.alloc(window);
  const { bytesRead } = await handle.read(tail, 0, window, size - window);
  const bytes = tail.subarray(0, bytesRead);
  const fragment = bytes.subarray(bytes.lastIndexOf(0x0a) + 1);
  if (fragment.length === 0) return '';
  try {
    JSON.parse(fragment.toString('utf8'));
    return '\n';
  } catch {
    await handle.truncate(size - fragment.length);
    return '';
  }
}
