// Who holds an archive's send lock, in a form that survives the holder: its identity is written into the lock, and
// the lock's file is named after it so that removing a dead holder's lock can never remove anyone else's.

/** The process that holds (or held) a send lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Process start time in clock ticks since boot (Linux: /proc/<pid>/stat field 22), so a reused pid is not taken for
   * the holder; null where the platform does not tell. */
  startTime: number | null;
  /** When the lock was taken (ISO 8601), for people. */
  startedAt: string;
  /** The kernel's boot id (Linux): another one means the machine rebooted since, and the holder is gone. */
  boot?: string | undefined;
  /** The holder's pid namespace (Linux, e.g. `pid:[4026531836]`): containers sharing a host name and an archive
   * volume cannot see each other's processes, so a holder in another namespace is treated as on another host. */
  pidNamespace?: string | undefined;
}

/**
 * `<host as hex>.<pid>.<start time>.<nonce>.json`: unique per acquisition (the nonce), file-name safe whatever the host
 * name is made of, and readable at a glance (`ls`).
 */
export function holderFileName(holder: LockHolder, nonce: string): string {
  const host = Array.from(new TextEncoder().encode(holder.host), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${host}.${holder.pid}.${holder.startTime ?? 'x'}.${nonce.replace(/[^A-Za-z0-9-]/g, '')}.json`;
}

/** A holder file's content, or the reason it is not one. */
export function parseHolder(text: string): LockHolder | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'is not a JSON object';
  const { pid, host, startTime, startedAt, boot, pidNamespace } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return 'has no valid "pid"';
  if (typeof host !== 'string' || host === '') return 'has no valid "host"';
  if (startTime !== null && !(Number.isSafeInteger(startTime) && (startTime as number) >= 0)) return 'has no valid "startTime"';
  if (typeof startedAt !== 'string') return 'has no valid "startedAt"';
  if (boot !== undefined && typeof boot !== 'string') return 'has no valid "boot"';
  if (pidNamespace !== undefined && typeof pidNamespace !== 'string') return 'has no valid "pidNamespace"';
  return { pid: pid as number, host, startTime: startTime as number | null, startedAt, boot, pidNamespace };
}

/** Field 22 (starttime) of a /proc/<pid>/stat line. Field 2 is the command name in parentheses and may itself hold
 * spaces and parentheses, so the count starts after the LAST ')'. */
export function startTimeFromProcStat(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const value = fields[22 - 3]; // fields[0] is field 3 (state)
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/** "process 1234 on host h since 2026-10-23T01:00:00.000Z" */
export function describeHolder(holder: Pick<LockHolder, 'pid' | 'host' | 'startedAt'>): string {
  return `process ${holder.pid} on host ${holder.host} since ${holder.startedAt}`;
}
