// The review site's folder is replaced whole: the new site is written into a temporary folder beside it and renamed
// into place, so a reader never sees half a site. Only a folder this command made (it holds MARKER_FILE) is ever
// replaced: `--out .` or `--out petitions` is refused, not emptied.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError, problem } from '../../core/errors.js';

export const MARKER_FILE = '.petition-review';
export const MARKER_TEXT = 'A review site written by `petition review`; the next review replaces this folder whole.\n';

const HINT = 'choose another --out, or remove the folder if it is yours to remove; petition review replaces only a folder it made';

async function lstatOrUndefined(file: string): Promise<Awaited<ReturnType<typeof fs.lstat>> | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Refuses an `out` that exists and is not an earlier review site; returns a new empty temporary folder beside it. */
export async function prepareSiteFolder(out: string, shownAs: string): Promise<string> {
  const refuse = (message: string): never => {
    throw new InputError([problem(shownAs, undefined, '--out', message, HINT)]);
  };
  const stat = await lstatOrUndefined(out);
  if (stat?.isSymbolicLink()) refuse('is a link; the review site is written only into a real folder');
  if (stat && !stat.isDirectory()) refuse('is a file, not a folder');
  if (stat && (await lstatOrUndefined(path.join(out, MARKER_FILE)))?.isFile() !== true) refuse(`exists and is not a review site (it has no ${MARKER_FILE}); nothing was written`);
  const parent = path.dirname(out);
  const parentStat = await lstatOrUndefined(parent);
  if (!parentStat?.isDirectory()) refuse(`cannot be made: ${path.dirname(shownAs)} is not a folder`);
  const temp = path.join(parent, `.${path.basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  await fs.mkdir(temp);
  return temp;
}

/** Puts the finished site in place of the old one (if any), which is removed after. */
export async function publishSite(temp: string, out: string): Promise<void> {
  await fs.writeFile(path.join(temp, MARKER_FILE), MARKER_TEXT);
  if (!(await lstatOrUndefined(out))) {
    await fs.rename(temp, out);
    return;
  }
  // A folder cannot be renamed over a non-empty one: the old site steps aside first, and comes back if the new
  // one cannot take its place. Between the two renames there is no site, never a mixed one.
  const old = `${temp.replace(/\.partial$/, '')}.old`;
  await fs.rename(out, old);
  try {
    await fs.rename(temp, out);
  } catch (error) {
    await fs.rename(old, out);
    throw error;
  }
  await fs.rm(old, { recursive: true, force: true });
}

/** Removes the temporary folder of a review that failed. */
export const discardSite = (temp: string): Promise<void> => fs.rm(temp, { recursive: true, force: true });
