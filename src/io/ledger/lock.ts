// One send run per archive at a time: two runs reading the same ledger would both send what neither has recorded.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../../core/errors.js';

const LOCK_FILE = '.send.lock';

export interface RunLock {
  release(): Promise<void>;
}

export async function acquireRunLock(out: string, pid: number = process.pid): Promise<RunLock> {
  await fs.mkdir(out, { recursive: true });
  const file = path.join(out, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(`${JSON.stringify({ pid, at: new Date().toISOString() })}\n`);
      await handle.sync();
      await handle.close();
      return { release: () => fs.rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(file);
      if (holder !== undefined && isAlive(holder)) {
        throw new RefusedError(`another send is running on this archive (process ${holder})`, `wait for it, or remove ${LOCK_FILE} if it is gone`);
      }
      // The holder died (killed, crashed): its ledger records stand, the lock does not.
      await fs.rm(file, { force: true });
    }
  }
  throw new RefusedError('could not take the archive lock', `remove ${LOCK_FILE} and try again`);
}

async function readHolder(file: string): Promise<number | undefined> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown };
    return typeof value.pid === 'number' ? value.pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
