// One send run per archive at a time: two runs reading the same ledger would both send what neither has recorded.
//
// The lock is the directory <archive>/.send.lock/ holding exactly one file, named after its holder and unique per
// acquisition (core/delivery/lock-holder.ts), with the holder's identity (pid, host, process start time) inside.
// Why of N racing runs exactly one proceeds:
// - Taking the lock is one rename(2) of a finished temp directory (holder file written and fsync'd) onto .send.lock.
//   Renaming a directory onto an absent or EMPTY directory succeeds atomically; onto a non-empty one it fails
//   (ENOTEMPTY/EEXIST). That is a compare-and-swap on "nobody holds it", and the lock is never seen half-made.
// - Taking over a dead holder's lock unlinks THAT holder's file by its unique name, then retries the rename. If a racer
//   got there first, the file is already gone (ENOENT) and the racer's own file, which has another name, is untouched;
//   the retried rename fails on it and we refuse, naming the racer. No step removes a lock by its path alone.
// - Release unlinks our file, then removes the directory; that rmdir fails harmlessly if the next run's lock is already
//   in place.
// A crash while taking the lock can leave a `.send.lock.tmp-*` folder behind; it is never mistaken for a lock.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../../core/errors.js';
import { describeHolder, holderFileName, parseHolder, type LockHolder } from '../../core/delivery/lock-holder.js';
import { writing } from '../archive/write-error.js';
import { syncDirectory } from '../archive/atomic.js';
import { currentHolder, holderState, pidExists } from './lock-holder.js';

export type { LockHolder } from '../../core/delivery/lock-holder.js';

const LOCK_DIR = '.send.lock';
/** Each round either takes the lock, refuses, or removes one dead holder's lock; more rounds mean runs that keep
 * taking and releasing it within milliseconds. */
const ROUNDS = 8;

export interface RunLock {
  readonly holder: LockHolder;
  /** Gives the lock up; a second call does nothing. */
  release(): Promise<void>;
}

/** Takes `<out>/.send.lock/`, or throws RefusedError (exit 3) naming the run that holds it. */
export async function acquireRunLock(out: string): Promise<RunLock> {
  // A disk that is full or read-only is the machine's fault, said as such (exit 1), never an internal error.
  await writing(LOCK_DIR, () => fs.mkdir(out, { recursive: true }));
  const holder = await currentHolder();
  const lockDir = path.join(out, LOCK_DIR);
  const fileName = holderFileName(holder, randomUUID());
  const temp = path.join(out, `${LOCK_DIR}.tmp-${randomUUID()}`);
  try {
    await writing(LOCK_DIR, () => writeHolderDir(temp, fileName, holder));
    for (let round = 0; round < ROUNDS; round++) {
      if (await renameOnto(temp, lockDir)) {
        await syncDirectory(out);
        return heldLock(out, path.join(lockDir, fileName), holder);
      }
      await clearIfHolderDead(lockDir);
    }
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
  throw new RefusedError(`could not take the archive lock ${lockDir}: other send runs kept taking it`, 'try again once no other send is running');
}

async function writeHolderDir(dir: string, fileName: string, holder: LockHolder): Promise<void> {
  await fs.mkdir(dir);
  const handle = await fs.open(path.join(dir, fileName), 'wx');
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dir);
}

/** True if the rename landed; false if something is in the way (a holder's directory, or a 0.1 lock file). */
async function renameOnto(temp: string, lockDir: string): Promise<boolean> {
  try {
    await fs.rename(temp, lockDir);
    return true;
  } catch (error) {
    if (hasCode(error, 'ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR')) return false;
    throw error;
  }
}

/** Refuses if the lock in place has a live or uncheckable holder; removes it if its holder is dead. */
async function clearIfHolderDead(lockDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(lockDir);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return; // released meanwhile: try again
    if (hasCode(error, 'ENOTDIR')) return takeOverLegacyLock(lockDir);
    throw error;
  }
  if (entries.length === 0) return; // a takeover or a release half done: try again
  const byHand = `remove ${lockDir} by hand once no send is running`;
  if (entries.length > 1) throw new RefusedError(`the archive lock ${lockDir} holds ${entries.length} files, not one: ${entries.join(', ')}`, byHand);
  const file = path.join(lockDir, entries[0]!);
  const holder = await readHolderFile(file, byHand);
  if (holder === undefined) return; // taken over meanwhile: try again
  const state = await holderState(holder);
  if (state === 'alive') throw holderRefusal(holder, `wait for it to finish, or stop process ${holder.pid}`);
  if (state === 'elsewhere') throw holderRefusal(holder, `a run on another host cannot be checked from here; ${byHand}`);
  // The holder died (killed, crashed): its ledger records stand, its lock does not.
  await unlinkIfPresent(file);
}

async function readHolderFile(file: string, hint: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined;
    throw new RefusedError(`cannot read the archive lock file ${file}: ${(error as Error).message}`, hint);
  }
  const holder = parseHolder(text);
  if (typeof holder === 'string') throw new RefusedError(`the archive lock file ${file} ${holder}`, hint);
  return holder;
}

const holderRefusal = (holder: LockHolder, hint: string): RefusedError => new RefusedError(`another send is running on this archive: ${describeHolder(holder)}`, hint);

/**
 * Version 0.1 locked with a plain FILE .send.lock holding {pid, at} (no host, no start time). A live pid: refuse. A dead
 * one: unlink the file. Unlink fails on a directory (EISDIR, EPERM), so if a racer has meanwhile replaced the file by
 * its own lock directory, that lock stays and the next round finds it. Renaming the file aside would not be
 * conditional like that (it would move a racer's fresh lock just the same), and the file holds nothing worth keeping.
 */
async function takeOverLegacyLock(lockPath: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT', 'EISDIR')) return; // replaced meanwhile: try again
    throw error;
  }
  const { pid, at } = legacyHolder(text);
  const byHand = `remove the file ${lockPath} by hand once no send is running`;
  if (pid === undefined) throw new RefusedError(`the archive lock file ${lockPath} (version 0.1) has no valid "pid"`, byHand);
  if (pidExists(pid))
    throw new RefusedError(`another send is running on this archive: process ${pid} since ${at} (a version 0.1 lock)`, `wait for it to finish; if process ${pid} is not a send, ${byHand}`);
  try {
    await fs.unlink(lockPath);
  } catch (error) {
    if (!hasCode(error, 'ENOENT', 'EISDIR', 'EPERM')) throw error;
  }
}

function legacyHolder(text: string): { pid: number | undefined; at: string } {
  try {
    const value = JSON.parse(text) as { pid?: unknown; at?: unknown };
    const pid = Number.isSafeInteger(value.pid) && (value.pid as number) > 0 ? (value.pid as number) : undefined;
    return { pid, at: typeof value.at === 'string' ? value.at : 'an unknown time' };
  } catch {
    return { pid: undefined, at: 'an unknown time' };
  }
}

function heldLock(out: string, file: string, holder: LockHolder): RunLock {
  let released = false;
  return {
    holder,
    async release() {
      if (released) return;
      released = true;
      await unlinkIfPresent(file);
      // Best effort: fails (ENOTEMPTY) when the next run's lock is already in place, which is as it should be.
      await fs.rmdir(path.dirname(file)).catch(() => undefined);
      await syncDirectory(out);
    },
  };
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && codes.includes(code);
}
