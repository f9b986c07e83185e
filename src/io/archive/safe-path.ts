// Every write into the archive goes through here: no folder or file below the archive folder may be a symbolic link,
// or a letter's PDF or a ledger record would land wherever the link points. The archive folder itself (`--out`) may
// be a link: the user chose it. Components are checked with lstat before anything is created or opened, and files
// are opened with O_NOFOLLOW as well, for the link that appears in between.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, problem } from '../../core/errors.js';

// Windows has no O_NOFOLLOW (undefined there): the lstat checks are what it gets.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A new temporary file: created here and now, never an existing file or link. */
export const TEMP_FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
/** An append-only file (the ledger): read and appended, created when missing, never through a link. */
export const APPEND_FILE_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW;

const LINK_HINT = 'the archive never writes through symbolic links; remove it or choose another --out';

/** The refusal for a link at `relative` (archive-relative, forward slashes). */
export function linkRefused(relative: string): InputError {
  return new InputError([problem(relative, undefined, undefined, 'is a symbolic link inside the archive folder', LINK_HINT)]);
}

/** Creates `out` (following it if it is a link) and each folder of `relativeDir` below it, refusing any link. */
export async function ensureArchiveDir(out: string, relativeDir: string): Promise<string> {
  await fs.mkdir(out, { recursive: true });
  let dir = out;
  let relative = '';
  for (const part of components(relativeDir)) {
    dir = path.join(dir, part);
    relative = relative ? `${relative}/${part}` : part;
    const kind = await kindOf(dir);
    if (kind === 'missing') await makeDir(dir, relative);
    else if (kind !== 'dir') throw refusal(kind, relative);
  }
  return dir;
}

/** Makes ready to write the archive file `relative`: its folders exist, none of them nor the file is a link. */
export async function archiveFile(out: string, relative: string): Promise<string> {
  const dir = await ensureArchiveDir(out, path.posix.dirname(relative));
  const file = path.join(dir, path.posix.basename(relative));
  await refuseLink(file, relative);
  return file;
}

/**
 * Makes ready every archive file a run will write (archive-relative paths), before the first is written: a link
 * anywhere below the archive folder stops the run while nothing has gone through it.
 */
export async function prepareArchiveFiles(out: string, relatives: readonly string[]): Promise<void> {
  for (const dir of new Set(relatives.map((relative) => path.posix.dirname(relative)))) await ensureArchiveDir(out, dir);
  await Promise.all(relatives.map((relative) => refuseLink(path.join(out, ...relative.split('/')), relative)));
}

/** Opens the archive file `relative` for reading and appending, never through a link. */
export async function openArchiveAppend(out: string, relative: string): Promise<fs.FileHandle> {
  const file = await archiveFile(out, relative);
  try {
    return await fs.open(file, APPEND_FILE_FLAGS);
  } catch (error) {
    throw isLinkError(error) ? linkRefused(relative) : error;
  }
}

/** Refuses if `file` is a link; `shownAs` names it (archive-relative). A missing file is fine. */
export async function refuseLink(file: string, shownAs: string): Promise<void> {
  if ((await kindOf(file)) === 'link') throw linkRefused(shownAs);
}

/** The names openTemporary makes (`.<name>.<pid>-<random>.<suffix>`), with the pid, for cleaning up after a killed run. */
export const TEMPORARY_NAME = /^\..+\.(\d+)-[0-9a-f]{8}\.(?:partial|tmp)$/;

/** A fresh temporary file beside `file`, for writing it whole and renaming it into place. */
export async function openTemporary(file: string, suffix: string): Promise<{ temp: string; handle: fs.FileHandle }> {
  // A random part: a file left by a crashed run (same pid, as in a container) must not block the next one.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
  return { temp, handle: await fs.open(temp, TEMP_FILE_FLAGS, 0o666) };
}

type Kind = 'missing' | 'dir' | 'link' | 'other';

async function kindOf(file: string): Promise<Kind> {
  try {
    const stat = await fs.lstat(file);
    return stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

async function makeDir(dir: string, relative: string): Promise<void> {
  try {
    await fs.mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Made meanwhile (another lane of this run): fine if it is a real folder.
    const kind = await kindOf(dir);
    if (kind !== 'dir') throw refusal(kind, relative);
  }
}

function refusal(kind: Kind, relative: string): InputError {
  if (kind === 'link') return linkRefused(relative);
  return new InputError([problem(relative, undefined, undefined, 'is a file where the archive needs a folder', 'move it away or choose another --out')]);
}

/** O_NOFOLLOW met a link: ELOOP (Linux, macOS), EMLINK (FreeBSD). */
const isLinkError = (error: unknown): boolean => ['ELOOP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '');

function components(relativeDir: string): string[] {
  const parts = relativeDir.split('/').filter((part) => part !== '' && part !== '.');
  // Archive paths come from archivePaths, whose names never start with a dot: a ".." here is our own bug.
  if (parts.includes('..')) throw new Error(`archive path leaves the archive: ${relativeDir}`);
  return parts;
}
