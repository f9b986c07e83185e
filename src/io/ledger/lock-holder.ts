// This process as a lock holder, and whether a recorded holder still runs. Only the holder's own host can tell.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { startTimeFromProcStat, type LockHolder } from '../../core/delivery/lock-holder.js';

/** alive: refuse; dead: its lock may be taken over; elsewhere: another host's process, which cannot be checked. */
export type HolderState = 'alive' | 'dead' | 'elsewhere';

export async function currentHolder(): Promise<LockHolder> {
  const [startTime, boot, pidNamespace] = await Promise.all([processStartTime(process.pid), bootId(), ownPidNamespace()]);
  return { pid: process.pid, host: os.hostname(), startTime, startedAt: new Date().toISOString(), boot, pidNamespace };
}

export async function holderState(holder: LockHolder): Promise<HolderState> {
  if (holder.host !== os.hostname()) return 'elsewhere';
  const [boot, pidNamespace] = await Promise.all([bootId(), ownPidNamespace()]);
  if (holder.boot && boot && holder.boot !== boot) return 'dead'; // the machine rebooted since the lock was taken
  if (holder.pidNamespace && pidNamespace && holder.pidNamespace !== pidNamespace) return 'elsewhere';
  if (!pidExists(holder.pid)) return 'dead';
  if (holder.startTime === null) return 'alive';
  const startTime = await processStartTime(holder.pid);
  // A different start time means the pid was reused. Where /proc cannot be read (hidepid), kill(0) is all there is:
  // better a refusal than a second sender.
  return startTime === null || startTime === holder.startTime ? 'alive' : 'dead';
}

/** Clock ticks since boot at which the process started (Linux); null elsewhere or when it cannot be read. */
export async function processStartTime(pid: number): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  try {
    return startTimeFromProcStat(await fs.readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

async function bootId(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
}

async function ownPidNamespace(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return fs.readlink('/proc/self/ns/pid').catch(() => undefined);
}

export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
